package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link LivyBatches} over the built-in engine must do, run in process and over HTTP by the
 * subclasses (the JobRunr {@code StorageProviderTest} pattern).
 */
abstract class LivyBatchesContract {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Instant T0 = Instant.parse("2015-11-16T00:00:01Z");

  @TempDir Path work;
  MutableClock clock = new MutableClock(T0);
  BuiltInEngine engine;
  @TempDir Path files;
  String appJar;
  LivyBatches batches;

  /** The API under test, over {@code local}. */
  abstract LivyBatches open(EngineBatches local);

  /** Releases what {@link #open} started. */
  void closeTransport() {}

  @BeforeEach
  void start() {
    engine = new BuiltInEngine(work, clock, 2);
    try {
      // Livy's file: the application jar, fetched by the engine (an empty jar: the classes are on its classpath)
      Path jar = files.resolve("app.jar");
      try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
        out.putNextEntry(new java.util.zip.ZipEntry("META-INF/"));
      }
      appJar = jar.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    batches = open(new EngineBatches(engine, work.toString()));
  }

  @AfterEach
  void stop() {
    batches.close();
    closeTransport();
    engine.close();
  }

  CreateBatchRequest request(String name, Class<?> job, String... args) {
    return CreateBatchRequest.of(appJar, job.getName(), List.of(args)).withName(name);
  }

  /** Follows the batch with awaitChange until it is final. */
  Batch awaitFinal(Batch b) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!b.livyState().isFinal()) {
      assertThat(System.nanoTime()).as("batch %s final within %s", b.id(), WAIT).isLessThan(deadline);
      b = batches.awaitChange(b.id(), b.state(), WAIT).orElseThrow();
    }
    return b;
  }

  /** Follows the batch with awaitChange until it is in {@code state} (or final). */
  Batch awaitState(Batch b, LivyState state) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (b.livyState() != state && !b.livyState().isFinal()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      b = batches.awaitChange(b.id(), b.state(), WAIT).orElseThrow();
    }
    return b;
  }

  JobStatus job(int number) {
    return engine.jobs().stream().filter(s -> s.number() == number).findFirst().orElseThrow();
  }

  @Test
  void aBatchGoesFromStartingToSuccessWithItsLogLines() throws Exception {
    Batch b = batches.create(request("hello-1", TestJobs.Hello.class, "a", "b"));
    assertThat(b.id()).isEqualTo(1);
    assertThat(b.name()).isEqualTo("hello-1");
    assertThat(b.state()).isIn("starting", "running", "success");
    assertThat(b.appId()).isNull();

    Batch done = awaitFinal(b);
    assertThat(done.state()).isEqualTo("success");
    assertThat(done.livyState().isSuccess()).isTrue();
    assertThat(done.log()).anyMatch(l -> l.startsWith("hello a b in job-")).hasSizeLessThanOrEqualTo(10);
    assertThat(done.appInfo()).containsKey(Batch.SPARK_UI_URL)
        .containsEntry(Batch.DRIVER_LOG_URL, job(1).logFile().toString());
    assertThat(batches.get("1")).contains(done);
  }

  @Test
  void aBlockedBatchIsRunningUntilItsJobReturns() throws Exception {
    Path gate = files.resolve("release-blocking");
    Batch b = batches.create(request("blocking", TestJobs.WaitForFile.class, gate.toString()));
    Batch running = awaitState(b, LivyState.RUNNING);
    assertThat(running.state()).isEqualTo("running");
    assertThat(batches.awaitChange(b.id(), "running", Duration.ofMillis(50))).get()
        .extracting(Batch::state).isEqualTo("running");

    java.nio.file.Files.writeString(gate, "go");
    assertThat(awaitFinal(running).state()).isEqualTo("success");
  }

  @Test
  void aFailingJobIsDead() throws Exception {
    Batch b = awaitFinal(batches.create(request("failing", TestJobs.Failing.class)));
    assertThat(b.state()).isEqualTo("dead");
    assertThat(b.log()).anyMatch(l -> l.contains("boom: input slice missing"));
    assertThat(awaitFinal(batches.create(request("exit-3", TestJobs.ExitThree.class))).state()).isEqualTo("dead");
  }

  @Test
  void deletingARunningBatchKillsItsJobAndForgetsTheBatch() throws Exception {
    Batch b = awaitState(batches.create(request("to-kill", TestJobs.WaitForFile.class,
        files.resolve("never").toString())), LivyState.RUNNING);
    assertThat(b.state()).isEqualTo("running");

    assertThat(batches.delete(b.id())).isTrue();
    assertThat(job(b.id()).state()).isEqualTo(JobState.KILLED);
    assertThat(batches.get(Integer.toString(b.id()))).isEmpty();
    assertThat(batches.get("to-kill")).isEmpty();
    assertThat(batches.awaitChange(b.id(), "running", WAIT)).isEmpty();
    assertThat(batches.list(0, 100).sessions()).isEmpty();
    assertThat(batches.delete(b.id())).isFalse();
    assertStatus(() -> batches.create(request("to-kill", TestJobs.Hello.class)), 400, "Duplicate session name");
    assertThatThrownBy(() -> batches.log(b.id(), null, null)).isInstanceOf(LivyException.class)
        .satisfies(e -> assertThat(((LivyException) e).status()).isEqualTo(404));
  }

  @Test
  void aSecondCreateWithTheSameNameReturnsTheFirstBatchAndRunsNothing() throws Exception {
    Batch first = awaitFinal(batches.create(request("attempt-key-7", TestJobs.Hello.class, "once")));
    Batch again = batches.create(request("attempt-key-7", TestJobs.Hello.class, "twice"));
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.state()).isEqualTo("success");
    assertThat(engine.jobs()).hasSize(1);
    assertThat(batches.get("attempt-key-7")).get().extracting(Batch::id).isEqualTo(first.id());
  }

  @Test
  void aRequestWithoutNameGetsAUniqueOne() throws Exception {
    Batch a = batches.create(request(null, TestJobs.Hello.class));
    Batch b = batches.create(request(null, TestJobs.Hello.class));
    assertThat(a.name()).isNotBlank().isNotEqualTo(b.name());
    assertThat(b.id()).isEqualTo(a.id() + 1);
  }

  @Test
  void theListIsPagedByIdWithTheTotal() throws Exception {
    for (int i = 0; i < 3; i++) {
      awaitFinal(batches.create(request("b" + i, TestJobs.Hello.class)));
    }
    BatchList first = batches.list(0, 2);
    assertThat(first.from()).isZero();
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.sessions()).extracting(Batch::id).containsExactly(1, 2);
    assertThat(first.sessions()).extracting(Batch::name).containsExactly("b0", "b1");
    assertThat(batches.list(2, 100).sessions()).extracting(Batch::id).containsExactly(3);
    assertThat(batches.list(5, 100).sessions()).isEmpty();
    assertThat(batches.list(5, 100).total()).isEqualTo(3);
  }

  @Test
  void theLogIsPagedLikeLivy() throws Exception {
    Batch b = awaitFinal(batches.create(request("lines", LivyTestJobs.Lines.class, "150")));
    List<String> all = engine.log(job(b.id()).id()).lines().toList();
    int n = all.size();
    assertThat(n).isGreaterThan(150);

    BatchLog tail = batches.log(b.id(), null, null);
    assertThat(tail.id()).isEqualTo(b.id());
    assertThat(tail.total()).isEqualTo(n);
    assertThat(tail.from()).isEqualTo(n - 100);
    assertThat(tail.log()).isEqualTo(all.subList(n - 100, n));
    assertThat(b.log()).isEqualTo(all.subList(n - 10, n));

    assertThat(batches.log(b.id(), 0, 5).log()).isEqualTo(all.subList(0, 5));
    BatchLog middle = batches.log(b.id(), 10, 3);
    assertThat(middle.from()).isEqualTo(10);
    assertThat(middle.log()).containsExactlyElementsOf(all.subList(10, 13));
    assertThat(batches.log(b.id(), null, 3).from()).isEqualTo(n - 3);
    assertThat(batches.log(b.id(), n - 2, 10).log()).isEqualTo(all.subList(n - 2, n));
    assertThat(batches.log(b.id(), n + 5, 10).log()).isEmpty();
    assertThat(batches.log(b.id(), 0, -1).log()).isEqualTo(all);
    assertThat(batches.log(b.id(), 3, null).log()).isEqualTo(all.subList(3, 103));
  }

  @Test
  void resourceFieldsReachTheJobsConf() throws Exception {
    CreateBatchRequest r = new CreateBatchRequest("file:///opt/app.jar", "alice", TestJobs.Hello.class.getName(),
        List.of(), List.of("file:///opt/extra.jar"), List.of(), List.of("file:///opt/f.txt"), null, "1g", 2, "2g", 1,
        4, "default", "resources", Map.of("spark.x", "y"));
    Batch b = awaitFinal(batches.create(r));
    assertThat(b.proxyUser()).isEqualTo("alice");
    String submitted = engine.log(job(b.id()).id()).lines().filter(l -> l.contains("submitted JobSpec"))
        .findFirst().orElseThrow();
    assertThat(submitted).contains("driverMemory=1g", "driverCores=2", "executorMemory=2g", "executorCores=1",
        "numExecutors=4", "spark.x=y");
  }

  @Test
  void refusedRequestsAre400WithTheReason() {
    assertStatus(() -> batches.create(CreateBatchRequest.of(null, TestJobs.Hello.class.getName(), List.of())), 400,
        "File is required.");
    assertStatus(() -> batches.create(CreateBatchRequest.of("file:///a.jar", null, List.of())), 400,
        "className is required");
    assertStatus(() -> batches.create(request("unknown", Object.class).withName("u")), 400,
        "is not a built-in job");
    CreateBatchRequest py = new CreateBatchRequest("file:///a.py", null, "x.Y", null, null, List.of("b.py"), null,
        null, null, null, null, null, null, null, "py", null);
    assertStatus(() -> batches.create(py), 400, "not supported by the built-in engine");
    assertThat(engine.jobs()).isEmpty();
  }

  @Test
  void unknownBatchesAreEmptyOrFalse() throws Exception {
    assertThat(batches.get("999")).isEmpty();
    assertThat(batches.get("no-such-name")).isEmpty();
    assertThat(batches.delete(999)).isFalse();
    assertThat(batches.awaitChange(999, "starting", Duration.ofSeconds(1))).isEmpty();
    assertStatus(() -> batches.log(999, null, null), 404, "Session '999' not found.");
  }

  @Test
  void describeNamesTheEngineWithoutSecrets() {
    assertThat(batches.describe()).isNotBlank().doesNotContain("s3cret");
  }

  interface Call {
    Object run() throws Exception;
  }

  static void assertStatus(Call call, int status, String message) {
    assertThatThrownBy(call::run).isInstanceOf(LivyException.class)
        .satisfies(e -> assertThat(((LivyException) e).status()).isEqualTo(status))
        .hasMessageContaining(message);
  }
}
