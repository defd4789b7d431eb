package dev.adf.activities.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.ActivityTypes;
import dev.adf.activities.AttemptListener;
import dev.adf.engine.JobSpec;
import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.livy.Batch;
import dev.adf.engine.livy.CreateBatchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HDInsightSpark activity on a real built-in engine, with its job in a local folder store. */
class HDInsightSparkActivityTest {

  static final String ROOT = "adfspark/demo";
  static final String COPY_ARGS = "['input=wasb://input@local/data', 'output=wasb://output@local/results']";

  @TempDir Path tmp;
  EngineFixture f;
  EngineFixture.Recording listener;
  final HDInsightSparkActivity activity = new HDInsightSparkActivity();

  @BeforeEach
  void start() throws Exception {
    f = new EngineFixture(tmp);
    listener = new EngineFixture.Recording(f.batches);
    f.putJar(ROOT + "/spark-demo.jar");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  ActivityContext context(String typeProperties) {
    return f.context(HDInsightSparkActivity.TYPE, "SparkActivity", typeProperties, listener);
  }

  static String copyJob(String extra) {
    return "{'rootPath': '" + ROOT + "', 'entryFilePath': 'spark-demo.jar', 'className': 'com.adf.spark.demo.Demo',"
        + " 'arguments': " + COPY_ARGS + extra + "}";
  }

  @Test
  void isABuiltInActivityType() {
    assertThat(ActivityTypes.builtIn().find("hdinsightspark")).get().isInstanceOf(HDInsightSparkActivity.class);
  }

  @Test
  void mapsTypePropertiesAndTheRootPathFoldersOntoOneLivyBatch() throws Exception {
    f.putJar(ROOT + "/jars/b.jar");
    f.putJar(ROOT + "/jars/a.jar");
    f.put(ROOT + "/files/conf/app.properties", "x=1");
    f.put(ROOT + "/pyFiles/helpers.py", "");
    f.put(ROOT + "/archives/env.zip", "");
    f.put(ROOT + "/logs/old.log", "not a dependency");
    f.put("adfspark/demoOther/jars/c.jar", "a sibling folder with the same prefix: not listed");
    ActivityContext ctx = f.context(HDInsightSparkActivity.TYPE, "SparkActivity", EngineFixture.JSON.readTree("""
        {"RootPath": "adfspark\\\\demo\\\\", "entryFilePath": "./spark-demo.jar", "className": "com.example.Main",
         "arguments": ["--date", "$$Text.Format('{0:yyyyMMdd}', WindowStart)"],
         "sparkConfig": {"spark.driver.memory": "256m", "spark.executor.memory": "1g", "spark.executor.cores": "2",
                         "spark.executor.instances": "3", "spark.driver.cores": "1", "spark.eventLog.enabled": "false"},
         "proxyUser": "sparkuser", "getDebugInfo": "Always"}"""), listener);
    SparkTypeProperties props = SparkTypeProperties.from(
        dev.adf.activities.expression.Expressions.resolve(ctx.typeProperties(),
            dev.adf.activities.expression.SliceVariables.of(ctx.windowStart(), ctx.windowEnd())));
    Map<String, List<String>> deps = new java.util.LinkedHashMap<>();
    try (var store = dev.adf.engine.storage.BlobStores.open("UseLocalStore=true", f.storeRoot)) {
      for (String folder : HDInsightSparkActivity.DEPENDENCY_FOLDERS) {
        List<String> names = new java.util.ArrayList<>();
        store.list("adfspark", props.folderPrefix() + folder + "/").forEachRemaining(b -> names.add(b.name()));
        deps.put(folder, names);
      }
    }

    CreateBatchRequest r = HDInsightSparkActivity.request(ctx, ctx.linkedService().orElseThrow(),
        ctx.linkedService(EngineFixture.STORAGE).orElseThrow(), props, deps);

    String root = f.storeRoot.toUri() + "adfspark/demo/";
    assertThat(r.file()).isEqualTo(root + "spark-demo.jar");
    assertThat(r.className()).isEqualTo("com.example.Main");
    assertThat(r.args()).containsExactly("--date", "20151116");
    assertThat(r.jars()).containsExactly(root + "jars/a.jar", root + "jars/b.jar");
    assertThat(r.files()).containsExactly(root + "files/conf/app.properties");
    assertThat(r.pyFiles()).containsExactly(root + "pyFiles/helpers.py");
    assertThat(r.archives()).containsExactly(root + "archives/env.zip");
    assertThat(r.driverMemory()).isEqualTo("256m");
    assertThat(r.executorMemory()).isEqualTo("1g");
    assertThat(r.executorCores()).isEqualTo(2);
    assertThat(r.numExecutors()).isEqualTo(3);
    assertThat(r.driverCores()).isEqualTo(1);
    assertThat(r.proxyUser()).isEqualTo("sparkuser");
    assertThat(r.name()).isEqualTo("SparkPipeline.SparkActivity.2015-11-16T00.00.00Z.1");
    assertThat(r.conf()).containsEntry("spark.eventLog.enabled", "false")
        .containsEntry("spark.executor.memory", "1g")
        .containsEntry(JobSpec.CONF_STORAGE_CONNECTION_STRING, "UseLocalStore=true")
        .doesNotContainKey(JobSpec.CONF_JARS_CONNECTION_STRING) // the same storage: sent once
        .containsEntry(JobSpec.CONF_STORAGE_LOCAL_ROOT, f.storeRoot.toString());
  }

  @Test
  void emptyFoldersAreNullFieldsAndAzureStorageGivesWasbUrls() throws Exception {
    ActivityContext ctx = context("{'rootPath': 'adfspark', 'entryFilePath': 'main.py'}");
    var azure = new dev.adf.activities.LinkedServiceInfo("JobStorage", "AzureStorage", EngineFixture.json(
        "{'connectionString': 'DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=a2V5'}"));
    CreateBatchRequest r = HDInsightSparkActivity.request(ctx, ctx.linkedService().orElseThrow(), azure,
        SparkTypeProperties.from(ctx.typeProperties()), Map.of("pyFiles", List.of("pyFiles/lib.py")));
    assertThat(r.file()).isEqualTo("wasb://adfspark@acct1.blob.core.windows.net/main.py");
    assertThat(r.pyFiles()).containsExactly("wasb://adfspark@acct1.blob.core.windows.net/pyFiles/lib.py");
    assertThat(r.className()).isNull();
    assertThat(r.jars()).isNull();
    assertThat(r.files()).isNull();
    assertThat(r.archives()).isNull();
    assertThat(r.driverMemory()).isNull();
    assertThat(r.numExecutors()).isNull();
    assertThat(r.conf()).containsEntry(JobSpec.CONF_STORAGE_CONNECTION_STRING, "UseLocalStore=true") // the cluster's
        .containsEntry(JobSpec.CONF_JARS_CONNECTION_STRING,
            "DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=a2V5");
  }

  @Test
  void aSparkCopyRunsEndToEndOnTheBuiltInEngine() throws Exception {
    f.put("input/data/part-0.txt", "hello spark");
    f.put("input/data/sub/part-1.txt", "more");
    f.putJar(ROOT + "/jars/dep.jar");
    f.put(ROOT + "/files/lookup.csv", "a,b");

    ActivityOutcome outcome = activity.run(context(copyJob(", 'sparkConfig': {'spark.driver.memory': '128m'}")));

    assertThat(outcome).isEqualTo(ActivityOutcome.success());
    assertThat(Files.readString(f.storeRoot.resolve("output/results/part-0.txt"))).isEqualTo("hello spark");
    assertThat(Files.readString(f.storeRoot.resolve("output/results/sub/part-1.txt"))).isEqualTo("more");
    assertThat(listener.jobRefs).hasSize(1);
    assertThat(listener.logs).as("default getDebugInfo Failure: a success keeps no log").isEmpty();
    assertThat(f.storeRoot.resolve(ROOT + "/logs")).doesNotExist();
    Batch b = f.batches.get(listener.jobRefs.get(0)).orElseThrow();
    assertThat(b.name()).isEqualTo("SparkPipeline.SparkActivity.2015-11-16T00.00.00Z.1");
  }

  @Test
  void getDebugInfoAlwaysKeepsTheLogOfASuccessInHistoryAndInTheJobsLogsFolder() throws Exception {
    f.put("input/data/part-0.txt", "x");

    ActivityOutcome outcome = activity.run(context(copyJob(", 'getDebugInfo': 'ALWAYS'")));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(listener.logs).hasSize(1);
    assertThat(listener.logs.get(0)).anyMatch(l -> l.startsWith("blob copy done: 1 blobs"));
    Path kept = f.storeRoot.resolve(ROOT + "/logs/SparkPipeline.SparkActivity.2015-11-16T00.00.00Z.1.log");
    assertThat(Files.readAllLines(kept)).isEqualTo(listener.logs.get(0));
  }

  @Test
  void getDebugInfoFailureKeepsTheWholeLogOfAFailedJobOnceAndTheErrorIsItsRootCause() throws Exception {
    // no input: the copy fails with an IOException
    ActivityOutcome outcome = activity.run(context(copyJob(", 'getDebugInfo': 'failure'")));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.retryable()).isTrue();
    assertThat(outcome.error()).contains("ended dead: java.io.IOException: input input/data has no blobs");
    assertThat(listener.logs).hasSize(1);
    assertThat(listener.logs.get(0)).anyMatch(l -> l.contains("java.io.IOException: input input/data has no blobs"));
    assertThat(listener.batchHeldAtLog).containsExactly(true);
    assertThat(f.storeRoot.resolve(ROOT + "/logs/SparkPipeline.SparkActivity.2015-11-16T00.00.00Z.1.log")).exists();
  }

  @Test
  void getDebugInfoIsFailureWhenAbsent() throws Exception {
    ActivityOutcome outcome = activity.run(context(copyJob("")));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(listener.logs).hasSize(1);
  }

  @Test
  void getDebugInfoNoneKeepsNoLogButTheErrorStillSaysWhy() throws Exception {
    ActivityOutcome outcome = activity.run(context(copyJob(", 'getDebugInfo': 'None'")));

    assertThat(outcome.error()).contains("java.io.IOException: input input/data has no blobs");
    assertThat(listener.logs).isEmpty();
    assertThat(f.storeRoot.resolve(ROOT + "/logs")).doesNotExist();
  }

  @Test
  void anUnknownGetDebugInfoValueFailsPermanentlyNamingTheAllowedValues() throws Exception {
    ActivityOutcome outcome = activity.run(context(copyJob(", 'getDebugInfo': 'OnError'")));

    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.error()).isEqualTo("typeProperties.getDebugInfo 'OnError' is not a getDebugInfo value: use"
        + " None, Always or Failure (default Failure: keep the job log of attempts that did not succeed)");
    assertThat(listener.jobRefs).isEmpty();
    assertThat(f.engine.jobs()).isEmpty();
  }

  @Test
  void aMissingEntryFileFailsPermanentlyBeforeSubmittingNamingTheBlobAndTheLinkedService() throws Exception {
    ActivityOutcome outcome = activity.run(context(
        "{'rootPath': 'adfspark/demo', 'entryFilePath': 'Spark-Demo.jar', 'className': 'com.adf.spark.demo.Demo'}"));

    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.error()).startsWith("entry file adfspark/demo/Spark-Demo.jar does not exist in linked service '"
        + EngineFixture.STORAGE + "'");
    assertThat(f.engine.jobs()).isEmpty();
  }

  @Test
  void aNamedSparkJobLinkedServiceThatDoesNotExistFailsPermanently() throws Exception {
    ActivityOutcome outcome = activity.run(context(copyJob(", 'sparkJobLinkedService': 'NoSuchStorage'")));

    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.error()).contains("sparkJobLinkedService 'NoSuchStorage' is not a linked service");
  }

  @Test
  void aCanceledAttemptKeepsTheLogBeforeTheBatchIsDeleted() throws Exception {
    Path gate = tmp.resolve("never-created");
    ActivityContext ctx = context("{'rootPath': '" + ROOT + "', 'entryFilePath': 'spark-demo.jar', 'className': '"
        + TestJobs.WaitForFile.class.getName() + "', 'arguments': ['" + gate + "']}");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread attempt = new Thread(() -> {
      try {
        thrown.set(new AssertionError("returned " + activity.run(ctx)));
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "attempt");
    attempt.start();
    awaitLogLine("waiting for never-created", Duration.ofSeconds(60));

    attempt.interrupt();
    attempt.join(Duration.ofSeconds(60).toMillis());

    assertThat(attempt.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(listener.logs).hasSize(1);
    assertThat(listener.logs.get(0)).contains("waiting for never-created");
    assertThat(listener.batchHeldAtLog).containsExactly(true);
    assertThat(f.batches.get(listener.jobRefs.get(0))).isEmpty(); // deleted afterwards
  }

  /**
   * Waits until the attempt's job has written {@code line} to its log: for the submit through the
   * listener, then for changes of the log file through a file-system watch, both bounded by {@code max}.
   */
  private void awaitLogLine(String line, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    Path log = Path.of(listener.logLocation.get(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    try (java.nio.file.WatchService watch = log.getFileSystem().newWatchService()) {
      log.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      while (!(Files.exists(log) && Files.readString(log).contains(line))) {
        long left = deadline - System.nanoTime();
        java.nio.file.WatchKey key = left <= 0 ? null : watch.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (key == null) {
          throw new AssertionError("the job did not log '" + line + "' within " + max);
        }
        key.pollEvents();
        key.reset();
      }
    }
  }

  /** An AttemptListener whose jobLog throws must not change the outcome. */
  @Test
  void aListenerThatFailsToKeepTheLogChangesNothing() throws Exception {
    f.put("input/data/part-0.txt", "x");
    AttemptListener throwing = new AttemptListener() {
      @Override
      public void jobSubmitted(String jobRef, String logLocation) {}

      @Override
      public void jobLog(List<String> lines) {
        throw new IllegalStateException("history is full");
      }
    };
    ActivityOutcome outcome = activity.run(f.context(HDInsightSparkActivity.TYPE, "SparkActivity",
        copyJob(", 'getDebugInfo': 'Always'"), throwing));
    assertThat(outcome).isEqualTo(ActivityOutcome.success());
  }
}
