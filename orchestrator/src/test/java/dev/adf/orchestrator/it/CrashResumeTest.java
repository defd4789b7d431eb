package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orchestrator killed (SIGKILL) while its window's engine job runs: the job lives on in its own
 * process, and the next {@code adf run} resumes the same attempt, finds the job by the attempt's
 * idempotency key and follows it to its end: one attempt, one engine job, the window Ready.
 */
class CrashResumeTest {
  @TempDir Path tmp;
  Process run;

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
    if (run != null && run.isAlive()) {
      run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Deploys the sample with a gated job, starts {@code adf run} in its own process, waits until the
   * job runs and kills the orchestrator with SIGKILL.
   *
   * @return the pid of the engine job's process, which outlives it
   */
  private long crashWhileTheJobRuns(Path home, Path gate) throws Exception {
    long jobPid = startWhileTheJobRuns(home, gate);
    run.destroyForcibly(); // kill -9: no shutdown hook, nothing recorded
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(jobPid)).as("the engine job outlives the orchestrator").hasValueSatisfying(
        p -> assertThat(p.isAlive()).isTrue());
    return jobPid;
  }

  /** Deploys the sample with a gated job, starts {@code adf run} and waits until the job runs; its pid. */
  private long startWhileTheJobRuns(Path home, Path gate) throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> {
      SampleFactory.setArgument(a, "--mainClass", TestJobs.Gate.class.getName());
      ((ArrayNode) a.path("typeProperties").path("arguments")).add("gate=" + gate);
    });
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    Result d = CliTest.adf("deploy", factory.toString(), "--config", config.toString(), "--home", home.toString());
    assertThat(d.exit()).as(d.out() + d.err()).isZero();
    SampleFactory.putInput(home.resolve("storage"));

    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main", "run", "--home", home.toString()));
    run = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("run.log").toFile()).start();
    awaitFile(gate.resolve("started"));
    return Long.parseLong(Files.readString(gate.resolve("started")).trim());
  }

  @Test
  void sigtermStopsTheRunningAttemptAndRecordsItsEndBeforeTheDatabaseCloses() throws Exception {
    Path home = tmp.resolve("home");
    long jobPid = startWhileTheJobRuns(home, tmp.resolve("gate"));
    run.destroy(); // SIGTERM: the shutdown hook stops the scheduler, which records the stopped attempt
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("run.log"));
    assertThat(run.exitValue()).as(log).isEqualTo(143);
    assertThat(log).doesNotContain("already closed", "Exception", "\tat ");
    assertThat(ProcessHandle.of(jobPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the engine job is stopped with its attempt").isFalse();
    JsonNode window = new ObjectMapper().readTree(
        CliTest.adf("windows", "--home", home.toString(), "--format", "json").out()).get(0);
    assertThat(window.get("status").asText()).as(window + "\n" + log).isEqualTo("Waiting");
    assertThat(window.get("substatus").asText()).isEqualTo("Retry");
    Result runs = CliTest.adf("runs", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher", "--window",
        "2015-11-16T00:00:00Z", "--home", home.toString());
    assertThat(runs.out()).contains("the orchestrator shut down");
  }

  @Test
  void aKilledOrchestratorResumesTheAttemptWhoseJobOutlivedIt() throws Exception {
    Path home = tmp.resolve("home");
    Path gate = tmp.resolve("gate");
    crashWhileTheJobRuns(home, gate);

    Files.writeString(gate.resolve("release"), "go");
    Result again = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(again.exit()).as(again.out() + again.err()).isZero();

    Result w = CliTest.adf("windows", "--home", home.toString(), "--format", "json");
    JsonNode window = new ObjectMapper().readTree(w.out()).get(0);
    assertThat(window.get("status").asText()).as(window.toString()).isEqualTo("Ready");
    assertThat(window.get("attempts").asInt()).isEqualTo(1);
    try (Stream<Path> jobs = Files.list(home.resolve("engine"))) {
      assertThat(jobs.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("job-")))
          .as(() -> again.out() + again.err()).hasSize(1);
    }
    Result runs = CliTest.adf("runs", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher", "--window",
        "2015-11-16T00:00:00Z", "--home", home.toString());
    assertThat(runs.out()).contains("Succeeded").doesNotContain("lost");
    Path copy = home.resolve("storage/output/results");
    assertThat(copy).isDirectory();
  }

  @Test
  void pauseTerminateWithNoSchedulerKillsTheOrphanedJobAndCancelsTheAttempt() throws Exception {
    Path home = tmp.resolve("home");
    long jobPid = crashWhileTheJobRuns(home, tmp.resolve("gate"));
    String before = CliTest.adf("windows", "--home", home.toString()).out();

    Result p = CliTest.adf("pause", "SparkSubmit", "--terminate", "--home", home.toString());
    assertThat(p.exit()).as(p.out() + p.err()).isZero();
    assertThat(ProcessHandle.of(jobPid).map(ProcessHandle::isAlive).orElse(false))
        .as(() -> before + p.out() + p.err() + "\n" + readAll(home.resolve("logs"))).isFalse();
    assertThat(ProcessHandle.of(jobPid).map(ProcessHandle::isAlive).orElse(false))
        .as("the orphaned engine job is killed").isFalse();
    JsonNode window = new ObjectMapper().readTree(
        CliTest.adf("windows", "--home", home.toString(), "--format", "json").out()).get(0);
    assertThat(window.get("status").asText()).isEqualTo("Failed");
    assertThat(window.get("substatus").asText()).isEqualTo("Canceled");
  }

  private static String readAll(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      StringBuilder b = new StringBuilder();
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        b.append(Files.readString(f));
      }
      return b.toString();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** Waits (bounded, 60 s) for a file the engine job creates in its own process. */
  private void awaitFile(Path f) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + f + " after 60 s; adf run printed:\n" + Files.readString(tmp.resolve("run.log")));
      }
      if (!run.isAlive()) {
        throw new AssertionError("adf run ended: " + Files.readString(tmp.resolve("run.log")));
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }
}
