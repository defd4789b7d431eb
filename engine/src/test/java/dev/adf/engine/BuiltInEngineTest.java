package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.child.ChildFiles;
import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.testing.MutableClock;
import dev.adf.engine.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in engine with real child JVMs. Waits are bounded and never sleep. */
class BuiltInEngineTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2015-11-16T00:00:01Z");

  @TempDir Path tmp;
  Path work;
  MutableClock clock = new MutableClock(T0);
  BuiltInEngine engine;

  @BeforeEach
  void start() {
    work = tmp.resolve("engine");
    engine = engine(2, 2048);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  BuiltInEngine engine(int cores, long memoryMiB) {
    return BuiltInEngine.builder(work).clock(clock).cores(cores).memoryMiB(memoryMiB).build();
  }

  static JobSpec spec(Class<?> job, String... args) {
    return spec(job, Map.of(), args);
  }

  static JobSpec spec(Class<?> job, Map<String, String> conf, String... args) {
    return new JobSpec(job.getSimpleName(), job.getName(), List.of(), List.of(args), conf, UUID.randomUUID().toString());
  }

  /** A file the test creates to let a {@link TestJobs.WaitForFile} job finish. */
  Path gate() {
    return tmp.resolve("gate-" + UUID.randomUUID());
  }

  @Test
  void runsAnEngineJobInItsOwnJvmAndRecordsTimesFromTheClock() throws Exception {
    JobId id = engine.submit(spec(TestJobs.Hello.class, "a", "b"));
    assertThat(id.value()).matches("job-20151116000001-[0-9a-f]{8}");
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(s.exitCode()).isZero();
    assertThat(s.error()).isNull();
    assertThat(s.submitted()).isEqualTo(T0);
    assertThat(s.started()).isEqualTo(T0);
    assertThat(s.ended()).isEqualTo(T0);
    assertThat(s.number()).isEqualTo(1);
    assertThat(s.logFile()).isEqualTo(work.resolve(id.value()).resolve("stdout"));
    assertThat(Files.readString(s.logFile())).isEqualTo("hello a b in " + id.value() + "\n");
    assertThat(engine.pid(id)).isPositive().isNotEqualTo(ProcessHandle.current().pid());
    assertThat(engine.log(id)).contains("hello a b in " + id.value()).contains("--- engine ---")
        .contains("job " + id + " SUCCEEDED (exit code 0)");
    assertThat(engine.history(id)).extracting(StateChange::state).containsExactly(
        JobState.SUBMITTED, JobState.STARTING, JobState.RUNNING, JobState.SUCCEEDED);
    assertThat(ChildFiles.readExit(engine.workDir(id))).contains(new ChildFiles.Outcome(0, null));
  }

  @Test
  void exitCodesDecideTheOutcomeAndNoJobCanHurtTheEngine() throws Exception {
    Map<String, JobId> ids = new LinkedHashMap<>();
    ids.put("engineJob3", engine.submit(spec(TestJobs.ExitThree.class)));
    ids.put("throws", engine.submit(spec(TestJobs.Failing.class)));
    ids.put("main", engine.submit(spec(TestJobs.MainHello.class, "x", "y")));
    ids.put("exit3", engine.submit(spec(TestJobs.MainExitThree.class)));
    ids.put("mainThrows", engine.submit(spec(TestJobs.MainThrows.class)));
    ids.put("oom", engine.submit(spec(TestJobs.MainOutOfMemory.class, Map.of("driverMemory", "16m"))));
    ids.put("leak", engine.submit(spec(TestJobs.MainLeaksThread.class)));
    Map<String, JobStatus> s = new LinkedHashMap<>();
    for (var e : ids.entrySet()) {
      s.put(e.getKey(), engine.await(e.getValue(), WAIT));
    }
    assertThat(s.get("engineJob3")).extracting(JobStatus::state, JobStatus::exitCode, JobStatus::error)
        .containsExactly(JobState.FAILED, 3, "job exited with code 3");
    assertThat(s.get("throws")).extracting(JobStatus::state, JobStatus::exitCode, JobStatus::error)
        .containsExactly(JobState.FAILED, 1, "IllegalStateException: boom: input slice missing");
    assertThat(engine.log(ids.get("throws"))).contains("about to fail").contains("--- stderr ---")
        .contains("at dev.adf.engine.jobs.TestJobs$Failing.run");
    assertThat(s.get("main")).extracting(JobStatus::state, JobStatus::exitCode).containsExactly(JobState.SUCCEEDED, 0);
    assertThat(engine.log(ids.get("main"))).startsWith("main hello x y\n");
    assertThat(s.get("exit3")).extracting(JobStatus::state, JobStatus::exitCode, JobStatus::error)
        .containsExactly(JobState.FAILED, 3, "job exited with code 3 through System.exit or a JVM error (no outcome recorded); see its stderr");
    assertThat(s.get("mainThrows")).extracting(JobStatus::state, JobStatus::exitCode, JobStatus::error)
        .containsExactly(JobState.FAILED, 1, "IllegalStateException: main failed");
    assertThat(Files.readString(engine.workDir(ids.get("mainThrows")).resolve("stderr")))
        .contains("java.lang.IllegalStateException: main failed").contains("TestJobs$MainThrows.main");
    assertThat(s.get("oom").state()).isEqualTo(JobState.FAILED);
    assertThat(s.get("oom").error()).contains("ran out of memory (heap 16 MiB)").contains("driverMemory");
    assertThat(s.get("leak")).extracting(JobStatus::state, JobStatus::exitCode).containsExactly(JobState.SUCCEEDED, 0);
    // the engine is unhurt: it still runs jobs
    assertThat(engine.await(engine.submit(spec(TestJobs.Hello.class)), WAIT).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aBigJobAtTheHeadOfTheQueueBlocksASmallOneBehindIt() throws Exception {
    Path gateA = gate();
    Path gateB = gate();
    JobId a = engine.submit(spec(TestJobs.WaitForFile.class, gateA.toString()));
    assertThat(engine.awaitState(a, JobState.RUNNING, WAIT).state()).isEqualTo(JobState.RUNNING);
    JobId big = engine.submit(spec(TestJobs.WaitForFile.class, Map.of("executorCores", "2", "driverMemory", "1g"),
        gateB.toString()));
    JobId small = engine.submit(spec(TestJobs.Hello.class)); // would fit now, but waits behind big
    JobStatus bigStatus = engine.status(big);
    assertThat(bigStatus.state()).isEqualTo(JobState.SUBMITTED);
    assertThat(bigStatus.waitingFor()).isEqualTo("2 cores and 1024 MiB; 1 core and 1536 MiB free; 0 jobs ahead");
    JobStatus smallStatus = engine.status(small);
    assertThat(smallStatus.state()).isEqualTo(JobState.SUBMITTED);
    assertThat(smallStatus.waitingFor()).isEqualTo("1 core and 512 MiB; 1 core and 1536 MiB free; 1 job ahead");
    assertThat(engine.jobs()).extracting(JobStatus::number).containsExactly(1, 2, 3);

    Files.createFile(gateA);
    assertThat(engine.await(a, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.awaitState(big, JobState.RUNNING, WAIT).state()).isEqualTo(JobState.RUNNING);
    assertThat(engine.status(big).waitingFor()).isNull();
    assertThat(engine.status(small).state()).isEqualTo(JobState.SUBMITTED); // big holds both cores
    assertThat(engine.status(small).waitingFor()).isEqualTo("1 core and 512 MiB; 0 cores and 1024 MiB free; 0 jobs ahead");
    Files.createFile(gateB);
    assertThat(engine.await(small, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.status(big).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aJobLargerThanTheEngineOrWithMalformedResourcesIsRefusedAtSubmit() {
    assertThatThrownBy(() -> engine.submit(spec(TestJobs.Hello.class, Map.of("executorCores", "3"))))
        .isInstanceOf(JobTooLargeException.class).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 3 cores and 512 MiB").hasMessageContaining("2 cores and 2048 MiB")
        .hasMessageContaining("executorCores");
    assertThatThrownBy(() -> engine.submit(spec(TestJobs.Hello.class, Map.of("spark.driver.memory", "4g"))))
        .isInstanceOf(JobTooLargeException.class).hasMessageContaining("4096 MiB").hasMessageContaining("driverMemory");
    assertThatThrownBy(() -> engine.submit(spec(TestJobs.Hello.class, Map.of("executorMemory", "lots"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executorMemory 'lots'");
    assertThatThrownBy(() -> engine.submit(spec(TestJobs.Hello.class, Map.of("executorCores", "0"))))
        .hasMessageContaining("executorCores '0'");
    assertThat(engine.jobs()).isEmpty();
  }

  @Test
  void unknownOrUnsuitableClassesAreRejectedAtSubmit() {
    assertThatThrownBy(() -> engine.submit(new JobSpec("x", "com.example.NoSuchJob", List.of(), List.of(), Map.of(), "k1")))
        .isInstanceOf(UnknownJobClassException.class).hasMessageContaining("com.example.NoSuchJob")
        .hasMessageContaining(BuiltInJobs.BLOB_COPY);
    assertThatThrownBy(() -> engine.submit(new JobSpec("x", "java.lang.String", List.of(), List.of(), Map.of(), "k2")))
        .isInstanceOf(UnknownJobClassException.class);
    assertThat(engine.jobs()).isEmpty();
  }

  @Test
  void killStopsACooperativeJobWithinGraceAndFreesItsCapacity() throws Exception {
    engine.close();
    engine = engine(1, 2048);
    JobId a = engine.submit(spec(TestJobs.WaitForFile.class, gate().toString()));
    JobId b = engine.submit(spec(TestJobs.Hello.class));
    engine.awaitState(a, JobState.RUNNING, WAIT);
    long pid = engine.pid(a);
    assertThat(engine.status(b).state()).isEqualTo(JobState.SUBMITTED);
    clock.advance(Duration.ofMinutes(1));
    long t0 = System.nanoTime();
    JobStatus s = engine.kill(a, WAIT);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT);
    assertThat(s.state()).isEqualTo(JobState.KILLED);
    assertThat(s.error()).contains("stopped within the grace");
    assertThat(s.ended()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    assertThat(engine.await(b, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.kill(a, Duration.ZERO).state()).isEqualTo(JobState.KILLED); // already terminal
  }

  @Test
  void killForcesAJobThatIgnoresSigtermAndItsWholeProcessTreeIsGone() throws Exception {
    JobId id = engine.submit(spec(TestJobs.IgnoresStop.class));
    assertThat(engine.awaitState(id, JobState.RUNNING, WAIT).state()).isEqualTo(JobState.RUNNING);
    long pid = engine.pid(id);
    long grandchild = Long.parseLong(Files.readString(engine.workDir(id).resolve(TestJobs.GRANDCHILD_PID_FILE)));
    ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
    ProcessHandle sleeper = ProcessHandle.of(grandchild).orElseThrow();
    assertThat(child.descendants()).contains(sleeper);

    JobStatus s = engine.kill(id, Duration.ofMillis(300));

    assertThat(s.state()).isEqualTo(JobState.KILLED);
    assertThat(s.error()).contains("forced after a grace of 300 ms");
    assertThat(child.isAlive()).isFalse();
    assertThat(sleeper.isAlive()).isFalse();
  }

  @Test
  void killOfAQueuedJobRemovesItFromTheQueue() throws Exception {
    Path gateA = gate();
    JobId a = engine.submit(spec(TestJobs.WaitForFile.class, Map.of("executorCores", "2"), gateA.toString()));
    JobId queued = engine.submit(spec(TestJobs.Hello.class));
    JobId behind = engine.submit(spec(TestJobs.Hello.class));
    engine.awaitState(a, JobState.RUNNING, WAIT);
    assertThat(engine.status(behind).waitingFor()).endsWith("1 job ahead");
    JobStatus s = engine.kill(queued, WAIT);
    assertThat(s.state()).isEqualTo(JobState.KILLED);
    assertThat(s.error()).isEqualTo("killed on request while queued");
    assertThat(s.waitingFor()).isNull();
    assertThat(engine.status(behind).waitingFor()).endsWith("0 jobs ahead");
    assertThat(Files.exists(engine.workDir(queued).resolve("stdout"))).isFalse(); // never started
    Files.createFile(gateA);
    assertThat(engine.await(behind, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void userJarsAreFetchedFromTheBlobStoreAndFromDiskAndTheirMainGetsTheArgs() throws Exception {
    Path jar = TestJars.build(tmp.resolve("build"), "demo.PrintArgs", TestJars.printArgsSource("demo", "PrintArgs"),
        tmp.resolve("print-args.jar"));
    Path storeRoot = tmp.resolve("store");
    Files.createDirectories(storeRoot.resolve("jars/lib"));
    Files.copy(jar, storeRoot.resolve("jars/lib/print-args.jar"));
    Map<String, String> conf = Map.of(JobSpec.CONF_JARS_CONNECTION_STRING, "UseLocalStore=true",
        JobSpec.CONF_STORAGE_LOCAL_ROOT, storeRoot.toString());
    JobId fromBlob = engine.submit(new JobSpec("blob", "demo.PrintArgs",
        List.of("wasbs://jars@account.blob.core.windows.net/lib/print-args.jar"), List.of("a", "b"), conf, "k-blob"));
    JobId fromFile = engine.submit(new JobSpec("file", "demo.PrintArgs", List.of(jar.toUri().toString()),
        List.of("c"), Map.of(), "k-file"));
    JobId fromPath = engine.submit(new JobSpec("path", "demo.PrintArgs", List.of(jar.toString()),
        List.of(), Map.of(), "k-path"));
    assertThat(engine.await(fromBlob, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.log(fromBlob)).startsWith("user jar args: a,b\n");
    assertThat(engine.await(fromFile, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.log(fromFile)).startsWith("user jar args: c\n");
    assertThat(engine.await(fromPath, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void jarsAreNotFetchedForAMainClassOnTheEngineClasspath() throws Exception {
    JobId id = engine.submit(new JobSpec("h", TestJobs.Hello.class.getName(),
        List.of("wasb://jars@account.blob.core.windows.net/not/there.jar"), List.of(), Map.of(), "k"));
    assertThat(engine.await(id, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aMissingJarOrAClassMissingFromTheJarsFailsTheJobWithAClearMessage() throws Exception {
    Path jar = TestJars.build(tmp.resolve("build"), "demo.PrintArgs", TestJars.printArgsSource("demo", "PrintArgs"),
        tmp.resolve("print-args.jar"));
    Map<String, String> conf = Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, "UseLocalStore=true;Secret=TOPSECRET",
        JobSpec.CONF_STORAGE_LOCAL_ROOT, tmp.resolve("store").toString());
    JobId missingBlob = engine.submit(new JobSpec("m1", "demo.PrintArgs",
        List.of("wasb://jars@account.blob.core.windows.net/lib/nope.jar"), List.of(), conf, "k1"));
    JobId missingFile = engine.submit(new JobSpec("m2", "demo.PrintArgs", List.of(tmp.resolve("nope.jar").toString()),
        List.of(), Map.of(), "k2"));
    JobId wrongClass = engine.submit(new JobSpec("m3", "demo.NotThere", List.of(jar.toString()), List.of(), Map.of(), "k3"));
    JobStatus s1 = engine.await(missingBlob, WAIT);
    assertThat(s1.state()).isEqualTo(JobState.FAILED);
    assertThat(s1.error()).contains("wasb://jars@account.blob.core.windows.net/lib/nope.jar").contains("not found")
        .doesNotContain("TOPSECRET");
    JobStatus s2 = engine.await(missingFile, WAIT);
    assertThat(s2.error()).isEqualTo("jar " + tmp.resolve("nope.jar") + " does not exist");
    assertThat(engine.history(missingFile)).extracting(StateChange::state)
        .containsExactly(JobState.SUBMITTED, JobState.STARTING, JobState.FAILED);
    JobStatus s3 = engine.await(wrongClass, WAIT);
    assertThat(s3.state()).isEqualTo(JobState.FAILED);
    assertThat(s3.error()).contains("'demo.NotThere'").contains("job's jars");
    assertThat(Files.readString(engine.workDir(wrongClass).resolve("stderr"))).contains("'demo.NotThere'");
  }

  @Test
  void aRestartedEngineReattachesToARunningJobAndKeepsIdempotencyKeys() throws Exception {
    Path go = gate();
    JobSpec spec = spec(TestJobs.WaitForFile.class, go.toString(), "0");
    JobId id = engine.submit(spec);
    engine.awaitState(id, JobState.RUNNING, WAIT);
    long pid = engine.pid(id);
    engine.closeLeavingJobsRunning(); // as if the engine crashed

    engine = engine(1, 2048);
    assertThat(engine.status(id).state()).isEqualTo(JobState.RUNNING);
    assertThat(engine.pid(id)).isEqualTo(pid);
    assertThat(engine.submit(spec)).isEqualTo(id);
    JobId next = engine.submit(spec(TestJobs.Hello.class)); // the re-attached job holds the only core
    assertThat(engine.status(next).waitingFor()).isEqualTo("1 core and 512 MiB; 0 cores and 1536 MiB free; 0 jobs ahead");
    assertThat(engine.status(next).number()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(5));
    Files.createFile(go);
    JobStatus s = engine.await(id, WAIT);
    assertThat(s).extracting(JobStatus::state, JobStatus::exitCode).containsExactly(JobState.SUCCEEDED, 0);
    assertThat(s.ended()).isEqualTo(T0.plusSeconds(5));
    assertThat(engine.await(next, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.log(id)).contains("re-attached to JVM pid " + pid);
  }

  @Test
  void jobsWhoseJvmEndedWhileNoEngineRanEndByTheirExitFileElseLost() throws Exception {
    Path go = gate();
    JobId finished = engine.submit(spec(TestJobs.WaitForFile.class, go.toString(), "4"));
    JobId killed = engine.submit(spec(TestJobs.WaitForFile.class, gate().toString()));
    JobId queued = engine.submit(spec(TestJobs.Hello.class));
    engine.awaitState(finished, JobState.RUNNING, WAIT);
    engine.awaitState(killed, JobState.RUNNING, WAIT);
    ProcessHandle finishedJvm = ProcessHandle.of(engine.pid(finished)).orElseThrow();
    ProcessHandle killedJvm = ProcessHandle.of(engine.pid(killed)).orElseThrow();
    engine.closeLeavingJobsRunning();
    Files.createFile(go);
    killedJvm.destroyForcibly();
    finishedJvm.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    killedJvm.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);

    engine = engine(2, 2048);
    assertThat(engine.status(finished)).extracting(JobStatus::state, JobStatus::exitCode, JobStatus::error)
        .containsExactly(JobState.FAILED, 4, "job exited with code 4");
    assertThat(engine.status(killed).state()).isEqualTo(JobState.LOST);
    assertThat(engine.status(killed).error()).contains("ended without recording an exit code");
    assertThat(engine.status(queued).state()).isEqualTo(JobState.LOST);
    assertThat(engine.status(queued).error()).isEqualTo("the engine restarted before it started the job");
  }

  @Test
  void closeKillsRunningJobsAndRefusesNewOnes() throws Exception {
    JobId id = engine.submit(spec(TestJobs.WaitForFile.class, gate().toString()));
    engine.awaitState(id, JobState.RUNNING, WAIT);
    ProcessHandle jvm = ProcessHandle.of(engine.pid(id)).orElseThrow();
    engine.close();
    assertThat(engine.status(id).state()).isEqualTo(JobState.KILLED);
    assertThat(jvm.isAlive()).isFalse();
    assertThatThrownBy(() -> engine.submit(spec(TestJobs.Hello.class))).hasMessageContaining("closed");
  }

  @Test
  void neitherTheJournalNorTheCommandLineHoldSecretsFromConfOrArgs() throws Exception {
    JobSpec spec = new JobSpec("s", TestJobs.ExitThree.class.getName(), List.of(),
        List.of("--connectionString", "AccountName=a;AccountKey=TOPSECRET=="),
        Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, "AccountName=a;AccountKey=TOPSECRET=="), "k-secret");
    JobId id = engine.submit(spec);
    engine.await(id, WAIT);
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(work.resolve(id.value()))) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).extracting(f -> f.getFileName().toString())
        .contains("job.properties", "state.log", "process.properties", "engine.log", "exit", "started");
    for (Path f : files) {
      assertThat(Files.readString(f)).as(f.toString()).doesNotContain("TOPSECRET");
    }
    assertThat(engine.log(id)).contains("started JVM pid").contains("-Xmx512m").contains("-XX:ActiveProcessorCount=1")
        .doesNotContain("TOPSECRET");
  }

  @Test
  void builderValidatesItsOptions() {
    assertThatThrownBy(() -> BuiltInEngine.builder(work).cores(0).build()).hasMessageContaining("cores");
    assertThatThrownBy(() -> BuiltInEngine.builder(work).memoryMiB(1).build()).hasMessageContaining("memory");
    assertThat(BuiltInEngine.Builder.defaultMemoryMiB()).isPositive();
  }
}
