package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.actions.Why;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADF's Waiting/ComputeResources: two pipelines' windows are due at once on a built-in engine with one
 * core; the second window's engine job waits in the engine's queue and its window shows
 * Waiting/ComputeResources (adf why says so), holds its activity's concurrency slot, and runs once the
 * first job frees the core.
 */
class ComputeResourcesRunTest {
  static final Instant NOW = Instant.parse("2031-02-01T00:00:00Z");

  @TempDir Path tmp;

  private String pipeline(String name, Path gate) {
    return """
        {"name": "%s", "properties": {"activities": [{
            "name": "%s", "type": "HDInsightMapReduce", "linkedServiceName": "HDInsightLinkedService",
            "typeProperties": {"className": "unused", "jarFilePath": "libs/unused.jar",
              "arguments": ["--mainClass", "%s", "--executorCores", "1", "gate=%s"]},
            "outputs": [{"name": "Out%s"}], "policy": {"concurrency": 1}}],
          "start": "2031-01-01T00:00:00Z", "end": "2031-01-02T00:00:00Z"}}"""
        .formatted(name, name, TestJobs.GateOnly.class.getName(), gate.toString().replace("\\", "/"), name);
  }

  @Test
  void aWindowWhoseJobWaitsForEngineCapacityIsWaitingComputeResourcesUntilItRuns() throws Exception {
    Path gateA = tmp.resolve("gateA");
    Path gateB = tmp.resolve("gateB");
    // The test may release a job before its process created its folder (it is InProgress once claimed).
    Files.createDirectories(gateA);
    Files.createDirectories(gateB);
    Path factory = TestFactory.folder(tmp.resolve("factory"),
        "OutA", TestFactory.dataset("OutA", "Day", "StartOfInterval"),
        "OutB", TestFactory.dataset("OutB", "Day", "StartOfInterval"),
        "A", pipeline("A", gateA),
        "B", pipeline("B", gateB));
    try (Harness h = new Harness(tmp.resolve("home"), NOW, 1)) {
      h.deploy(factory, null);
      assertThat(h.pass().started()).isEqualTo(2);

      // One job holds the engine's only core; the other's window waits for compute resources.
      ActivityWindow queued = awaitWindow(h, w -> w.state().substatus() == WindowSubstatus.ComputeResources);
      String waiting = queued.key().pipeline();
      Path runningGate = waiting.equals("A") ? gateB : gateA;
      Path waitingGate = waiting.equals("A") ? gateA : gateB;
      awaitFile(runningGate.resolve("started"));
      assertThat(waitingGate.resolve("started")).doesNotExist();
      assertThat(h.windows()).filteredOn(w -> !w.key().pipeline().equals(waiting)).singleElement()
          .satisfies(w -> assertThat(w.state()).isEqualTo(WindowState.of(WindowStatus.InProgress)));

      Why why = new Why(h.orchestrator.store(),
          new WindowActions(h.orchestrator.store(), h.orchestrator.deployedFactory()), h.pass);
      assertThat(why.explain(waiting, waiting, queued.key().windowStart(), NOW))
          .contains("Waiting/ComputeResources", "compute engine", "no free capacity");
      // It holds its activity's slot: a pass starts nothing and leaves it as it is.
      assertThat(h.pass().started()).isZero();
      assertThat(h.orchestrator.store().window(queued.key()).orElseThrow().state())
          .isEqualTo(WindowState.of(WindowSubstatus.ComputeResources));

      Files.writeString(runningGate.resolve("release"), "go");
      awaitWindow(h, w -> w.key().pipeline().equals(waiting) && w.state().status() == WindowStatus.InProgress);
      Files.writeString(waitingGate.resolve("release"), "go");
      h.awaitAttempts();
      assertThat(h.windows()).hasSize(2).allSatisfy(w -> {
        assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
        assertThat(w.attempts()).isEqualTo(1);
      });
    }
  }

  /** Waits (bounded) until a file the job creates in its own process exists. */
  private static void awaitFile(Path f) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(f)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + f + " within 60 s");
      }
      LockSupport.parkNanos(10_000_000L);
    }
  }

  /** Waits (bounded) until a window satisfies {@code p}; the attempt threads and engine move them. */
  private static ActivityWindow awaitWindow(Harness h, Predicate<ActivityWindow> p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (ActivityWindow w : h.windows()) {
        if (p.test(w)) {
          return w;
        }
      }
      LockSupport.parkNanos(10_000_000L);
    }
    throw new AssertionError("no window got there within 60 s: " + h.windows());
  }
}
