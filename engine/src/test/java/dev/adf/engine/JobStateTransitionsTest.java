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
import java.nio.file.Files;
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

  void record(BuiltInEngine engine, JobId id) {
    List<StateChange> h = engine.history(id);
    for (int i = 1; i < h.size(); i++) {
      observed.add(h.get(i - 1).state() + "->" + h.get(i).state());
    }
  }

  static JobSpec spec(Class<?> job, String... args) {
    return new JobSpec(job.getSimpleName(), job.getName(), List.of(), List.of(args), Map.of(), UUID.randomUUID().toString());
  }

  /** A job whose only jar is a named pipe: fetching it blocks (STARTING) until {@link #open} writes to it. */
  static JobSpec blockedInStarting(Path fifo) {
    return new JobSpec("fifo", "demo.OnlyInTheJar", List.of(fifo.toString()), List.of(), Map.of(),
        UUID.randomUUID().toString());
  }

  static Path fifo(Path dir) throws Exception {
    Path p = dir.resolve("jar-" + UUID.randomUUID() + ".fifo");
    Files.createDirectories(dir);
    assertThat(new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor()).isZero();
    return p;
  }

  /** Lets the fetch of a FIFO jar finish (an empty jar). */
  static void open(Path fifo) throws Exception {
    try (var out = Files.newOutputStream(fifo)) {
      out.flush();
    }
  }

  @Test
  void everyAllowedTransitionIsExercisedByRealJobs() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    try (var engine = BuiltInEngine.builder(work.resolve("a")).clock(clock).cores(1).memoryMiB(1024).build()) {
      Path gate = work.resolve("gate");
      JobId holder = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString())); // .. RUNNING -> SUCCEEDED
      engine.awaitState(holder, JobState.RUNNING, WAIT);
      JobId queuedKilled = engine.submit(spec(TestJobs.Hello.class)); // SUBMITTED -> KILLED
      assertThat(engine.kill(queuedKilled, WAIT).state()).isEqualTo(JobState.KILLED);
      Files.createFile(gate);
      assertThat(engine.await(holder, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
      JobId failing = engine.submit(spec(TestJobs.Failing.class)); // RUNNING -> FAILED
      JobId broken = engine.submit(spec(TestJobs.BrokenConstructor.class)); // STARTING -> FAILED
      assertThat(engine.await(broken, WAIT).error()).contains("cannot construct");
      JobId spinning = engine.submit(spec(TestJobs.IgnoresStop.class)); // RUNNING -> KILLED
      engine.awaitState(spinning, JobState.RUNNING, WAIT);
      engine.kill(spinning, Duration.ofMillis(100));
      Path fifo = fifo(work);
      JobId starting = engine.submit(blockedInStarting(fifo)); // STARTING -> KILLED
      assertThat(engine.awaitState(starting, JobState.STARTING, WAIT).state()).isEqualTo(JobState.STARTING);
      assertThat(engine.kill(starting, WAIT).state()).isEqualTo(JobState.KILLED);
      open(fifo);
      engine.await(failing, WAIT);
      for (JobId id : List.of(holder, queuedKilled, failing, broken, spinning, starting)) {
        record(engine, id);
      }
    }
    // LOST: a second engine on the work root of a "crashed" one.
    Path crashedRoot = work.resolve("c");
    Path fifo = fifo(work);
    JobId running;
    JobId starting;
    JobId submitted;
    var crashed = BuiltInEngine.builder(crashedRoot).clock(clock).cores(2).memoryMiB(1024).build();
    running = crashed.submit(spec(TestJobs.IgnoresStop.class));
    starting = crashed.submit(blockedInStarting(fifo));
    submitted = crashed.submit(spec(TestJobs.Hello.class));
    crashed.awaitState(running, JobState.RUNNING, WAIT);
    crashed.awaitState(starting, JobState.STARTING, WAIT);
    ProcessHandle jvm = ProcessHandle.of(crashed.pid(running)).orElseThrow();
    crashed.closeLeavingJobsRunning();
    jvm.descendants().forEach(ProcessHandle::destroyForcibly);
    jvm.destroyForcibly();
    jvm.onExit().get();
    try (var restarted = BuiltInEngine.builder(crashedRoot).clock(clock).cores(2).memoryMiB(1024).build()) {
      for (JobId id : List.of(running, starting, submitted)) {
        assertThat(restarted.status(id).state()).isEqualTo(JobState.LOST);
        record(restarted, id);
      }
      assertThat(restarted.status(submitted).error()).contains("engine restarted");
      assertThat(restarted.status(starting).error()).contains("engine restarted");
    }
    open(fifo); // the crashed engine's launcher ends without starting a JVM
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
