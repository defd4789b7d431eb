package dev.adf.orchestrator.it;

import static dev.adf.orchestrator.it.CliTest.adf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.JobId;
import dev.adf.engine.JobState;
import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.status.WindowState;
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
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adf pause --terminate} on a real running attempt: the scheduler's next pass cancels it, its
 * engine job is killed before the attempt is recorded Canceled, the window ends Failed/Canceled, and
 * nothing starts until {@code adf resume}; a rerun then runs attempt 2.
 */
class PauseTerminateCliTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String WINDOW = "2015-11-16T00:00:00Z";

  @TempDir Path tmp;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @Test
  void pauseTerminateCancelsTheRunningAttemptAndResumeLetsARerunStart() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> SampleFactory.setArgument(a, "--mainClass", TestJobs.Spin.class.getName()));
    Path home = tmp.resolve("home");
    try (Harness h = new Harness(home, NOW)) {
      h.deploy(factory, SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true"));
      SampleFactory.putInput(h.orchestrator.storageRoot());
      assertThat(h.pass().started()).isEqualTo(1);
      JobId job = h.awaitJobRunning();

      Result p = adf("pause", "SparkSubmit", "--terminate", "--home", home.toString());
      assertThat(p.exit()).as(p.err()).isZero();
      assertThat(p.out()).contains("paused SparkSubmit (terminate)", "1 attempt(s) running", "cancels them");

      h.pass();
      h.awaitAttempts();
      assertThat(h.engine.status(job).state()).isEqualTo(JobState.KILLED);
      ActivityWindow w = h.windows().get(0);
      assertThat(w.state()).isEqualTo(WindowState.of(WindowSubstatus.Canceled));
      Attempt attempt = h.attempts(w).get(0);
      assertThat(attempt.status()).isEqualTo(AttemptStatus.Canceled);
      assertThat(attempt.end()).isNotNull();

      // Rerun while paused: Waiting, held in ActivityResume.
      Result r = adf("rerun", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher", "--window", WINDOW,
          "--home", home.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(h.pass().started()).isZero();
      assertThat(h.windows().get(0).state()).isEqualTo(WindowState.of(WindowSubstatus.ActivityResume));

      assertThat(adf("resume", "SparkSubmit", "--home", home.toString()).exit()).isZero();
      assertThat(h.pass().started()).isEqualTo(1);
      ActivityWindow again = h.windows().get(0);
      assertThat(again.state().status()).isEqualTo(WindowStatus.InProgress);
      assertThat(again.attempts()).isEqualTo(2);
    }
  }

  @Test
  void pauseTerminateWithNoSchedulerRunningCancelsTheOrphanedAttemptAtOnce() throws Exception {
    Path home = tmp.resolve("home");
    try (Harness h = new Harness(home, NOW)) {
      h.deploy(SampleFactory.copy(tmp.resolve("f")), SampleFactory.config(tmp.resolve("local.json"),
          "UseLocalStore=true"));
      // A scheduler that died while the window ran: InProgress with an InProgress attempt, no job.
      assertThat(h.orchestrator.store().claim(h.windows().get(0), NOW)).isPresent();
    }

    Result p = adf("pause", "SparkSubmit", "--terminate", "--home", home.toString());
    assertThat(p.exit()).as(p.err()).isZero();
    assertThat(p.out()).contains("1 attempt(s) were InProgress with no scheduler running: canceled now",
        "Failed/Canceled");

    try (Harness h = new Harness(home, NOW)) {
      ActivityWindow w = h.windows().get(0);
      assertThat(w.state()).isEqualTo(WindowState.of(WindowSubstatus.Canceled));
      assertThat(h.attempts(w)).singleElement().satisfies(a -> {
        assertThat(a.status()).isEqualTo(AttemptStatus.Canceled);
        assertThat(a.error()).contains("adf pause --terminate");
      });
    }
  }
}
