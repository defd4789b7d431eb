package dev.adf.activities.hdinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.Activity;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.engine.ComputeEngine;
import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import dev.adf.engine.UnknownJobClassException;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.Expressions;
import dev.adf.activities.expression.SliceVariables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code HDInsightMapReduce} activity, including the Spark-launcher form of the Azure Spark
 * sample. It submits one job per attempt to the engine behind the activity's HDInsight linked
 * service and waits for it.
 *
 * <ul>
 *   <li>With {@code --mainClass}/{@code --class} among the arguments (the launcher form), the job is
 *       that class with the application arguments ({@link SparkLaunch}); memory and core options
 *       become the job's conf.
 *   <li>Otherwise the job is {@code className} with {@code arguments} as they are.
 * </ul>
 *
 * <p>Expressions: every {@code $$…} value of typeProperties (arguments, defines, …) is evaluated for
 * the window first, WindowStart/SliceStart = the window start (adf-v1-semantics §6).
 *
 * <p>Storage: {@code wasb://container@account…} URLs in the arguments are resolved by the job against
 * the storage linked service of the HDInsight linked service ({@code typeProperties.linkedServiceName},
 * the cluster's default storage, as on HDInsight), falling back to {@code jarLinkedService}. Its
 * connection string travels in the job conf as a secret, never in the arguments.
 *
 * <p>Cancellation: when the attempt is interrupted (policy timeout, user cancel) the engine job is
 * killed and the kill confirmed before {@link InterruptedException} is rethrown. Source: ADF v1
 * "Invoke MapReduce Programs from Data Factory" and "Invoke Spark programs from Azure Data Factory".
 */
public final class HDInsightMapReduceActivity implements Activity {

  /** The ADF activity type this class runs. */
  public static final String TYPE = "HDInsightMapReduce";

  /** How long a killed job may take to stop cooperatively before it is forced. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

  private static final Duration AWAIT_SLICE = Duration.ofMinutes(1);

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
    boolean launcherForm = launch.mainClass() != null;
    String mainClass = launcherForm ? launch.mainClass() : props.className();

    Map<String, String> conf = new LinkedHashMap<>(launch.conf());
    props.defines().forEach((k, v) -> conf.put("define." + k, v));
    storageFor(ctx, compute.get(), props)
        .map(s -> s.text("connectionString"))
        .ifPresent(cs -> conf.put(JobSpec.CONF_STORAGE_CONNECTION_STRING, cs));
    if (ctx.localStoreRoot() != null) {
      conf.put(JobSpec.CONF_STORAGE_LOCAL_ROOT, ctx.localStoreRoot().toString());
    }

    final ComputeEngine engine;
    final JobId id;
    try {
      engine = ctx.engines().engineFor(compute.get());
      JobSpec spec =
          new JobSpec(
              ctx.pipelineName() + "/" + ctx.activityName() + "/" + ctx.windowStart(),
              mainClass,
              launch.jars(),
              launcherForm ? launch.appArgs() : props.arguments(),
              conf,
              ctx.idempotencyKey());
      ctx.log().info("submitting {}", spec);
      id = engine.submit(spec);
    } catch (IllegalArgumentException | UnknownJobClassException e) {
      return ActivityOutcome.failedPermanently(e.getMessage());
    }
    // From here on the job exists: whatever happens, it must not outlive the attempt.
    JobStatus status;
    try {
      status = engine.status(id);
      ctx.listener().jobSubmitted(id, String.valueOf(status.logFile()));
      while (!status.state().isTerminal()) {
        status = engine.await(id, AWAIT_SLICE);
      }
    } catch (InterruptedException e) {
      JobStatus killed = engine.kill(id, DEFAULT_KILL_GRACE);
      ctx.log().info("engine job {} stopped: {}", id, killed.state());
      throw e;
    } catch (RuntimeException e) {
      engine.kill(id, DEFAULT_KILL_GRACE);
      throw e;
    }
    if (status.state() == JobState.SUCCEEDED) {
      return ActivityOutcome.success();
    }
    return ActivityOutcome.failed(
        "engine job " + id + " ended " + status.state()
            + (status.error() == null ? "" : ": " + status.error())
            + " (log: " + status.logFile() + ")");
  }

  private static Optional<LinkedServiceInfo> storageFor(
      ActivityContext ctx, LinkedServiceInfo compute, MapReduceTypeProperties props) {
    return ctx.linkedService(compute.text("linkedServiceName"))
        .or(() -> ctx.linkedService(props.jarLinkedService()));
  }
}
