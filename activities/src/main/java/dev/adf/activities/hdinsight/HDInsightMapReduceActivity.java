package dev.adf.activities.hdinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.Activity;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.Expressions;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.engine.JobSpec;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyBatches;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code HDInsightMapReduce} activity, including the Spark-launcher form of the Azure Spark
 * sample. It submits one Livy batch per attempt to the engine behind the activity's HDInsight linked
 * service ({@code clusterUri}: the built-in engine, {@code adf engine serve} or a real Livy) and
 * follows it to its end.
 *
 * <ul>
 *   <li>With {@code --mainClass}/{@code --class} among the arguments (the launcher form), the batch is
 *       that class from the {@code --jarFile}/{@code --appFile} jar with the application arguments
 *       ({@link SparkLaunch}); {@code --driverMemory}, {@code --executorMemory}, {@code --executorCores},
 *       {@code --numExecutors} become the batch's fields of those names, {@code --conf k=v} its conf.
 *   <li>Otherwise the batch is {@code className} from {@code jarFilePath} with {@code arguments} as
 *       they are.
 * </ul>
 *
 * <p>Jars: a {@code container/path} jar location is in the storage of {@code jarLinkedService}
 * (default: the cluster's storage) and is sent as {@code wasb://container@account.blob.core.windows.net/path},
 * or as a {@code file:} URI under the root of a local folder store ({@link JarLocations#urlsOf}); the
 * engine fetches it (the built-in blob copy job, {@code com.adf.spark.demo.Demo}, needs none).
 *
 * <p>Expressions: every {@code $$…} value of typeProperties (arguments, defines, …) is evaluated for
 * the window first, WindowStart/SliceStart = the window start (adf-v1-semantics §6).
 *
 * <p>Storage: {@code wasb://container@account…} URLs in the arguments are resolved by the job against
 * the storage linked service of the HDInsight linked service ({@code typeProperties.linkedServiceName},
 * the cluster's default storage, as on HDInsight), falling back to {@code jarLinkedService}. Its
 * connection string travels in the batch conf as a secret ({@link JobSpec#CONF_STORAGE_CONNECTION_STRING}),
 * never in the arguments.
 *
 * <p>Compute resources: while the engine queues the batch for capacity (the built-in engine says so
 * in {@code appInfo.waitingFor}; a Livy batch in {@code not_started}), the window is
 * Waiting/ComputeResources ({@link dev.adf.activities.AttemptListener#jobQueued}).
 *
 * <p>Idempotency: the batch name is the attempt's idempotency key (made URL-path safe), so a retried
 * submission of the same attempt finds the batch that already runs instead of starting a second.
 *
 * <p>Job log ({@code getDebugInfo}, {@link DebugInfo}: {@code Always} every attempt, {@code Failure}
 * attempts that failed, timed out or were canceled, {@code None} never; default {@code Failure},
 * because the run history is local and a Livy server forgets a finished batch after 10 minutes): the
 * batch's whole log (at most {@value LivyBatchRun#MAX_LOG_LINES} lines) is read once at the attempt's
 * end and given to {@link dev.adf.activities.AttemptListener#jobLog}. A log that cannot be read is
 * only a warning. An unknown getDebugInfo value fails the attempt permanently.
 *
 * <p>Cancellation: when the attempt is interrupted (policy timeout, user cancel) the log is read as
 * above and the batch deleted, which on the built-in engine returns once the job's process tree is
 * gone, before {@link InterruptedException} is rethrown. Submitting, following and stopping are
 * {@link LivyBatchRun}'s. Source: ADF v1 "Invoke MapReduce Programs from Data Factory" and
 * "Invoke Spark programs from Azure Data Factory"; Livy {@code docs/rest-api.md}.
 */
public final class HDInsightMapReduceActivity implements Activity {

  /** The ADF activity type this class runs. */
  public static final String TYPE = "HDInsightMapReduce";

  @Override
  public ActivityOutcome run(ActivityContext ctx) throws InterruptedException {
    final MapReduceTypeProperties props;
    final SparkLaunch launch;
    try {
      JsonNode resolved = Expressions.resolve(ctx.typeProperties(),
          SliceVariables.of(ctx.windowStart(), ctx.windowEnd()));
      props = MapReduceTypeProperties.from(resolved);
      launch = SparkLaunch.parse(props.arguments());
    } catch (IllegalArgumentException | ExpressionException e) {
      return ActivityOutcome.failedPermanently(e.getMessage());
    }
    Optional<LinkedServiceInfo> compute = ctx.linkedService();
    if (compute.isEmpty()) {
      return ActivityOutcome.failedPermanently(
          "activity '" + ctx.activityName() + "' names no linkedServiceName: name the HDInsight linked"
              + " service that runs it");
    }
    final LivyBatches batches;
    final CreateBatchRequest request;
    try {
      batches = ctx.engines().engineFor(compute.get());
      request = request(ctx, compute.get(), props, launch);
    } catch (IllegalArgumentException e) {
      return ActivityOutcome.failedPermanently(e.getMessage());
    }
    return new LivyBatchRun(ctx, batches, props.getDebugInfo(), lines -> {}).run(request);
  }

  /**
   * The batch for one attempt.
   *
   * @throws IllegalArgumentException when a launcher option has a malformed value
   */
  static CreateBatchRequest request(
      ActivityContext ctx, LinkedServiceInfo compute, MapReduceTypeProperties props, SparkLaunch launch) {
    boolean launcherForm = launch.mainClass() != null;
    Optional<LinkedServiceInfo> storage = ctx.linkedService(compute.text("linkedServiceName"))
        .or(() -> ctx.linkedService(props.jarLinkedService()));
    Optional<LinkedServiceInfo> jarStorage = ctx.linkedService(props.jarLinkedService()).or(() -> storage);

    Map<String, String> conf = new LinkedHashMap<>();
    Map<String, String> options = new LinkedHashMap<>(launch.conf());
    String driverMemory = options.remove("driverMemory");
    String executorMemory = options.remove("executorMemory");
    Integer executorCores = integer(options.remove("executorCores"), "--executorCores");
    Integer numExecutors = integer(options.remove("numExecutors"), "--numExecutors");
    conf.putAll(options);
    props.defines().forEach((k, v) -> conf.put("spark.adf.define." + k, v));
    String dataConnection = storage.map(s -> s.text("connectionString")).orElse(null);
    String jarsConnection = jarStorage.map(s -> s.text("connectionString")).orElse(null);
    JobSpec.putStorageConf(conf, dataConnection, jarsConnection);
    if (ctx.localStoreRoot() != null) {
      conf.put(JobSpec.CONF_STORAGE_LOCAL_ROOT, ctx.localStoreRoot().toString());
    }
    UnaryOperator<String> toUrl =
        JarLocations.urlsOf(jarStorage.map(s -> s.text("connectionString")).orElse(null), ctx.localStoreRoot());
    String appJar = launcherForm && launch.appJar() != null ? launch.appJar() : props.jarFilePath();
    String file = appJar == null ? null : toUrl.apply(appJar);
    List<String> jars = launch.jars().stream().map(toUrl).toList();
    return new CreateBatchRequest(
        file,
        null,
        launcherForm ? launch.mainClass() : props.className(),
        launcherForm ? launch.appArgs() : props.arguments(),
        jars.isEmpty() ? null : jars,
        null,
        null,
        null,
        driverMemory,
        null,
        executorMemory,
        executorCores,
        numExecutors,
        null,
        batchName(ctx.idempotencyKey()),
        conf);
  }

  /**
   * The Livy batch name of an attempt: its idempotency key with every character outside {@code
   * [A-Za-z0-9_-]} replaced by {@code .}, so it can stand in a URL path ({@code GET /batches/{name}})
   * and stays unique enough: the key ends with the attempt's run id (a UUID), so two keys that differ only
   * in a replaced character (a space, {@code :} or {@code /}) still give different names.
   */
  public static String batchName(String idempotencyKey) {
    return idempotencyKey.replaceAll("[^A-Za-z0-9_-]", ".");
  }

  private static Integer integer(String value, String option) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("launcher argument " + option + " must be a whole number, got '" + value + "'");
    }
  }
}
