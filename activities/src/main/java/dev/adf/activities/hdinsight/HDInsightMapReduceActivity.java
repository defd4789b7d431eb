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
import dev.adf.engine.livy.Batch;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyBatches;
import dev.adf.engine.livy.LivyException;
import dev.adf.engine.livy.LivyState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * (default: the cluster's storage) and is sent as {@code wasb://container@account.blob.core.windows.net/path};
 * the engine fetches it (the built-in blob copy job, {@code com.adf.spark.demo.Demo}, needs none).
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
 * <p>Cancellation: when the attempt is interrupted (policy timeout, user cancel) the batch is deleted,
 * which on the built-in engine returns once the job's process tree is gone, before {@link
 * InterruptedException} is rethrown. Source: ADF v1 "Invoke MapReduce Programs from Data Factory" and
 * "Invoke Spark programs from Azure Data Factory"; Livy {@code docs/rest-api.md}.
 */
public final class HDInsightMapReduceActivity implements Activity {

  /** The ADF activity type this class runs. */
  public static final String TYPE = "HDInsightMapReduce";

  /** Longest wait per poll while the batch runs. */
  private static final Duration RUNNING_POLL = Duration.ofSeconds(30);

  /** Longest wait per poll before it runs (so a change of what it waits for is seen). */
  private static final Duration STARTING_POLL = Duration.ofSeconds(1);

  /** Log lines read to find why a failed batch failed. */
  private static final int FAILURE_LOG_LINES = 200;

  /** Consecutive failed polls (engine unreachable) after which the attempt fails. */
  private static final int MAX_POLL_FAILURES = 5;

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
    ctx.log().info("submitting {} to {}", request, batches.describe());
    Batch batch;
    try {
      batch = batches.create(request);
    } catch (LivyException e) {
      String msg = "submitting the batch to " + batches.describe() + " failed: " + e.getMessage();
      return e.status() == 400 ? ActivityOutcome.failedPermanently(msg) : ActivityOutcome.failed(msg);
    }
    // From here on the batch exists: whatever happens, it must not outlive the attempt.
    try {
      return follow(ctx, batches, batch);
    } catch (InterruptedException e) {
      stop(ctx, batches, batch.id());
      throw e;
    } catch (RuntimeException e) {
      stop(ctx, batches, batch.id());
      throw e;
    }
  }

  private static ActivityOutcome follow(ActivityContext ctx, LivyBatches batches, Batch batch)
      throws InterruptedException {
    int id = batch.id();
    ctx.listener().jobSubmitted(String.valueOf(id), appInfo(batch, "driverLogUrl"));
    boolean queued = false;
    boolean running = false;
    int failures = 0;
    while (true) {
      LivyState state = LivyState.parse(batch.state());
      if (state.isFinal()) {
        if (queued && !running) {
          ctx.listener().jobRunning(); // it left the queue, ran and ended between two looks
        }
        return outcome(batches, batch, state);
      }
      String waitingFor = appInfo(batch, "waitingFor");
      if (waitingFor != null || state == LivyState.NOT_STARTED) {
        if (!queued) {
          ctx.listener().jobQueued(waitingFor != null ? waitingFor : "the batch is not started yet");
          queued = true;
        }
      } else if (state == LivyState.RUNNING && !running) {
        if (queued) {
          ctx.listener().jobRunning();
        }
        running = true;
      }
      Duration poll = state == LivyState.RUNNING ? RUNNING_POLL : STARTING_POLL;
      try {
        Optional<Batch> next = batches.awaitChange(id, batch.state(), poll);
        failures = 0;
        if (next.isEmpty()) {
          return ActivityOutcome.failed("batch " + id + " disappeared from " + batches.describe() + " while "
              + batch.state() + " (deleted by someone else, or the server forgot it)");
        }
        batch = next.get();
      } catch (LivyException e) {
        if (++failures >= MAX_POLL_FAILURES) {
          stop(ctx, batches, id);
          return ActivityOutcome.failed("lost contact with " + batches.describe() + " while batch " + id + " was "
              + batch.state() + ": " + e.getMessage());
        }
        ctx.log().warn("polling batch {} on {} failed ({} of {}): {}", id, batches.describe(), failures,
            MAX_POLL_FAILURES, e.getMessage());
      }
    }
  }

  private static ActivityOutcome outcome(LivyBatches batches, Batch batch, LivyState state) {
    if (state.isSuccess()) {
      return ActivityOutcome.success();
    }
    List<String> tail = batch.log() == null ? List.of() : batch.log();
    try {
      tail = batches.log(batch.id(), null, FAILURE_LOG_LINES).log();
    } catch (LivyException e) {
      // the batch's own last lines will do
    }
    String reason = FailureLines.reason(tail);
    return ActivityOutcome.failed("batch " + batch.id() + " on " + batches.describe() + " ended " + state.wireName()
        + (reason.isEmpty() ? "" : ": " + reason)
        + (appInfo(batch, "driverLogUrl") == null ? "" : " (log: " + appInfo(batch, "driverLogUrl") + ")"));
  }

  private static void stop(ActivityContext ctx, LivyBatches batches, int id) {
    boolean interrupted = Thread.interrupted();
    try {
      boolean deleted = batches.delete(id);
      ctx.log().info("batch {} on {} {}", id, batches.describe(), deleted ? "deleted (job stopped)" : "was already gone");
    } catch (LivyException e) {
      ctx.log().warn("could not delete batch {} on {}: {}", id, batches.describe(), e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String appInfo(Batch b, String key) {
    return b.appInfo() == null ? null : b.appInfo().get(key);
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
    props.defines().forEach((k, v) -> conf.put("define." + k, v));
    storage.map(s -> s.text("connectionString"))
        .ifPresent(cs -> conf.put(JobSpec.CONF_STORAGE_CONNECTION_STRING, cs));
    jarStorage.map(s -> s.text("connectionString"))
        .ifPresent(cs -> conf.put(JobSpec.CONF_JARS_CONNECTION_STRING, cs));
    if (ctx.localStoreRoot() != null) {
      conf.put(JobSpec.CONF_STORAGE_LOCAL_ROOT, ctx.localStoreRoot().toString());
    }
    String jarConnection = jarStorage.map(s -> s.text("connectionString")).orElse(null);
    java.util.function.UnaryOperator<String> toUrl;
    java.nio.file.Path jarLocalRoot = localRootOf(jarConnection, ctx.localStoreRoot());
    if (jarLocalRoot != null) {
      toUrl = j -> JarLocations.toLocalUrl(j, jarLocalRoot);
    } else {
      String account = JarLocations.accountOf(jarConnection);
      toUrl = j -> JarLocations.toUrl(j, account);
    }
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
   * and stays unique (ADF names hold only letters, digits, {@code _} and {@code -}).
   */
  static String batchName(String idempotencyKey) {
    return idempotencyKey.replaceAll("[^A-Za-z0-9_-]", ".");
  }

  /** The root folder when {@code connectionString} names a local folder store, else null. */
  private static java.nio.file.Path localRootOf(String connectionString, java.nio.file.Path defaultRoot) {
    if (connectionString == null) {
      return null;
    }
    try {
      var cs = dev.adf.engine.storage.StorageConnectionString.parse(connectionString, defaultRoot);
      return cs.isLocal() ? cs.localRoot() : null;
    } catch (IllegalArgumentException e) {
      return null; // not usable anyway: the job reports it
    }
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
