package dev.adf.engine;
import dev.adf.engine.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.jobs.TestJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks {@link JobState}'s transition table: drives real jobs through every allowed transition and
 * fails on any transition of the table that no scenario exercised (or any observed one the table
 * does not hold).
 */
class JobStateTransitionsTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path work;
  final Set<String> observed = new HashSet<>();

  record Edge(JobState from, JobState to) {}

  static Set<String> allowed() {
    Set<String> all = new HashSet<>();
    for (JobState from : JobState.values()) {
      for (JobState to : from.successors()) {
        all.add(from + "->" + to);
      }
    }
    return all;
  }

  void record(InProcessEngine engine, JobId id) {
    List<StateChange> h = engine.history(id);
    for (int i = 1; i < h.size(); i++) {
      observed.add(h.get(i - 1).state() + "->" + h.get(i).state());
    }
  }

  static JobSpec spec(Class<?> job, String... args) {
    return new JobSpec(job.getSimpleName(), job.getName(), List.of(), List.of(args), Map.of(), UUID.randomUUID().toString());
  }

  @Test
  void everyAllowedTransitionIsExercisedByARealJob() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    // Slot-limited engine: 1 slot, 300 ms longest queue wait.
    try (var engine = InProcessEngine.builder(work.resolve("a")).clock(clock).maxConcurrentJobs(1)
        .maxQueueWait(Duration.ofMillis(300)).build()) {
      String gate = UUID.randomUUID().toString();
      JobId holder = engine.submit(spec(TestJobs.Blocking.class, gate));
      engine.awaitState(holder, JobState.RUNNING, WAIT);
      JobId queuedTooLong = engine.submit(spec(TestJobs.Hello.class)); // SUBMITTED -> FAILED
      assertThat(engine.await(queuedTooLong, WAIT).error()).contains("free job slot");
      JobId queuedKilled = engine.submit(spec(TestJobs.Hello.class)); // SUBMITTED -> KILLED
      assertThat(engine.kill(queuedKilled, WAIT).state()).isEqualTo(JobState.KILLED);
      TestJobs.latch(gate).countDown(); // RUNNING -> SUCCEEDED
      assertThat(engine.await(holder, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
      for (JobId id : List.of(holder, queuedTooLong, queuedKilled)) {
        record(engine, id);
      }
    }
    try (var engine = new InProcessEngine(work.resolve("b"), clock, 4)) {
      JobId failing = engine.submit(spec(TestJobs.Failing.class)); // RUNNING -> FAILED
      JobId broken = engine.submit(spec(TestJobs.BrokenConstructor.class)); // STARTING -> FAILED
      assertThat(engine.await(broken, WAIT).error()).contains("cannot construct");
      JobId spinning = engine.submit(spec(TestJobs.Spinning.class)); // RUNNING -> KILLED
      engine.awaitState(spinning, JobState.RUNNING, WAIT);
      engine.kill(spinning, Duration.ofMillis(100));
      TestJobs.SlowConstructor.gate = new CountDownLatch(1);
      JobId starting = engine.submit(spec(TestJobs.SlowConstructor.class)); // STARTING -> KILLED
      engine.awaitState(starting, JobState.STARTING, WAIT);
      assertThat(engine.kill(starting, WAIT).state()).isEqualTo(JobState.KILLED);
      engine.await(failing, WAIT);
      for (JobId id : List.of(failing, broken, spinning, starting)) {
        record(engine, id);
      }
    }
    // LOST: a second engine on the work root of a "crashed" one (still alive here, but not asked).
    Path crashedRoot = work.resolve("c");
    TestJobs.SlowConstructor.gate = new CountDownLatch(1);
    String gate = UUID.randomUUID().toString();
    try (var crashed = new InProcessEngine(crashedRoot, clock, 2)) {
      JobId running = crashed.submit(spec(TestJobs.Blocking.class, gate));
      JobId starting = crashed.submit(spec(TestJobs.SlowConstructor.class));
      JobId submitted = crashed.submit(spec(TestJobs.Hello.class));
      crashed.awaitState(running, JobState.RUNNING, WAIT);
      crashed.awaitState(starting, JobState.STARTING, WAIT);
      try (var restarted = new InProcessEngine(crashedRoot, clock, 2)) {
        for (JobId id : List.of(running, starting, submitted)) {
          JobStatus s = restarted.status(id);
          assertThat(s.state()).isEqualTo(JobState.LOST);
          assertThat(s.error()).contains("engine restarted");
          record(restarted, id);
        }
      }
      TestJobs.latch(gate).countDown();
      TestJobs.SlowConstructor.gate.countDown();
    }
    assertThat(observed).isEqualTo(allowed());
  }

  @Test
  void illegalTransitionsNameBothStates() {
    assertThatThrownBy(() -> JobState.SUCCEEDED.transitionTo(JobState.RUNNING))
        .hasMessage("illegal job state transition SUCCEEDED -> RUNNING");
    assertThatThrownBy(() -> JobState.SUBMITTED.transitionTo(JobState.SUCCEEDED)).isInstanceOf(IllegalStateException.class);
    for (JobState s : JobState.values()) {
      assertThat(s.isTerminal()).isEqualTo(s.successors().isEmpty());
    }
  }
}
