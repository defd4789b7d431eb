package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.adf.orchestrator.failpoint.Failpoints;
import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adf run} and {@code adf deploy}, each a real child process, SIGKILLed at a named phase
 * ({@link Failpoints}: the process pauses at the point, writes a marker, and the test kills it), then a
 * restart on the same home. An attempt's engine job ({@link TestJobs.Recorded}) records every start
 * with its attempt's idempotency key, so "ran twice" is counted, not guessed.
 */
class OrchestratorCrashTest {
  static final String WINDOW = "2015-11-16T00:00:00Z";

  @TempDir Path tmp;
  Process child;
  Process server;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : new Process[] {child, server}) {
      if (p != null && p.isAlive()) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Killed at each phase of the sample's one attempt: after the restart the window is Ready, the job
   * started exactly once in all (so no attempt's job ran twice, and no second attempt ran a second
   * job beside the first), one attempt succeeded, and a kill before anything was submitted costs one
   * lost attempt.
   */
  @ParameterizedTest
  @ValueSource(strings = {Failpoints.ATTEMPT_CLAIMED, Failpoints.ATTEMPT_SUBMITTED, Failpoints.ATTEMPT_RUNNING,
      Failpoints.ATTEMPT_ENDED, Failpoints.ATTEMPT_RECORDING, Failpoints.ATTEMPT_RECORDED})
  void anAttemptKilledAtEachPhaseEndsReadyWithItsJobRunOnce(String point) throws Exception {
    Path home = tmp.resolve("home");
    Path gate = tmp.resolve("gate");
    Path starts = tmp.resolve("starts.txt");
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> {
      SampleFactory.setArgument(a, "--mainClass", TestJobs.Recorded.class.getName());
      ((ArrayNode) a.path("typeProperties").path("arguments")).add("gate=" + gate).add("record=" + starts);
    });
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    Result d = CliTest.adf("deploy", factory.toString(), "--config", config.toString(), "--home", home.toString());
    assertThat(d.exit()).as(d.out() + d.err()).isZero();
    SampleFactory.putInput(home.resolve("storage"));
    boolean jobEndsFirst = List.of(Failpoints.ATTEMPT_ENDED, Failpoints.ATTEMPT_RECORDING,
        Failpoints.ATTEMPT_RECORDED).contains(point);
    Files.createDirectories(gate);
    if (jobEndsFirst) {
      Files.writeString(gate.resolve("release"), "go");
    }

    child = start("run", List.of(point + "=pause"), "run", "--home", home.toString());
    awaitFile(tmp.resolve("failpoints").resolve(point + ".paused"));
    if (point.equals(Failpoints.ATTEMPT_SUBMITTED) || point.equals(Failpoints.ATTEMPT_RUNNING)) {
      awaitFile(gate.resolve("started")); // the job runs in its own JVM, its id (not) recorded
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing more recorded
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String before = runs(home).toString();

    Files.writeString(gate.resolve("release"), "go");
    Result again = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(again.exit()).as(again.out() + again.err()).isZero();

    JsonNode window = windows(home).get(0);
    String story = "killed at " + point + "; runs before the restart " + before + "\nrestart: " + again.out()
        + again.err() + "\nstarts: " + (Files.exists(starts) ? Files.readString(starts) : "none");
    assertThat(window.get("status").asText()).as(story).isEqualTo("Ready");
    Map<String, Integer> startsByKey = startsByKey(starts);
    assertThat(startsByKey.values()).as(story).containsExactly(1);
    JsonNode runs = runs(home);
    List<String> statuses = new ArrayList<>();
    runs.forEach(r -> statuses.add(r.path("status").asText()));
    assertThat(statuses).as(story + "\nruns " + runs).filteredOn("Succeeded"::equals).hasSize(1);
    assertThat(window.get("attempts").asInt()).as(story).isEqualTo(point.equals(Failpoints.ATTEMPT_CLAIMED) ? 2 : 1);
    String succeededRun = "";
    for (JsonNode r : runs) {
      if (r.path("status").asText().equals("Succeeded")) {
        succeededRun = r.path("attempt").asInt() + "." + r.path("runId").asText();
      }
    }
    assertThat(startsByKey.keySet().iterator().next()).as("the one job is the successful attempt's; " + story)
        .endsWith("." + succeededRun);
  }

  /**
   * As {@code attempt.submitted} above, with the job on a served engine ({@code adf engine serve}, the
   * HDInsight linked service's clusterUri): the restart asks that engine for the attempt's batch by name
   * and resumes the attempt; the job started once.
   */
  @org.junit.jupiter.api.Test
  void anAttemptKilledAfterItsSubmitToAServedEngineIsResumedThere() throws Exception {
    Path home = tmp.resolve("home");
    Path gate = tmp.resolve("gate");
    Path starts = tmp.resolve("starts.txt");
    java.net.URI engine = serve(tmp.resolve("engine-home"), "s3cret-pw");
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> {
      SampleFactory.setArgument(a, "--mainClass", TestJobs.Recorded.class.getName());
      ((ArrayNode) a.path("typeProperties").path("arguments")).add("gate=" + gate).add("record=" + starts);
    });
    Path config = SampleFactory.config(tmp.resolve("remote.json"), "UseLocalStore=true");
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
    var hdi = root.withArray("HDInsightLinkedService");
    ((com.fasterxml.jackson.databind.node.ObjectNode) hdi.get(0)).put("value", engine.toString());
    ((com.fasterxml.jackson.databind.node.ObjectNode) hdi.get(2)).put("value", "s3cret-pw");
    Files.writeString(config, json.writeValueAsString(root));
    Result d = CliTest.adf("deploy", factory.toString(), "--config", config.toString(), "--home", home.toString());
    assertThat(d.exit()).as(d.out() + d.err()).isZero();
    SampleFactory.putInput(home.resolve("storage"));

    child = start("run", List.of(Failpoints.ATTEMPT_SUBMITTED + "=pause"), "run", "--home", home.toString());
    awaitFile(tmp.resolve("failpoints").resolve(Failpoints.ATTEMPT_SUBMITTED + ".paused"));
    awaitFile(gate.resolve("started"));
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(runs(home).get(0).path("engineJob").isNull()).as("the job's id was not recorded").isTrue();

    Files.writeString(gate.resolve("release"), "go");
    Result again = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(again.exit()).as(again.out() + again.err()).isZero();
    JsonNode window = windows(home).get(0);
    String story = again.out() + again.err() + "\nstarts: " + Files.readString(starts);
    assertThat(window.get("status").asText()).as(story).isEqualTo("Ready");
    assertThat(window.get("attempts").asInt()).as(story).isEqualTo(1);
    assertThat(startsByKey(starts).values()).as(story).containsExactly(1);
  }

  /** Starts {@code adf engine serve --port 0} on {@code home} and returns its URL once it listens. */
  private java.net.URI serve(Path home, String password) throws Exception {
    Path pw = Files.writeString(tmp.resolve("password"), password + "\n");
    server = start("serve", List.of(), "engine", "serve", "--home", home.toString(), "--port", "0", "--user",
        "admin", "--password-file", pw.toString());
    java.util.regex.Pattern listening = java.util.regex.Pattern.compile("Livy batch API at (http://\\S+) ");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && server.isAlive()) {
      java.util.regex.Matcher m = listening.matcher(Files.readString(tmp.resolve("serve.log")));
      if (m.find()) {
        return java.net.URI.create(m.group(1));
      }
      LockSupport.parkNanos(50_000_000L);
    }
    throw new AssertionError("adf engine serve did not listen: " + Files.readString(tmp.resolve("serve.log")));
  }

  /**
   * {@code adf deploy} of a larger factory killed between its steps, inside its transaction after one
   * activity's windows, and right before its commit: the previous deployment is intact (the same
   * windows in {@code adf windows}, the same definitions: a plan of the first factory changes nothing),
   * and the killed deploy, run again, deploys.
   */
  @ParameterizedTest
  @ValueSource(strings = {Failpoints.DEPLOY_RESEALED, Failpoints.DEPLOY_WINDOWS, Failpoints.DEPLOY_COMMIT})
  void aDeployKilledAtEachStepLeavesThePreviousDeploymentIntact(String point) throws Exception {
    Path home = tmp.resolve("home");
    Path records = tmp.resolve("records.txt");
    Path first = factory(tmp.resolve("v1"), records, 1, 24, 10);
    Result d1 = CliTest.adf("deploy", first.toString(), "--home", home.toString());
    assertThat(d1.exit()).as(d1.out() + d1.err()).isZero();
    Result r1 = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(r1.exit()).as(r1.out() + r1.err()).isZero();
    String windowsBefore = CliTest.adf("windows", "--home", home.toString(), "--format", "json").out();
    assertThat(windows(home)).hasSize(24).allSatisfy(w -> assertThat(w.get("status").asText()).isEqualTo("Ready"));

    // The second factory changes P0 and adds P1 and P2: entities added and changed, windows created.
    Path second = factory(tmp.resolve("v2"), records, 3, 48, 5);
    child = start("deploy", List.of(point + "=pause"), "deploy", second.toString(), "--home", home.toString());
    awaitFile(tmp.resolve("failpoints").resolve(point + ".paused"));
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    String windowsAfter = CliTest.adf("windows", "--home", home.toString(), "--format", "json").out();
    assertThat(windowsAfter).as("adf windows after a deploy killed at " + point).isEqualTo(windowsBefore);
    Result plan = CliTest.adf("deploy", first.toString(), "--plan", "--home", home.toString());
    assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
    assertThat(plan.out()).as("the first factory is still what is deployed")
        .contains("a deploy now would change nothing");

    Result d2 = CliTest.adf("deploy", second.toString(), "--home", home.toString());
    assertThat(d2.exit()).as(d2.out() + d2.err()).isZero();
    assertThat(d2.out()).contains("Deployment 2:").contains("Windows created: 120");
    assertThat(windows(home)).hasSize(144);
  }

  /**
   * A factory of {@code pipelines} pipelines {@code P0..} of one hourly DotNetActivity each ({@link
   * dev.adf.orchestrator.testing.RecordingCustomActivity}) with {@code windowsEach} windows from
   * 2020-01-01.
   */
  static Path factory(Path dir, Path records, int pipelines, int windowsEach, int concurrency) throws Exception {
    List<String> files = new ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2020-01-01T00:00:00Z");
    java.time.Instant end = start.plusSeconds(3600L * windowsEach);
    for (int p = 0; p < pipelines; p++) {
      String n = "P" + p;
      files.add("Out" + n);
      files.add(TestFactory.dataset("Out" + n, "Hour", "StartOfInterval"));
      files.add(n);
      files.add("""
          {"name": "%s", "properties": {"activities": [{
              "name": "%s", "type": "DotNetActivity", "linkedServiceName": "HDInsightLinkedService",
              "typeProperties": {"assemblyName": "Recording.dll", "entryPoint": "Recording.Run",
                "packageLinkedService": "StorageLinkedService", "packageFile": "packages/recording.zip",
                "extendedProperties": {"recordTo": "%s"}},
              "outputs": [{"name": "Out%s"}],
              "scheduler": {"frequency": "Hour", "interval": 1, "style": "StartOfInterval"},
              "policy": {"concurrency": %d, "retry": 2}}],
            "start": "%s", "end": "%s"}}""".formatted(n, n, records.toString().replace("\\", "\\\\"), n,
          concurrency, start, end));
    }
    return TestFactory.folder(dir, files.toArray(String[]::new));
  }

  /** The lines of the job's start record, counted by idempotency key. */
  static Map<String, Integer> startsByKey(Path starts) throws Exception {
    Map<String, Integer> m = new TreeMap<>();
    if (Files.exists(starts)) {
      for (String l : Files.readAllLines(starts)) {
        m.merge(l.substring(0, l.lastIndexOf('|')), 1, Integer::sum);
      }
    }
    return m;
  }

  /** {@code adf runs} of the sample's one window, as JSON. */
  private static JsonNode runs(Path home) throws Exception {
    Result r = CliTest.adf("runs", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher", "--window", WINDOW,
        "--home", home.toString(), "--format", "json");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  private static JsonNode windows(Path home) throws Exception {
    Result w = CliTest.adf("windows", "--home", home.toString(), "--format", "json");
    assertThat(w.exit()).as(w.out() + w.err()).isZero();
    return new ObjectMapper().readTree(w.out());
  }

  /** Starts {@code adf ARGS} in a child JVM with the failpoints {@code points} on. */
  private Process start(String log, List<String> points, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
        "-D" + Failpoints.PROPERTY + "=" + String.join(",", points),
        "-D" + Failpoints.DIR_PROPERTY + "=" + tmp.resolve("failpoints"),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve(log + ".log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ADF_"));
    return pb.start();
  }

  /** Waits (bounded, 60 s) for a file the child or its engine job creates. */
  private void awaitFile(Path f) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      String log = tmp.resolve("run.log").toFile().exists() ? Files.readString(tmp.resolve("run.log"))
          : tmp.resolve("deploy.log").toFile().exists() ? Files.readString(tmp.resolve("deploy.log")) : "";
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + f + " after 60 s; the child printed:\n" + log);
      }
      if (!child.isAlive()) {
        throw new AssertionError("the child ended (exit " + child.exitValue() + ") before " + f + ":\n" + log);
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }
}
