package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.orchestrator.execution.OrphanRecovery;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to attempts when the orchestrator stops: cleanly (shutdown) or not (crash). */
class RecoveryTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;

  private Path factory(String mainClass) throws Exception {
    Path f = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(f, a -> {
      SampleFactory.setArgument(a, "--mainClass", mainClass);
      SampleFactory.policy(a).put("retry", 0);
    });
    return f;
  }

  private static void putInput(Harness h) throws Exception {
    try (BlobStore store = BlobStores.open("UseLocalStore=true", h.orchestrator.storageRoot())) {
      store.write("input", "data/a.txt", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
    }
  }

  @Test
  void shutdownStopsTheRunningJobAndTheWindowRunsAgainWithoutUsingItsRetries() throws Exception {
    Path home = tmp.resolve("home");
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    try (Harness h = new Harness(home, NOW)) {
      h.deploy(factory(TestJobs.Spin.class.getName()), config);
      putInput(h);
      assertThat(h.pass().started()).isEqualTo(1);
      h.awaitJobRunning();
      h.runner.close();

      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(w.state().substatus()).isEqualTo(WindowSubstatus.Retry);
      Attempt a = h.attempts(w).get(0);
      assertThat(a.status()).isEqualTo(AttemptStatus.Failed);
      assertThat(a.error()).contains("shut down");
      assertThat(h.engine.status(h.engineJob(a)).state())
          .isEqualTo(dev.adf.engine.JobState.KILLED);
    }
  }

  @Test
  void aCrashLeavesAnAttemptInProgressThatRecoveryEndsAndTheWindowThenRuns() throws Exception {
    Path home = tmp.resolve("home");
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    try (Harness h = new Harness(home, NOW)) {
      h.deploy(factory(dev.adf.engine.BuiltInJobs.BLOB_COPY), config);
      putInput(h);
      // A crash right after the claim: the window is InProgress, its attempt recorded, nothing runs.
      ActivityWindow w = h.windows().get(0);
      assertThat(h.orchestrator.store().claim(w, NOW)).isPresent();

      assertThat(OrphanRecovery.recover(h.orchestrator.store(), NOW)).isEqualTo(1);
      ActivityWindow recovered = h.windows().get(0);
      assertThat(recovered.state().substatus()).isEqualTo(WindowSubstatus.Retry);
      assertThat(h.attempts(recovered)).extracting(Attempt::status).containsExactly(AttemptStatus.Failed);

      h.runUntilIdle();
      ActivityWindow done = h.windows().get(0);
      assertThat(done.state().status()).isEqualTo(WindowStatus.Ready);
      List<Attempt> attempts = h.attempts(done);
      assertThat(attempts).extracting(Attempt::status).containsExactly(AttemptStatus.Failed, AttemptStatus.Succeeded);
    }
  }

  @Test
  void asecondRunOnTheSameHomeIsRefused() throws Exception {
    Path home = tmp.resolve("home");
    var cls = Class.forName("dev.adf.orchestrator.RunLock");
    var acquire = cls.getDeclaredMethod("acquire", Path.class);
    acquire.setAccessible(true);
    try (AutoCloseable first = (AutoCloseable) acquire.invoke(null, home)) {
      assertThat(first).isNotNull();
      assertThatThrownBy(() -> {
        try {
          acquire.invoke(null, home);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause();
        }
      }).isInstanceOf(IllegalStateException.class).hasMessageContaining("another adf run");
    }
  }
}
