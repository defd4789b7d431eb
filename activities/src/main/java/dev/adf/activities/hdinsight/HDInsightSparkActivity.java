package dev.adf.activities.hdinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.Activity;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.AdfJson;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.Expressions;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.engine.JobSpec;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyBatches;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The {@code HDInsightSpark} activity: one Livy batch per attempt on the engine behind the activity's
 * HDInsight linked service ({@code clusterUri}), followed to its end like {@link
 * HDInsightMapReduceActivity} ({@link LivyBatchRun}). Source: ADF v1 "Invoke Spark programs from Azure
 * Data Factory pipelines"; Livy {@code docs/rest-api.md}, "POST /batches".
 *
 * <p>typeProperties ({@link SparkTypeProperties}; {@code $$…} expressions are evaluated for the window
 * first): {@code rootPath} (required, {@code container/folder}), {@code entryFilePath} (required, a
 * {@code .jar} or {@code .py} relative to rootPath), {@code className} (required for a jar), {@code
 * arguments} (string array), {@code sparkConfig} (object string → string), {@code proxyUser}, {@code
 * getDebugInfo} ({@code None | Always | Failure}, default Failure), {@code sparkJobLinkedService} (the
 * storage holding the job; default the HDInsight linked service's {@code typeProperties.linkedServiceName}).
 *
 * <p>The batch ({@link #request}):
 *
 * <ul>
 *   <li>{@code file} = the URL of {@code rootPath/entryFilePath}: a {@code file:} URI under the root of
 *       a local folder store, else {@code wasb://container@account.blob.core.windows.net/path} ({@link
 *       JarLocations#urlsOf}); {@code className}, {@code args} = arguments, {@code proxyUser}, and
 *       {@code name} = the attempt's idempotency key made path-safe ({@link
 *       HDInsightMapReduceActivity#batchName}).
 *   <li>{@code jars}, {@code files}, {@code pyFiles}, {@code archives} = the URLs of every blob below
 *       {@code rootPath/jars/}, {@code files/}, {@code pyFiles/}, {@code archives/} (ADF's folder
 *       convention), listed from the job's storage in listing order; null when a folder is empty.
 *   <li>{@code conf} = sparkConfig, then the storage keys the job reads: {@link
 *       JobSpec#CONF_STORAGE_CONNECTION_STRING} (the cluster's storage, else the job's: what {@code
 *       wasb://} URLs in the arguments resolve against), {@link JobSpec#CONF_JARS_CONNECTION_STRING} (the
 *       job's storage) and {@link JobSpec#CONF_STORAGE_LOCAL_ROOT} (when the orchestrator has a local
 *       store root).
 *   <li>sparkConfig's {@code spark.driver.memory}, {@code spark.driver.cores}, {@code
 *       spark.executor.memory}, {@code spark.executor.cores} and {@code spark.executor.instances} are
 *       also sent as {@code driverMemory}, {@code driverCores}, {@code executorMemory}, {@code
 *       executorCores} and {@code numExecutors} (memory in Spark's format, {@code 512m}, {@code 1g};
 *       the built-in engine sizes its job from those fields).
 * </ul>
 *
 * <p>Errors: a malformed typeProperty, a missing linked service, an unknown getDebugInfo value and an
 * entry file that is not in the job's storage (checked before submitting; the message names the blob
 * and the linked service) fail the attempt permanently; storage that cannot be read fails it so that
 * a retry may help.
 *
 * <p>Job log: kept per getDebugInfo ({@link DebugInfo}; default Failure, because our run history is
 * local and a Livy server forgets a finished batch after 10 minutes): given to {@link
 * dev.adf.activities.AttemptListener#jobLog} and, as ADF does with the logs of a Spark job, written to
 * {@code rootPath/logs/<batch name>.log} in the job's storage (a write that fails is a warning only).
 *
 * <p>Not supported by the built-in engine: {@code pyFiles} and {@code archives} (it answers 400, a
 * permanent failure); a real Livy runs them.
 */
public final class HDInsightSparkActivity implements Activity {

  /** The ADF activity type this class runs. */
  public static final String TYPE = "HDInsightSpark";

  /** The subfolders of rootPath whose blobs go with the batch, by Livy field. */
  static final List<String> DEPENDENCY_FOLDERS = List.of("jars", "files", "pyFiles", "archives");

  /** The subfolder of rootPath the kept job log is written to. */
  static final String LOGS_FOLDER = "logs";

  @Override
  public ActivityOutcome run(ActivityContext ctx) throws InterruptedException {
    final SparkTypeProperties props;
    try {
      JsonNode resolved = Expressions.resolve(ctx.typeProperties(),
          SliceVariables.of(ctx.windowStart(), ctx.windowEnd()));
      props = SparkTypeProperties.from(resolved);
    } catch (IllegalArgumentException | ExpressionException e) {
      return ActivityOutcome.failedPermanently(e.getMessage());
    }
    Optional<LinkedServiceInfo> compute = ctx.linkedService();
    if (compute.isEmpty()) {
      return ActivityOutcome.failedPermanently("activity '" + ctx.activityName() + "' names no linkedServiceName:"
          + " name the HDInsight linked service that runs it");
    }
    final LinkedServiceInfo jobStorage;
    final String jobConnection;
    final BlobStore store;
    try {
      jobStorage = jobStorage(ctx, compute.get(), props);
      jobConnection = jobStorage.text("connectionString");
      if (jobConnection == null || jobConnection.isBlank()) {
        throw new IllegalArgumentException("linked service '" + jobStorage.name() + "' has no"
            + " typeProperties.connectionString: the Spark job's storage must be an AzureStorage linked service");
      }
      store = BlobStores.open(jobConnection, ctx.localStoreRoot());
    } catch (IllegalArgumentException e) {
      return ActivityOutcome.failedPermanently(e.getMessage());
    }
    try (store) {
      Map<String, List<String>> dependencies = new LinkedHashMap<>();
      try {
        if (!store.exists(props.container(), props.entryBlobName())) {
          return ActivityOutcome.failedPermanently("entry file " + props.container() + "/" + props.entryBlobName()
              + " does not exist in linked service '" + jobStorage.name() + "' (" + store.describe()
              + "): upload it, or fix typeProperties.rootPath/entryFilePath (case-sensitive)");
        }
        for (String folder : DEPENDENCY_FOLDERS) {
          dependencies.put(folder, blobsUnder(store, props.container(), props.folderPrefix() + folder + "/"));
        }
      } catch (IOException e) {
        return ActivityOutcome.failed("cannot read the Spark job in linked service '" + jobStorage.name() + "' ("
            + store.describe() + "): " + e.getMessage());
      }
      final LivyBatches batches;
      final CreateBatchRequest request;
      try {
        batches = ctx.engines().engineFor(compute.get());
        request = request(ctx, compute.get(), jobStorage, props, dependencies);
      } catch (IllegalArgumentException e) {
        return ActivityOutcome.failedPermanently(e.getMessage());
      }
      String logBlob = props.folderPrefix() + LOGS_FOLDER + "/" + request.name() + ".log";
      // ADF copies logs to the job's storage only when getDebugInfo says so (its default is None); our
      // default (Failure) is about the local run history only.
      boolean copyToStorage = AdfJson.text(ctx.typeProperties(), "getDebugInfo") != null;
      return new LivyBatchRun(ctx, batches, props.getDebugInfo(),
          lines -> {
            if (copyToStorage) {
              writeLog(ctx, store, props.container(), logBlob, lines);
            }
          }).run(request);
    }
  }

  /**
   * The batch for one attempt.
   *
   * @param jobStorage the storage linked service holding the job
   * @param dependencies blob names (in the job's container) by subfolder of rootPath: {@code jars},
   *     {@code files}, {@code pyFiles}, {@code archives}; a missing key is an empty folder
   */
  static CreateBatchRequest request(ActivityContext ctx, LinkedServiceInfo compute, LinkedServiceInfo jobStorage,
      SparkTypeProperties props, Map<String, List<String>> dependencies) {
    String jobConnection = jobStorage.text("connectionString");
    String dataConnection = ctx.linkedService(compute.text("linkedServiceName"))
        .map(s -> s.text("connectionString"))
        .orElse(jobConnection);
    Map<String, String> conf = new LinkedHashMap<>(props.sparkConfig());
    JobSpec.putStorageConf(conf, dataConnection, jobConnection);
    if (ctx.localStoreRoot() != null) {
      conf.put(JobSpec.CONF_STORAGE_LOCAL_ROOT, ctx.localStoreRoot().toString());
    }
    UnaryOperator<String> toUrl = JarLocations.urlsOf(jobConnection, ctx.localStoreRoot());
    String container = props.container();
    Function<String, List<String>> urls = folder -> {
      List<String> names = dependencies.getOrDefault(folder, List.of());
      return names.isEmpty() ? null : names.stream().map(n -> toUrl.apply(container + "/" + n)).toList();
    };
    Map<String, String> sc = props.sparkConfig();
    return new CreateBatchRequest(
        toUrl.apply(container + "/" + props.entryBlobName()),
        props.proxyUser(),
        props.className(),
        props.arguments(),
        urls.apply("jars"),
        urls.apply("pyFiles"),
        urls.apply("files"),
        urls.apply("archives"),
        sc.get("spark.driver.memory"),
        integer(sc.get("spark.driver.cores")),
        sc.get("spark.executor.memory"),
        integer(sc.get("spark.executor.cores")),
        integer(sc.get("spark.executor.instances")),
        null,
        HDInsightMapReduceActivity.batchName(ctx.idempotencyKey()),
        conf);
  }

  /** sparkJobLinkedService, else the cluster's storage ({@code linkedServiceName} of the HDInsight one). */
  private static LinkedServiceInfo jobStorage(ActivityContext ctx, LinkedServiceInfo compute,
      SparkTypeProperties props) {
    if (props.sparkJobLinkedService() != null) {
      return ctx.linkedService(props.sparkJobLinkedService()).orElseThrow(() -> new IllegalArgumentException(
          "typeProperties.sparkJobLinkedService '" + props.sparkJobLinkedService() + "' is not a linked service"
              + " of this factory: name the storage linked service that holds the Spark job"));
    }
    String clusterStorage = compute.text("linkedServiceName");
    if (clusterStorage == null) {
      throw new IllegalArgumentException("no storage for the Spark job: set typeProperties.sparkJobLinkedService,"
          + " or typeProperties.linkedServiceName of HDInsight linked service '" + compute.name() + "'");
    }
    return ctx.linkedService(clusterStorage).orElseThrow(() -> new IllegalArgumentException(
        "linked service '" + clusterStorage + "', the storage of HDInsight linked service '" + compute.name()
            + "', is not a linked service of this factory: deploy it, or set typeProperties.sparkJobLinkedService"));
  }

  /** The names of the blobs below {@code prefix}, folder markers (names ending in {@code /}) left out. */
  private static List<String> blobsUnder(BlobStore store, String container, String prefix) throws IOException {
    List<String> names = new ArrayList<>();
    for (Iterator<BlobItem> it = store.list(container, prefix); it.hasNext(); ) {
      String name = it.next().name();
      if (!name.endsWith("/")) {
        names.add(name);
      }
    }
    return names;
  }

  private static void writeLog(ActivityContext ctx, BlobStore store, String container, String blob,
      List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l).append('\n'));
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      store.write(container, blob, new ByteArrayInputStream(bytes), bytes.length);
      ctx.log().info("job log written to {}/{} in {}", container, blob, store.describe());
    } catch (IOException | RuntimeException e) {
      ctx.log().warn("could not write the job log to {}/{} in {}: {}", container, blob, store.describe(),
          e.getMessage());
    }
  }

  private static Integer integer(String value) {
    return value == null ? null : Integer.valueOf(value.trim()); // checked by SparkTypeProperties
  }
}
