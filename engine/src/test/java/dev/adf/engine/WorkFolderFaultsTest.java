package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from outside the engine while its jobs run (issue 16, "Faults in the data path"), with real
 * child JVMs: a job's folder or the whole work folder deleted, a job's JVM or a warm executor
 * SIGKILLed. Each job must end FAILED with a reason that says what happened (never hang, never
 * SUCCEEDED), and later jobs must still run. Waits are bounded and never sleep.
 */
class WorkFolderFaultsTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2015-11-16T00:00:01Z"));
  BuiltInEngine engine;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  /** WaitForFile runs warm (in an executor) when {@code warm}, else in a JVM of its own, as a user's jar. */
  BuiltInEngine engine(boolean warm) {
    var b = BuiltInEngine.builder(tmp.resolve("engine")).clock(clock).cores(2).memoryMiB(4096);
    b.warmJob(TestJobs.Hello.class.getName());
    if (warm) {
      b.warmJob(TestJobs.WaitForFile.class.getName());
    }
    return b.build();
  }

  static JobSpec spec(Class<?> job, String... args) {
    return new JobSpec(job.getSimpleName(), job.getName(), List.of(), List.of(args), Map.of(), UUID.randomUUID().toString());
  }

  @Test
  void aJobFolderDeletedWhileAWarmJobRunsFailsTheJobNamingTheFolderAndLaterJobsRun() throws Exception {
    engine = engine(true);
    jobFolderDeletedWhileTheJobRuns();
  }

  @Test
  void aJobFolderDeletedWhileAJobInItsOwnJvmRunsFailsTheJobNamingTheFolderAndLaterJobsRun() throws Exception {
    engine = engine(false);
    jobFolderDeletedWhileTheJobRuns();
  }

  private void jobFolderDeletedWhileTheJobRuns() throws Exception {
    Path gate = tmp.resolve("gate");
    JobId id = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString()));
    engine.awaitState(id, JobState.RUNNING, WAIT);
    Path dir = engine.workDir(id);
    deleteTree(dir);
    Files.createFile(gate); // the job itself now returns 0
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).isEqualTo(JobState.FAILED);
    assertThat(s.error()).contains("work folder " + dir).contains("was deleted while the job ran");
    assertLaterJobsRun();
  }

  @Test
  void theWholeWorkFolderDeletedWhileJobsRunFailsThemAndTheEngineRecreatesItForLaterJobs() throws Exception {
    engine = engine(true);
    Path gate = tmp.resolve("gate");
    JobId warm = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString()));
    JobSpec own = new JobSpec("own", TestJobs.WaitForFileToo.class.getName(), List.of(), List.of(gate.toString()),
        Map.of(), UUID.randomUUID().toString());
    JobId cold = engine.submit(own);
    engine.awaitState(warm, JobState.RUNNING, WAIT);
    engine.awaitState(cold, JobState.RUNNING, WAIT);
    deleteTree(tmp.resolve("engine"));
    Files.createFile(gate);
    for (JobId id : List.of(warm, cold)) {
      JobStatus s = engine.await(id, WAIT);
      assertThat(s.state()).as(id.value()).isEqualTo(JobState.FAILED);
      assertThat(s.error()).as(id.value()).contains("was deleted while the job ran");
    }
    assertLaterJobsRun();
  }

  @Test
  void aJobsOwnJvmKilledFromOutsideFailsTheJobWithTheSignalAndTheEngineGoesOn() throws Exception {
    engine = engine(false);
    JobId id = engine.submit(spec(TestJobs.WaitForFile.class, tmp.resolve("never").toString()));
    engine.awaitState(id, JobState.RUNNING, WAIT);
    long pid = engine.pid(id);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).isEqualTo(JobState.FAILED);
    assertThat(s.error()).contains("the job's JVM was ended by signal 9");
    assertLaterJobsRun();
  }

  @Test
  void aWarmExecutorKilledWhileIdleIsNotHandedTheNextJob() throws Exception {
    engine = engine(true);
    JobId first = engine.submit(spec(TestJobs.Hello.class, "a"));
    assertThat(engine.await(first, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    long pid = engine.pid(first);
    ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
    h.destroyForcibly();
    h.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    JobId next = engine.submit(spec(TestJobs.Hello.class, "b"));
    JobStatus s = engine.await(next, WAIT);
    assertThat(s.state()).as(engine.log(next)).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.pid(next)).isNotEqualTo(pid);
  }

  private void assertLaterJobsRun() throws Exception {
    for (int i = 0; i < 3; i++) {
      JobId later = engine.submit(spec(TestJobs.Hello.class, "later" + i));
      JobStatus s = engine.await(later, WAIT);
      assertThat(s.state()).as(engine.log(later)).isEqualTo(JobState.SUCCEEDED);
      assertThat(Files.readString(engine.workDir(later).resolve("stdout"))).isEqualTo("hello later" + i + " in " + later + "\n");
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
