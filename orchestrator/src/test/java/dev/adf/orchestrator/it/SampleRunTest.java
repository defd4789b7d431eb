package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark sample on the embedded default (local folder store, built-in engine), driven pass by pass
 * with a settable clock: the happy path, retry, and timeout.
 */
class SampleRunTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant WINDOW_START = Instant.parse("2015-11-16T00:00:00Z");

  @TempDir Path tmp;

  private Path localConfig() throws Exception {
    return SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
  }

  private static void putInput(Harness h) throws Exception {
    SampleFactory.putInput(h.orchestrator.storageRoot());
  }

  private static void assertOutputIdentical(Harness h) throws Exception {
    Path out = h.orchestrator.storageRoot().resolve("output/results");
    try (Stream<Path> files = Files.walk(SampleFactory.inputData())) {
      List<Path> inputs = files.filter(Files::isRegularFile).toList();
      assertThat(inputs).hasSizeGreaterThanOrEqualTo(2);
      for (Path f : inputs) {
        Path copy = out.resolve(SampleFactory.inputData().relativize(f).toString());
        assertThat(copy).exists();
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(f));
      }
    }
  }

  @Test
  void expressionsInTheLauncherArgumentsAreEvaluatedForTheWindow() throws Exception {
    Path config = localConfig();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("SparkSubmit").get(2)).put("value",
        "$$Text.Format('output=wasb://output@local/results/{0:yyyy/MM/dd}', SliceStart)");
    Files.writeString(config, json.writeValueAsString(root));
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(SampleFactory.copy(tmp.resolve("f")), config);
      putInput(h);

      h.runUntilIdle();

      assertThat(h.windows()).singleElement()
          .satisfies(w -> assertThat(w.state().status()).isEqualTo(WindowStatus.Ready));
      Path day = h.orchestrator.storageRoot().resolve("output/results/2015/11/16");
      try (Stream<Path> copied = Files.walk(day)) {
        assertThat(copied.filter(Files::isRegularFile)).hasSize(4);
      }
    }
  }

  @Test
  void sampleRunsItsOneWindowToReadyAndCopiesEveryBlob() throws Exception {
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      var report = h.deploy(SampleFactory.copy(tmp.resolve("f")), localConfig());
      assertThat(report.outcome().windowsCreated()).isEqualTo(1);
      putInput(h);

      h.runUntilIdle();

      List<ActivityWindow> windows = h.windows();
      assertThat(windows).hasSize(1);
      ActivityWindow w = windows.get(0);
      assertThat(w.key().windowStart()).isEqualTo(WINDOW_START);
      assertThat(w.windowEnd()).isEqualTo(Instant.parse("2015-11-17T00:00:00Z"));
      assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
      assertThat(w.attempts()).isEqualTo(1);
      Attempt a = h.attempts(w).get(0);
      assertThat(a.status()).isEqualTo(AttemptStatus.Succeeded);
      assertThat(a.engineJobId()).isNotBlank();
      assertThat(Path.of(a.logLocation())).exists();
      assertOutputIdentical(h);

      // A later pass does not run the Ready window again.
      h.clock.advance(Duration.ofDays(1));
      assertThat(h.pass().started()).isZero();
      assertThat(h.attempts(w)).hasSize(1);
    }
  }

  @Test
  void windowWaitsForItsExternalInputUntilTheDataIsThere() throws Exception {
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(SampleFactory.copy(tmp.resolve("f")), localConfig());

      assertThat(h.pass().started()).isZero();
      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().substatus()).isEqualTo(WindowSubstatus.DatasetDependencies);

      putInput(h);
      h.clock.advance(Duration.ofMinutes(2));
      h.runUntilIdle();
      assertThat(h.windows().get(0).state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void failedAttemptIsRetriedAndTheSecondSucceeds() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path marker = tmp.resolve("first-run-marker");
    SampleFactory.editActivity(factory, a -> {
      SampleFactory.setArgument(a, "--mainClass", TestJobs.FailOnce.class.getName());
      ((com.fasterxml.jackson.databind.node.ArrayNode) a.path("typeProperties").path("arguments"))
          .add("marker=" + marker);
    });
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(factory, localConfig());
      putInput(h);

      assertThat(h.pass().started()).isEqualTo(1);
      h.awaitAttempts();
      ActivityWindow afterFirst = h.windows().get(0);
      assertThat(afterFirst.state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(afterFirst.state().substatus()).isEqualTo(WindowSubstatus.Retry);

      h.runUntilIdle();

      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
      List<Attempt> attempts = h.attempts(w);
      assertThat(attempts).extracting(Attempt::status)
          .containsExactly(AttemptStatus.Failed, AttemptStatus.Succeeded);
      assertThat(attempts.get(0).error()).contains("FAILED");
      assertThat(attempts).extracting(Attempt::engineJobId).doesNotContainNull().doesNotHaveDuplicates();
      // getDebugInfo defaults to Failure: the failed attempt's engine log is kept in the run history
      // (named with its run id); the succeeded one still points at the engine's own job folder.
      Path kept = Path.of(attempts.get(0).logLocation());
      assertThat(kept).startsWith(h.orchestrator.attemptLogRoot())
          .hasFileName("attempt-1-" + attempts.get(0).runId() + ".log");
      assertThat(Files.readString(kept)).contains("--- engine ---").contains("FAILED");
      assertThat(Path.of(attempts.get(1).logLocation())).startsWith(h.orchestrator.engineRoot());
      assertOutputIdentical(h);
    }
  }

  @Test
  void attemptPastItsTimeoutIsKilledAndTheWindowFailsTimedOutAfterItsRetries() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> {
      SampleFactory.setArgument(a, "--mainClass", TestJobs.Spin.class.getName());
      SampleFactory.policy(a).put("timeout", "00:10:00").put("retry", 1);
    });
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(factory, localConfig());
      putInput(h);

      assertThat(h.pass().started()).isEqualTo(1);
      h.awaitJobRunning();
      h.clock.advance(Duration.ofMinutes(9));
      assertThat(h.pass().timedOut()).isZero();
      assertThat(h.runner.running()).hasSize(1);

      h.clock.advance(Duration.ofMinutes(2));
      assertThat(h.pass().timedOut()).isEqualTo(1);
      // The kill is asynchronous: attempt 2 starts in this pass or the next, once attempt 1 has ended.
      h.awaitAttemptCount(2);
      h.awaitJobRunning();
      assertThat(h.attempts(h.windows().get(0)).get(0).status()).isEqualTo(AttemptStatus.TimedOut);

      h.clock.advance(Duration.ofMinutes(11));
      assertThat(h.pass().timedOut()).isEqualTo(1);
      h.awaitAttempts();

      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Failed);
      assertThat(w.state().substatus()).isEqualTo(WindowSubstatus.TimedOut);
      List<Attempt> attempts = h.attempts(w);
      assertThat(attempts).extracting(Attempt::status)
          .containsExactly(AttemptStatus.TimedOut, AttemptStatus.TimedOut);
      assertThat(attempts.get(1).error()).contains("timeout 00:10:00");
      for (Attempt a : attempts) {
        var job = h.engine.status(h.engineJob(a));
        assertThat(job.state()).isEqualTo(dev.adf.engine.JobState.KILLED);
      }
      assertThat(h.pass().started()).isZero();
    }
  }
}
