package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm executor JVMs of the built-in engine, with real child JVMs: built-in jobs (and jobs named by
 * {@link BuiltInEngine.Builder#warmJob}) run one after another in a JVM that outlives them; any job
 * that fails, is killed or leaves a thread behind ends its JVM, and the next job gets a fresh one.
 * Waits are bounded and never sleep.
 */
class WarmExecutorsTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2015-11-16T00:00:01Z");

  @TempDir Path tmp;
  MutableClock clock = new MutableClock(T0);
  BuiltInEngine engine;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  BuiltInEngine engine(int cores) {
    var b = BuiltInEngine.builder(tmp.resolve("engine")).clock(clock).cores(cores).memoryMiB(4096);
    for (Class<?> c : List.of(TestJobs.Hello.class, TestJobs.PrintsPid.class, TestJobs.Failing.class,
        TestJobs.WaitForFile.class, TestJobs.Spins.class, TestJobs.MainLeaksThread.class, TestJobs.ExitThree.class)) {
      b.warmJob(c.getName());
    }
    return b.build();
  }

  static JobSpec spec(Class<?> job, String... args) {
    return new JobSpec(job.getSimpleName(), job.getName(), List.of(), List.of(args), Map.of(), UUID.randomUUID().toString());
  }

  JobStatus run(JobSpec spec) throws InterruptedException {
    return engine.await(engine.submit(spec), WAIT);
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void jobsOneAfterAnotherRunInOneWarmJvmEachWithItsOwnLogAndFiles() throws Exception {
    engine = engine(1);
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      JobId id = engine.submit(spec(TestJobs.PrintsPid.class));
      JobStatus s = engine.await(id, WAIT);
      assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(s.exitCode()).isZero();
      long pid = engine.pid(id);
      pids.add(pid);
      assertThat(Files.readString(engine.workDir(id).resolve("stdout"))).isEqualTo("pid " + pid + "\n");
      assertThat(Files.readString(engine.workDir(id).resolve("stderr"))).isEqualTo("to stderr of " + id + "\n");
      assertThat(Files.readString(engine.workDir(id).resolve("exit"))).startsWith("0\n");
      assertThat(Files.exists(engine.workDir(id).resolve("started"))).isTrue();
      assertThat(engine.log(id)).contains(i == 0 ? "started executor JVM pid " + pid : "runs in warm executor JVM pid " + pid)
          .contains("SUCCEEDED (exit code 0)");
    }
    assertThat(pids).hasSize(1);
    long pid = pids.iterator().next();
    assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(alive(pid)).isTrue(); // it outlives its jobs
    engine.close();
    assertThat(ProcessHandle.of(pid).map(h -> h.onExit().join()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void queuedJobsFindTheExecutorIdleWhenTheJobBeforeThemEnds() throws Exception {
    engine = engine(1);
    List<JobId> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(engine.submit(spec(TestJobs.Hello.class, String.valueOf(i))));
    }
    Set<Long> pids = new HashSet<>();
    for (JobId id : ids) {
      assertThat(engine.await(id, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
      pids.add(engine.pid(id));
    }
    assertThat(pids).hasSize(1); // each end hands the executor back before the next job is dispatched
  }

  @Test
  void aFailedJobEndsItsJvmBeforeItIsRecordedAndTheNextJobGetsAFreshOne() throws Exception {
    engine = engine(1);
    JobId ok = engine.submit(spec(TestJobs.Hello.class, "x"));
    assertThat(engine.await(ok, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    long first = engine.pid(ok);

    JobId failing = engine.submit(spec(TestJobs.Failing.class));
    JobStatus f = engine.await(failing, WAIT);
    assertThat(f.state()).isEqualTo(JobState.FAILED);
    assertThat(f.error()).contains("boom: input slice missing");
    assertThat(engine.pid(failing)).isEqualTo(first); // it ran in the warm JVM ...
    assertThat(alive(first)).isFalse(); // ... which was gone when FAILED was recorded
    assertThat(Files.readString(engine.workDir(failing).resolve("stderr"))).contains("IllegalStateException");

    JobStatus three = run(spec(TestJobs.ExitThree.class));
    assertThat(three.state()).isEqualTo(JobState.FAILED);
    assertThat(three.exitCode()).isEqualTo(3);

    JobId after = engine.submit(spec(TestJobs.Hello.class, "y"));
    assertThat(engine.await(after, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.pid(after)).isNotEqualTo(first);
    assertThat(Files.readString(engine.workDir(after).resolve("stdout"))).isEqualTo("hello y in " + after + "\n");
  }

  @Test
  void aKillStopsTheJobAndItsJvmCooperativelyOrByForceAndTheNextJobGetsAFreshJvm() throws Exception {
    engine = engine(1);
    Path gate = tmp.resolve("gate");
    JobId waiting = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString()));
    engine.awaitState(waiting, JobState.RUNNING, WAIT);
    long pid = engine.pid(waiting);
    JobStatus k = engine.kill(waiting, WAIT);
    assertThat(k.state()).isEqualTo(JobState.KILLED);
    assertThat(k.error()).contains("stopped within the grace");
    assertThat(alive(pid)).isFalse();

    JobId spins = engine.submit(spec(TestJobs.Spins.class));
    engine.awaitState(spins, JobState.RUNNING, WAIT);
    long spinPid = engine.pid(spins);
    assertThat(spinPid).isNotEqualTo(pid);
    JobStatus forced = engine.kill(spins, Duration.ofMillis(300));
    assertThat(forced.state()).isEqualTo(JobState.KILLED);
    assertThat(forced.error()).contains("forced after a grace of 300 ms");
    assertThat(alive(spinPid)).isFalse();

    JobId next = engine.submit(spec(TestJobs.Hello.class));
    assertThat(engine.await(next, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.pid(next)).isNotIn(pid, spinPid);
  }

  @Test
  void aJobThatLeavesAThreadRunningSucceedsButRetiresItsJvm() throws Exception {
    engine = engine(1);
    JobId leaks = engine.submit(spec(TestJobs.MainLeaksThread.class));
    assertThat(engine.await(leaks, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    long pid = engine.pid(leaks);
    assertThat(alive(pid)).isFalse();
    JobId next = engine.submit(spec(TestJobs.Hello.class));
    assertThat(engine.await(next, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.pid(next)).isNotEqualTo(pid);
  }

  @Test
  void anExecutorKilledFromOutsideFailsItsJobWithTheSignalAndTheEngineGoesOn() throws Exception {
    engine = engine(1);
    JobId id = engine.submit(spec(TestJobs.WaitForFile.class, tmp.resolve("never").toString()));
    engine.awaitState(id, JobState.RUNNING, WAIT);
    long pid = engine.pid(id);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).isEqualTo(JobState.FAILED);
    assertThat(s.error()).contains("ended by signal 9");
    JobId next = engine.submit(spec(TestJobs.Hello.class));
    assertThat(engine.await(next, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.pid(next)).isNotEqualTo(pid);
  }

  @Test
  void concurrentJobsGetOneJvmEachAndJobsOfAnotherHeapSizeAnotherJvm() throws Exception {
    engine = engine(2);
    Path gate = tmp.resolve("both");
    JobId a = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString()));
    JobId b = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString()));
    engine.awaitState(a, JobState.RUNNING, WAIT);
    engine.awaitState(b, JobState.RUNNING, WAIT);
    assertThat(engine.pid(a)).isNotEqualTo(engine.pid(b));
    Files.createFile(gate);
    assertThat(engine.await(a, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.await(b, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    Set<Long> warm = Set.of(engine.pid(a), engine.pid(b));

    JobId c = engine.submit(spec(TestJobs.Hello.class));
    assertThat(engine.await(c, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(warm).contains(engine.pid(c));

    JobSpec bigger = new JobSpec("big", TestJobs.Hello.class.getName(), List.of(), List.of(),
        Map.of("driverMemory", "1g"), UUID.randomUUID().toString());
    JobId d = engine.submit(bigger);
    assertThat(engine.await(d, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(warm).doesNotContain(engine.pid(d));
    assertThat(engine.log(d)).contains("started executor JVM pid " + engine.pid(d) + " (1024 MiB, 1 core)");
  }

  @Test
  void aRestartedEngineRecoversTheJobAWarmJvmWasRunningWhenTheEngineDied() throws Exception {
    engine = engine(1);
    JobId before = engine.submit(spec(TestJobs.Hello.class));
    assertThat(engine.await(before, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    Path gate = tmp.resolve("go");
    JobId id = engine.submit(spec(TestJobs.WaitForFile.class, gate.toString(), "0"));
    engine.awaitState(id, JobState.RUNNING, WAIT);
    long pid = engine.pid(id);
    assertThat(pid).isEqualTo(engine.pid(before));
    engine.closeLeavingJobsRunning(); // as if the engine crashed: the warm JVM finishes its job, then ends
    engine = null;

    BuiltInEngine again = engine(1);
    engine = again;
    assertThat(again.status(before).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(again.status(id).state()).isEqualTo(JobState.RUNNING);
    assertThat(again.pid(id)).isEqualTo(pid);
    clock.advance(Duration.ofSeconds(5));
    Files.createFile(gate);
    JobStatus s = again.await(id, WAIT);
    assertThat(s).extracting(JobStatus::state, JobStatus::exitCode).containsExactly(JobState.SUCCEEDED, 0);
    assertThat(s.ended()).isEqualTo(T0.plusSeconds(5));
    assertThat(again.log(id)).contains("re-attached to JVM pid " + pid);
    JobId next = again.submit(spec(TestJobs.Hello.class));
    assertThat(again.await(next, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(again.pid(next)).isNotEqualTo(pid);
  }

  @Test
  void theBuiltInCopyJobRunsWarmOnTheLocalStoreAndWithoutWarmExecutorsEveryJobGetsItsOwnJvm() throws Exception {
    Path root = tmp.resolve("store");
    Files.createDirectories(root.resolve("input/data"));
    Files.writeString(root.resolve("input/data/a.tsv"), "1\t2\n");
    for (boolean warm : List.of(true, false)) {
      engine = BuiltInEngine.builder(tmp.resolve("engine-" + warm)).clock(clock).cores(1).memoryMiB(4096)
          .warmExecutors(warm).build();
      Set<Long> pids = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        JobSpec copy = new JobSpec("copy", BuiltInJobs.SPARK_DEMO_ALIAS, List.of(),
            List.of("input=wasb://input@local/data", "output=wasb://output@local/out" + warm + i),
            Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, "UseLocalStore=true",
                JobSpec.CONF_STORAGE_LOCAL_ROOT, root.toString()), UUID.randomUUID().toString());
        JobId id = engine.submit(copy);
        assertThat(engine.await(id, WAIT).state()).as(engine.log(id)).isEqualTo(JobState.SUCCEEDED);
        pids.add(engine.pid(id));
        assertThat(root.resolve("output/out" + warm + i + "/a.tsv")).hasContent("1\t2\n");
      }
      assertThat(pids).hasSize(warm ? 1 : 3);
      engine.close();
      engine = null;
    }
  }
}
