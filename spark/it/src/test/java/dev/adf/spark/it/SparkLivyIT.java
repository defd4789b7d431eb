package dev.adf.spark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.engine.livy.Batch;
import dev.adf.engine.livy.LivyHttpClient;
import dev.adf.engine.livy.LivyState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Azure Spark sample on a real Spark 3.5 standalone cluster through a real Livy 0.7.1 server: the
 * only change from the embedded default is the environment config {@code
 * conf/environments/livy-local.json}, which points the HDInsight linked service's {@code clusterUri} at
 * the Livy and the launcher at the project's Spark copy job. The orchestrator runs as a user runs it:
 * {@code adf deploy} and {@code adf run} as processes for the happy path; the harness (settable clock)
 * where a test needs to move time, for the policy timeout.
 */
@ExtendWith(SparkClusterExtension.class)
class SparkLivyIT {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String WINDOW = "2015-11-16T00:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A clean folder for one test under the integration tests' work folder (Livy's whitelist). */
  private static Path testFolder(TestInfo info) throws IOException {
    Path dir = SparkClusterExtension.work().resolve(info.getTestMethod().orElseThrow().getName());
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  /** Puts the sample input and the job jars into the home's local store, as a user uploads a job. */
  private static void prepareStore(Path storageRoot) throws IOException {
    SampleFactory.putInput(storageRoot);
    Path libs = Files.createDirectories(storageRoot.resolve("libs"));
    Files.copy(SparkClusterExtension.path("adf.it.jobJar"), libs.resolve("adf-spark-copy-job.jar"));
    Files.copy(SparkClusterExtension.path("adf.it.testJobsJar"), libs.resolve("adf-spark-test-jobs.jar"));
  }

  /**
   * {@code conf/environments/livy-local.json} with its {@code ${env:…}} values filled for {@code
   * cluster}, and the sample's launcher {@code arguments[i]} replaced where {@code arguments} says.
   */
  private static Path livyConfig(Path file, SparkCluster cluster, Map<Integer, String> arguments) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(Harness.repoRoot().resolve("conf/environments/livy-local.json").toFile());
    for (JsonNode e : root.path("HDInsightLinkedService")) {
      String v = e.path("value").asText();
      ((ObjectNode) e).put("value", v.replace("${env:ADF_LIVY_URL}", cluster.livy().toString())
          .replace("${env:ADF_LIVY_USER}", "admin").replace("${env:ADF_LIVY_PASSWORD}", "livy-has-no-auth-here"));
    }
    ArrayNode submit = (ArrayNode) root.path("SparkSubmit");
    arguments.forEach((i, value) -> {
      String path = "$.properties.activities[0].typeProperties.arguments[" + i + "]";
      ObjectNode entry = null;
      for (JsonNode e : submit) {
        if (e.path("name").asText().equals(path)) {
          entry = (ObjectNode) e;
        }
      }
      if (entry == null) {
        entry = submit.addObject().put("name", path);
      }
      entry.put("value", value);
    });
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }

  private static void assertOutputIdentical(Path storageRoot) throws IOException {
    Path out = storageRoot.resolve("output/results");
    try (Stream<Path> files = Files.walk(SampleFactory.inputData())) {
      List<Path> inputs = files.filter(Files::isRegularFile).toList();
      assertThat(inputs).hasSizeGreaterThanOrEqualTo(2);
      for (Path f : inputs) {
        Path copy = out.resolve(SampleFactory.inputData().relativize(f).toString());
        assertThat(copy).exists();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(f));
      }
      try (Stream<Path> copied = Files.walk(out)) {
        assertThat(copied.filter(Files::isRegularFile).count()).isEqualTo(inputs.size());
      }
    }
  }

  /** Runs {@code adf ARGS} as a process with {@code env} added; returns its output; fails on a non-zero exit. */
  private static String adf(Path dir, Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(dir, "adf-", ".out");
    Process p = startAdf(out, env, args);
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        throw new AssertionError("adf " + String.join(" ", args) + " did not end in 10 minutes:\n" + Files.readString(out));
      }
    } finally {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit of adf %s; output:%n%s", String.join(" ", args), text).isZero();
    return text;
  }

  /** Starts {@code adf ARGS} as a process, its output to {@code out}. */
  private static Process startAdf(Path out, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  private static LivyHttpClient livyClient(SparkCluster cluster) {
    return LivyHttpClient.builder(cluster.livy()).build();
  }

  @Test
  void theSparkCopyJobReadsTheConfKeysTheLaunchersSend() {
    // compile-time constants, so no Spark class is loaded here
    assertThat(dev.adf.spark.copy.SparkBlobCopy.CONF_STORAGE_CONNECTION_STRING)
        .isEqualTo(dev.adf.engine.JobSpec.CONF_STORAGE_CONNECTION_STRING).containsIgnoringCase("secret");
    assertThat(dev.adf.spark.copy.SparkBlobCopy.CONF_STORAGE_LOCAL_ROOT)
        .isEqualTo(dev.adf.engine.JobSpec.CONF_STORAGE_LOCAL_ROOT);
  }

  @Test
  void theSampleRunsItsWindowToReadyWithTheDataCopiedBySpark(SparkCluster cluster, TestInfo info) throws Exception {
    Path dir = testFolder(info);
    Path home = dir.resolve("home");
    prepareStore(home.resolve("storage"));
    Map<String, String> env = Map.of("ADF_LIVY_URL", cluster.livy().toString(), "ADF_LIVY_USER", "admin",
        "ADF_LIVY_PASSWORD", "livy-has-no-auth-here");
    String config = Harness.repoRoot().resolve("conf/environments/livy-local.json").toString();

    adf(dir, env, "deploy", Harness.repoRoot().resolve("samples/ADFJsons").toString(), "--config", config,
        "--home", home.toString());
    adf(dir, env, "run", "--until-idle", "--home", home.toString());
    String windows = adf(dir, env, "windows", "--format", "json", "--home", home.toString());

    JsonNode list = JSON.readTree(windows.substring(windows.indexOf('[')));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("windowStart").asText()).isEqualTo(WINDOW);
    assertThat(list.get(0).path("status").asText()).isEqualTo("Ready");
    assertOutputIdentical(home.resolve("storage"));

    // Spark did the copy: Livy holds the attempt's batch, which succeeded and whose driver log has the
    // Spark copy job's summary line.
    try (LivyHttpClient livy = livyClient(cluster)) {
      String runs = adf(dir, env, "runs", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher",
          "--window", WINDOW, "--format", "json", "--home", home.toString());
      JsonNode attempt = JSON.readTree(runs.substring(runs.indexOf('['))).get(0);
      assertThat(attempt.path("status").asText()).isEqualTo("Succeeded");
      Batch batch = livy.get(attempt.path("engineJob").asText()).orElseThrow();
      assertThat(batch.name()).startsWith("SparkSubmit.Spark.Launcher." + WINDOW.replace(':', '.') + ".1.");
      assertThat(LivyState.parse(batch.state())).isEqualTo(LivyState.SUCCESS);
      List<String> log = livy.log(batch.id(), 0, 1000).log();
      assertThat(String.join("\n", log)).contains("spark blob copy done: 4 blobs");
    }
  }

  @Test
  void aFailingJobEndsDeadIsRetriedThenFailsWithLivysLogInTheHistory(SparkCluster cluster, TestInfo info)
      throws Exception {
    Path dir = testFolder(info);
    Path config = livyConfig(dir.resolve("livy.json"), cluster,
        Map.of(1, "libs/adf-spark-test-jobs.jar", 5, "dev.adf.spark.testjobs.FailJob"));
    try (Harness h = new Harness(dir.resolve("home"), NOW)) {
      h.deploy(SampleFactory.copy(dir.resolve("factory")), config); // the sample: retry 1
      prepareStore(h.orchestrator.storageRoot());

      h.runUntilIdle();

      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Failed);
      List<Attempt> attempts = h.attempts(w);
      assertThat(attempts).extracting(Attempt::status).containsExactly(AttemptStatus.Failed, AttemptStatus.Failed);
      for (Attempt a : attempts) {
        assertThat(a.error()).contains("ended dead").contains("the test job failed on purpose");
        // getDebugInfo defaults to Failure: Livy's log of the batch is kept in the run history.
        Path log = Path.of(a.logLocation());
        assertThat(log).exists().startsWith(h.orchestrator.attemptLogRoot());
        assertThat(Files.readString(log)).contains("java.lang.IllegalStateException: the test job failed on purpose");
      }
    }
  }

  @Test
  void aJobPastItsTimeoutIsDeletedOnLivyAndEndsTimedOut(SparkCluster cluster, TestInfo info) throws Exception {
    Path dir = testFolder(info);
    Path config = livyConfig(dir.resolve("livy.json"), cluster,
        Map.of(1, "libs/adf-spark-test-jobs.jar", 5, "dev.adf.spark.testjobs.SleepJob", 20, "600"));
    Path factory = SampleFactory.copy(dir.resolve("factory"));
    SampleFactory.editActivity(factory, a -> SampleFactory.policy(a).put("timeout", "00:10:00").put("retry", 0));
    try (Harness h = new Harness(dir.resolve("home"), NOW); LivyHttpClient livy = livyClient(cluster)) {
      h.deploy(factory, config);
      prepareStore(h.orchestrator.storageRoot());

      assertThat(h.pass().started()).isEqualTo(1);
      int batch = awaitBatch(livy, "SparkSubmit.Spark.Launcher." + WINDOW.replace(':', '.') + ".1.",
          "sleep job: sleeping 600 s").id(); // running, and its SparkContext is up
      h.clock.advance(Duration.ofMinutes(11));
      assertThat(h.pass().timedOut()).isEqualTo(1);
      h.awaitAttempts();

      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Failed);
      assertThat(w.state().substatus()).isEqualTo(WindowSubstatus.TimedOut);
      Attempt a = h.attempts(w).get(0);
      assertThat(a.status()).isEqualTo(AttemptStatus.TimedOut);
      assertThat(a.error()).contains("timeout 00:10:00");
      // Deleted on Livy (which forgets a deleted batch at once) and the Spark application is gone.
      assertThat(livy.get(String.valueOf(batch))).isEmpty();
      awaitNoActiveApplication(cluster);
      // getDebugInfo defaults to Failure, which includes a timed-out attempt: its log up to the kill is kept.
      assertThat(Files.readString(Path.of(a.logLocation()))).contains("sleep job: sleeping 600 s");
    }
  }

  @Test
  void anHDInsightSparkActivityRunsItsJobFromRootPathWithItsJarsFolderAndKeepsTheLog(SparkCluster cluster,
      TestInfo info) throws Exception {
    Path dir = testFolder(info);
    Path factory = SampleFactory.copy(dir.resolve("factory"));
    Files.delete(factory.resolve("Pipeline/SparkSubmit.json"));
    try (var in = SparkLivyIT.class.getResourceAsStream("/hdinsight-spark/SparkCopy.json")) {
      Files.copy(in, factory.resolve("Pipeline/SparkCopy.json"));
    }
    Path config = livyConfig(dir.resolve("livy.json"), cluster, Map.of());
    ObjectNode root = (ObjectNode) JSON.readTree(config.toFile());
    root.remove("SparkSubmit");
    Files.writeString(config, JSON.writeValueAsString(root));
    try (Harness h = new Harness(dir.resolve("home"), NOW); LivyHttpClient livy = livyClient(cluster)) {
      h.deploy(factory, config);
      Path storage = h.orchestrator.storageRoot();
      SampleFactory.putInput(storage);
      Path jars = Files.createDirectories(storage.resolve("spark/copyjob/jars"));
      Files.copy(SparkClusterExtension.path("adf.it.jobJar"), jars.getParent().resolve("adf-spark-copy-job.jar"));
      Files.copy(SparkClusterExtension.path("adf.it.testJobsJar"), jars.resolve("adf-spark-test-jobs.jar"));

      h.runUntilIdle();

      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
      assertOutputIdentical(storage);
      Attempt a = h.attempts(w).get(0);
      // getDebugInfo Always: the driver log is kept in the run history and, as ADF does, in rootPath/logs.
      String kept = Files.readString(Path.of(a.logLocation()));
      assertThat(kept).contains("spark blob copy done: 4 blobs");
      try (Stream<Path> logs = Files.list(storage.resolve("spark/copyjob/logs"))) {
        assertThat(logs.toList()).singleElement().satisfies(l -> assertThat(Files.readString(l)).isEqualTo(kept));
      }
      // The jars folder reached Spark: the driver added the test jobs jar.
      assertThat(kept).contains("adf-spark-test-jobs.jar");
      assertThat(LivyState.parse(livy.get(a.engineJobId()).orElseThrow().state())).isEqualTo(LivyState.SUCCESS);
    }
  }

  @Test
  void anAdfRunKilledWhileItsBatchRunsIsResumedOnTheSameBatch(SparkCluster cluster, TestInfo info) throws Exception {
    Path dir = testFolder(info);
    Path home = dir.resolve("home");
    prepareStore(home.resolve("storage"));
    Path config = livyConfig(dir.resolve("livy.json"), cluster,
        Map.of(1, "libs/adf-spark-test-jobs.jar", 5, "dev.adf.spark.testjobs.SleepJob", 20, "15"));
    adf(dir, Map.of(), "deploy", Harness.repoRoot().resolve("samples/ADFJsons").toString(), "--config",
        config.toString(), "--home", home.toString());
    String prefix = "SparkSubmit.Spark.Launcher." + WINDOW.replace(':', '.') + ".1.";

    Process first = startAdf(dir.resolve("first-run.out"), Map.of(), "run", "--home", home.toString());
    Batch running;
    try (LivyHttpClient livy = livyClient(cluster)) {
      running = awaitBatch(livy, prefix, "sleep job: sleeping 15 s");
    } finally {
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no chance to record anything
    }

    adf(dir, Map.of(), "run", "--until-idle", "--home", home.toString());

    String windows = adf(dir, Map.of(), "windows", "--format", "json", "--home", home.toString());
    assertThat(JSON.readTree(windows.substring(windows.indexOf('['))).get(0).path("status").asText()).isEqualTo("Ready");
    String runs = adf(dir, Map.of(), "runs", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher",
        "--window", WINDOW, "--format", "json", "--home", home.toString());
    JsonNode attempts = JSON.readTree(runs.substring(runs.indexOf('[')));
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("status").asText()).isEqualTo("Succeeded");
    assertThat(attempts.get(0).path("engineJob").asText()).isEqualTo(String.valueOf(running.id()));
    try (LivyHttpClient livy = livyClient(cluster)) {
      // Other tests' batches share the prefix; this home's attempt has its own run id, hence one name.
      assertThat(livy.list(0, 1000).sessions()).filteredOn(b -> running.name().equals(b.name()))
          .singleElement().satisfies(b -> assertThat(b.state()).isEqualTo("success"));
    }
  }

  /**
   * Waits until Livy holds a running batch named {@code prefix…} (one test's attempt: each test's home
   * gives its attempts their own run ids, so other tests' batches that ended are skipped) whose log has
   * {@code marker}; fails at once when such a batch ends first.
   */
  private static Batch awaitBatch(LivyHttpClient livy, String prefix, String marker) throws Exception {
    long deadline = System.nanoTime() + Harness.ATTEMPT_WAIT.toNanos();
    java.util.Set<String> endedBefore = new java.util.HashSet<>();
    for (Batch b : livy.list(0, 1000).sessions()) {
      if (LivyState.parse(b.state()).isFinal()) {
        endedBefore.add(b.name());
      }
    }
    while (System.nanoTime() < deadline) {
      for (Batch b : livy.list(0, 1000).sessions()) {
        if (b.name() == null || !b.name().startsWith(prefix) || endedBefore.contains(b.name())) {
          continue;
        }
        assertThat(LivyState.parse(b.state()).isFinal()).as("batch %s ended early: %s", b.id(), b).isFalse();
        if (LivyState.parse(b.state()) == LivyState.RUNNING
            && livy.log(b.id(), 0, 1000).log().stream().anyMatch(l -> l.contains(marker))) {
          return b;
        }
      }
      TimeUnit.MILLISECONDS.sleep(200); // waiting on the external cluster, not on the scheduler
    }
    throw new AssertionError("no running batch " + prefix + "… logging '" + marker + "' within " + Harness.ATTEMPT_WAIT);
  }

  /** Waits until the master lists no active application (a killed driver's app ends within seconds). */
  private static void awaitNoActiveApplication(SparkCluster cluster) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String state = "";
    while (System.nanoTime() < deadline) {
      state = cluster.masterState();
      if (JSON.readTree(state).path("activeapps").isEmpty()) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200); // waiting on the external cluster, not on the scheduler
    }
    throw new AssertionError("the Spark application is still active:\n" + state);
  }
}
