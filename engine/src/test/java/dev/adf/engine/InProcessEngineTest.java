package dev.adf.engine;
import dev.adf.engine.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.jobs.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessEngineTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Instant T0 = Instant.parse("2015-11-16T00:00:01Z");

  @TempDir Path work;
  MutableClock clock = new MutableClock(T0);
  InProcessEngine engine;

  @BeforeEach
  void start() {
    engine = new InProcessEngine(work, clock, 2);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  static JobSpec spec(Class<?> job, String... args) {
    return new JobSpec(job.getSimpleName(), job.getName(), List.of(), List.of(args), Map.of(), UUID.randomUUID().toString());
  }

  @Test
  void runsAJobLoadedByClassNameAndRecordsTimesFromTheClock() throws Exception {
    JobId id = engine.submit(spec(TestJobs.Hello.class, "a", "b"));
    assertThat(id.value()).matches("job-20151116000001-[0-9a-f]{8}");
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(s.exitCode()).isZero();
    assertThat(s.error()).isNull();
    assertThat(s.submitted()).isEqualTo(T0);
    assertThat(s.started()).isEqualTo(T0);
    assertThat(s.ended()).isEqualTo(T0);
    assertThat(s.logFile()).isEqualTo(work.resolve(id.value()).resolve("job.log"));
    assertThat(engine.log(id)).contains("hello a b in " + id.value()).contains("job " + id + " SUCCEEDED (exit code 0)");
    assertThat(engine.history(id)).extracting(StateChange::state).containsExactly(
        JobState.SUBMITTED, JobState.STARTING, JobState.RUNNING, JobState.SUCCEEDED);
  }

  @Test
  void aThrowingJobFailsWithAOneLineErrorAndItsStackTraceInTheLog() throws Exception {
    JobId id = engine.submit(spec(TestJobs.Failing.class));
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).isEqualTo(JobState.FAILED);
    assertThat(s.error()).isEqualTo("IllegalStateException: boom: input slice missing").doesNotContain("\n");
    assertThat(engine.log(id)).contains("about to fail").contains("FAILED: IllegalStateException: boom")
        .contains("at dev.adf.engine.jobs.TestJobs$Failing.run");
  }

  @Test
  void aNonZeroExitCodeFails() throws Exception {
    JobStatus s = engine.await(engine.submit(spec(TestJobs.ExitThree.class)), WAIT);
    assertThat(s.state()).isEqualTo(JobState.FAILED);
    assertThat(s.exitCode()).isEqualTo(3);
    assertThat(s.error()).isEqualTo("job exited with code 3");
  }

  @Test
  void aSecondSubmitWithTheSameKeyReturnsTheFirstJobAlsoAfterARestart() throws Exception {
    JobSpec spec = spec(TestJobs.Hello.class);
    JobId first = engine.submit(spec);
    assertThat(engine.submit(spec)).isEqualTo(first);
    engine.await(first, WAIT);
    engine.close();
    engine = new InProcessEngine(work, clock, 2);
    assertThat(engine.submit(spec)).isEqualTo(first);
    assertThat(engine.status(first).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(engine.jobs()).hasSize(1);
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
  void killForcesAJobThatIgnoresStopRequestsAndTheThreadIsGone() throws Exception {
    JobId id = engine.submit(spec(TestJobs.Spinning.class));
    assertThat(engine.awaitState(id, JobState.RUNNING, WAIT).state()).isEqualTo(JobState.RUNNING);
    clock.advance(Duration.ofMinutes(1));
    JobStatus s = engine.kill(id, Duration.ofMillis(200));
    assertThat(s.state()).isEqualTo(JobState.KILLED);
    assertThat(s.ended()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("adf-job-" + id) && t.isAlive());
    assertThat(engine.log(id)).contains("spinning");
    assertThat(engine.kill(id, Duration.ZERO).state()).isEqualTo(JobState.KILLED); // already terminal
  }

  @Test
  void killStopsACooperativeJobWithinGraceAndFreesItsSlot() throws Exception {
    String latch = UUID.randomUUID().toString();
    JobId a = engine.submit(spec(TestJobs.Blocking.class, latch));
    JobId b = engine.submit(spec(TestJobs.Blocking.class, latch));
    JobId c = engine.submit(spec(TestJobs.Hello.class));
    engine.awaitState(b, JobState.RUNNING, WAIT);
    assertThat(engine.status(c).state()).isEqualTo(JobState.SUBMITTED); // both slots taken
    assertThat(engine.kill(a, WAIT).state()).isEqualTo(JobState.KILLED);
    assertThat(engine.await(c, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    TestJobs.latch(latch).countDown();
    assertThat(engine.await(b, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void closeKillsRunningJobsAndRefusesNewOnes() throws Exception {
    JobId id = engine.submit(spec(TestJobs.Blocking.class, UUID.randomUUID().toString()));
    engine.awaitState(id, JobState.RUNNING, WAIT);
    engine.close();
    assertThat(engine.status(id).state()).isEqualTo(JobState.KILLED);
    assertThatThrownBy(() -> engine.submit(spec(TestJobs.Hello.class))).hasMessageContaining("closed");
  }

  @Test
  void journalNeverHoldsSecretsFromConfOrArgs() throws Exception {
    JobSpec spec = new JobSpec("s", TestJobs.ExitThree.class.getName(), List.of(),
        List.of("--connectionString", "AccountName=a;AccountKey=TOPSECRET=="),
        Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, "AccountName=a;AccountKey=TOPSECRET=="), "k-secret");
    JobId id = engine.submit(spec);
    engine.await(id, WAIT);
    try (var files = Files.list(work.resolve(id.value()))) {
      for (Path f : files.toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain("TOPSECRET");
      }
    }
  }

  @Test
  void builderValidatesItsOptions() {
    assertThatThrownBy(() -> InProcessEngine.builder(work).maxConcurrentJobs(0).build())
        .hasMessageContaining("maxConcurrentJobs");
    assertThatThrownBy(() -> InProcessEngine.builder(work).maxQueueWait(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("maxQueueWait");
  }
}
