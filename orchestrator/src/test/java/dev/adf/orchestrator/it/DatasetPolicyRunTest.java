package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.orchestrator.actions.Selection;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.schedule.ExternalSliceCheck;
import dev.adf.orchestrator.schedule.ExternalSlices;
import dev.adf.orchestrator.schedule.OutputValidation;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.DatasetSlice;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.orchestrator.window.TimeWindow;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset policies on the real stack (H2 store, scheduling pass, attempt runner, built-in engine),
 * driven pass by pass with a settable clock: externalData (dataDelay, retryInterval, retryTimeout,
 * maximumRetry), rerun --upstream of a window over a failed external slice, validation minimumSizeMB
 * on outputs and external inputs, partitionedBy paths resolved per slice.
 */
public class DatasetPolicyRunTest {
  static final String DAY = "2016-07-12T00:00:00Z";
  static final String NEXT_DAY = "2016-07-13T00:00:00Z";
  static final TimeWindow SLICE = new TimeWindow(Instant.parse(DAY), Instant.parse(NEXT_DAY));

  @TempDir Path tmp;

  // ---- factory files ----

  private Path factory(String external, String output) {
    return TestFactory.folder(tmp.resolve("factory"),
        "External", external,
        "Daily", output,
        "Final", dataset("Final", "out/final", ""),
        "MakeDaily", pipeline("MakeDaily", "[{\"name\": \"External\"}]", "Daily"),
        "MakeFinal", pipeline("MakeFinal", "[{\"name\": \"Daily\"}]", "Final"));
  }

  /** A daily AzureBlob dataset; {@code extra} is more members of its properties, ending with a comma. */
  private static String dataset(String name, String folderPath, String extra) {
    return """
        {"name": "%s", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService", %s
          "typeProperties": {"folderPath": "%s"},
          "availability": {"frequency": "Day", "interval": 1}}}"""
        .formatted(name, extra, folderPath);
  }

  private static String external(String policy) {
    return dataset("External", "input/data", "\"external\": true, \"policy\": " + policy + ",");
  }

  /** A pipeline of one DayJob activity over the day DAY (EndOfInterval: due at NEXT_DAY). */
  private static String pipeline(String name, String inputs, String output) {
    return TestFactory.pipeline(name, inputs, output, "{\"retry\": 0}",
        "\"start\": \"" + DAY + "\", \"end\": \"" + NEXT_DAY + "\"", DependencyPeriodRunTest.DayJob.class);
  }

  // ---- helpers ----

  private static ActivityWindow window(Harness h, String pipeline) {
    return h.windows().stream().filter(w -> w.key().pipeline().equals(pipeline)).findFirst().orElseThrow();
  }

  private static DatasetSlice slice(Harness h) {
    return h.orchestrator.store().datasetSlice("External", SLICE.start()).orElseThrow();
  }

  private static String why(Harness h, String pipeline) {
    return h.pass.explain(window(h, pipeline), h.clock.instant()).orElseThrow().reason();
  }

  private static void put(Harness h, String container, String name, int bytes) throws IOException {
    try (BlobStore store = BlobStores.open("UseLocalStore=true", h.orchestrator.storageRoot())) {
      store.write(container, name, new ByteArrayInputStream(new byte[bytes]), bytes);
    }
  }

  // ---- externalData ----

  @Test
  void lateExternalDataIsCheckedEveryRetryIntervalThenFailsAndRerunUpstreamChecksItAgain() throws Exception {
    Path f = factory(external("""
        {"externalData": {"retryInterval": "00:15:00", "retryTimeout": "00:05:00", "maximumRetry": 3}}"""),
        dataset("Daily", "out/daily", ""));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);

      h.runUntilIdle();
      assertThat(slice(h).checks()).isEqualTo(1);
      assertThat(slice(h).state()).isEqualTo(WindowState.of(WindowSubstatus.ValidationRetry));
      assertThat(slice(h).nextCheck()).isEqualTo(Instant.parse(NEXT_DAY).plus(Duration.ofMinutes(15)));
      assertThat(window(h, "MakeDaily").state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));

      h.clock.advance(Duration.ofMinutes(14));
      h.runUntilIdle();
      assertThat(slice(h).checks()).as("not before retryInterval").isEqualTo(1);

      h.clock.advance(Duration.ofMinutes(1));
      h.runUntilIdle();
      assertThat(slice(h).checks()).isEqualTo(2);
      assertThat(why(h, "MakeDaily")).contains("input External slice").contains("no data found")
          .contains("check 2 of 3").contains("next check at 2016-07-13T00:30:00Z");

      h.clock.advance(Duration.ofMinutes(15));
      h.runUntilIdle();
      DatasetSlice failed = slice(h);
      assertThat(failed.checks()).isEqualTo(3);
      assertThat(failed.state()).isEqualTo(WindowState.of(WindowSubstatus.ValidationFailed));
      assertThat(failed.nextCheck()).isNull();

      // The data comes late: nothing checks it any more, the window waits and says what to do.
      put(h, "input", "data/part-0", 10);
      h.clock.advance(Duration.ofHours(2));
      h.runUntilIdle();
      assertThat(slice(h).checks()).isEqualTo(3);
      ActivityWindow waiting = window(h, "MakeDaily");
      assertThat(waiting.state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));
      assertThat(why(h, "MakeDaily")).contains("is Failed/Validation after 3 availability check(s)")
          .contains("adf rerun --upstream");

      var outcome = new WindowActions(h.orchestrator.store(), h.orchestrator.deployedFactory())
          .rerun(Selection.window("MakeDaily", "MakeDaily", Instant.parse(DAY)), true, h.clock.instant());
      assertThat(outcome.slicesReset()).extracting(DatasetSlice::slice).containsExactly(SLICE);
      assertThat(h.orchestrator.store().datasetSlice("External", SLICE.start())).isEmpty();

      h.runUntilIdle();
      assertThat(slice(h).isReady()).isTrue();
      assertThat(slice(h).checks()).as("counted from scratch").isEqualTo(1);
      assertThat(window(h, "MakeDaily").state().status()).isEqualTo(WindowStatus.Ready);
      assertThat(window(h, "MakeFinal").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void checksCountedSoFarSurviveARestart() throws Exception {
    Path f = factory(external("""
        {"externalData": {"retryInterval": "00:15:00", "maximumRetry": 2}}"""), dataset("Daily", "out/daily", ""));
    Path home = tmp.resolve("home");
    try (Harness h = new Harness(home, Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      h.runUntilIdle();
      assertThat(slice(h).checks()).isEqualTo(1);
    }
    try (Harness h = new Harness(home, Instant.parse(NEXT_DAY).plus(Duration.ofMinutes(10)))) {
      h.runUntilIdle();
      assertThat(slice(h).checks()).as("next check still at 00:15").isEqualTo(1);
      h.clock.advance(Duration.ofMinutes(5));
      h.runUntilIdle();
      assertThat(slice(h).checks()).isEqualTo(2);
      assertThat(slice(h).state()).isEqualTo(WindowState.of(WindowSubstatus.ValidationFailed));
    }
  }

  @Test
  void withoutExternalDataASliceIsCheckedEveryMinuteAndNeverFails() throws Exception {
    Path f = factory(dataset("External", "input/data", "\"external\": true,"), dataset("Daily", "out/daily", ""));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      for (int i = 0; i < 12; i++) {
        h.runUntilIdle();
        h.clock.advance(ExternalSlices.DEFAULT_RECHECK);
      }
      assertThat(slice(h).checks()).isEqualTo(12);
      assertThat(slice(h).state().status()).isEqualTo(WindowStatus.Waiting);

      put(h, "input", "data/part-0", 1);
      h.runUntilIdle();
      assertThat(window(h, "MakeDaily").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void dataDelayHoldsTheFirstCheckOfAPresentTimeSlice() throws Exception {
    Path f = factory(external("{\"externalData\": {\"dataDelay\": \"00:10:00\"}}"), dataset("Daily", "out/daily", ""));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      put(h, "input", "data/part-0", 1);

      h.runUntilIdle();
      h.clock.advance(Duration.ofMinutes(9));
      h.runUntilIdle();
      assertThat(h.orchestrator.store().datasetSlice("External", SLICE.start())).as("not checked yet").isEmpty();
      assertThat(window(h, "MakeDaily").state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));
      assertThat(why(h, "MakeDaily")).contains("is not checked before 2016-07-13T00:10:00Z (slice end + dataDelay 00:10:00)");

      h.clock.advance(Duration.ofMinutes(1));
      h.runUntilIdle();
      assertThat(slice(h).isReady()).isTrue();
      assertThat(window(h, "MakeDaily").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void aPastSliceIsCheckedAtOnceAndItsChecksAreNotSpaced() throws Exception {
    Path f = factory(external("""
        {"externalData": {"dataDelay": "01:00:00", "retryInterval": "01:00:00", "maximumRetry": 3}}"""),
        dataset("Daily", "out/daily", ""));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY).plus(Duration.ofDays(2)))) {
      h.deploy(f, null);

      h.runUntilIdle();
      h.runUntilIdle();
      h.runUntilIdle();

      assertThat(slice(h).checks()).isEqualTo(3);
      assertThat(slice(h).state()).isEqualTo(WindowState.of(WindowSubstatus.ValidationFailed));
    }
  }

  @Test
  void aCheckThatHangsPastRetryTimeoutIsAbandonedAndTheSliceEndsTimedOut() throws Exception {
    Path f = factory(external("""
        {"externalData": {"retryInterval": "00:01:00", "retryTimeout": "00:05:00", "maximumRetry": 2}}"""),
        dataset("Daily", "out/daily", ""));
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    ExternalSliceCheck hangs = (factory, ds, slice) -> {
      calls.incrementAndGet();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      return true;
    };
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      var store = h.orchestrator.store();
      SchedulingPass pass = new SchedulingPass(store, h.orchestrator::deployedFactory,
          new ExternalSlices(store, hangs, Duration.ofMillis(20), 2), new OutputValidation(store, hangs), h.runner);

      pass.run(h.clock.instant());
      assertThat(calls).hasValue(1);
      assertThat(store.datasetSlice("External", SLICE.start())).as("a running check records nothing").isEmpty();
      h.clock.advance(Duration.ofMinutes(4));
      pass.run(h.clock.instant());
      assertThat(store.datasetSlice("External", SLICE.start())).isEmpty();
      assertThat(pass.explain(window(h, "MakeDaily"), h.clock.instant()).orElseThrow().reason())
          .contains("is being checked since 2016-07-13T00:00:00Z");

      h.clock.advance(Duration.ofMinutes(1));
      pass.run(h.clock.instant());
      assertThat(slice(h).checks()).isEqualTo(1);
      assertThat(slice(h).timeouts()).isEqualTo(1);
      assertThat(slice(h).message()).contains("timed out after retryTimeout 00:05:00");

      h.clock.advance(Duration.ofMinutes(1));
      pass.run(h.clock.instant());
      assertThat(calls).hasValue(2);
      h.clock.advance(Duration.ofMinutes(5));
      pass.run(h.clock.instant());

      DatasetSlice s = slice(h);
      assertThat(s.state()).isEqualTo(WindowState.of(WindowSubstatus.TimedOut));
      assertThat(s.checks()).isEqualTo(2);
      assertThat(s.timeouts()).isEqualTo(2);
      assertThat(window(h, "MakeDaily").state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));
      assertThat(pass.explain(window(h, "MakeDaily"), h.clock.instant()).orElseThrow().reason())
          .contains("is Failed/TimedOut after 2 availability check(s), 2 timed out");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (interrupted.get() < 2 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
      }
      assertThat(interrupted).as("abandoned checks are interrupted").hasValue(2);
    }
  }

  // ---- partitionedBy and validation ----

  @Test
  void partitionedFolderPathIsResolvedPerSlice() throws Exception {
    String partitioned = """
        {"name": "External", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
          "external": true,
          "typeProperties": {"folderPath": "input/{Year}/{Month}/{Day}",
            "fileName": "$$Text.Format('log-{0:yyyyMMdd}.txt', SliceStart)",
            "partitionedBy": [
              {"name": "Year", "value": {"type": "DateTime", "date": "SliceStart", "format": "yyyy"}},
              {"name": "Month", "value": {"type": "DateTime", "date": "SliceStart", "format": "MM"}},
              {"name": "Day", "value": {"type": "DateTime", "date": "SliceStart", "format": "dd"}}]},
          "availability": {"frequency": "Day", "interval": 1}}}""";
    Path f = factory(partitioned, dataset("Daily", "out/daily", ""));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      var factory = h.orchestrator.deployedFactory().factory();
      var ds = factory.dataset("External").orElseThrow();
      assertThat(BlobSliceCheck.resolve(ds, SLICE))
          .isEqualTo(new BlobSliceCheck.Resolved("input/2016/07/12", "log-20160712.txt"));
      BlobSliceCheck check = new BlobSliceCheck(h.orchestrator.storageRoot());
      put(h, "input", "2016/07/13/log-20160713.txt", 5); // the next day's: not this slice
      put(h, "input", "2016/07/12/other.txt", 5);
      assertThat(check.isAvailable(factory, ds, SLICE)).isFalse();

      h.runUntilIdle();
      assertThat(window(h, "MakeDaily").state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));

      put(h, "input", "2016/07/12/log-20160712.txt", 7);
      assertThat(check.measure(factory, ds, SLICE)).isEqualTo(new ExternalSliceCheck.SliceData(true, 7));
      h.clock.advance(ExternalSlices.DEFAULT_RECHECK);
      h.runUntilIdle();
      assertThat(window(h, "MakeDaily").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void anExternalInputBelowMinimumSizeIsNotAvailable() throws Exception {
    Path f = factory(external("{\"validation\": {\"minimumSizeMB\": 0.001}}"), dataset("Daily", "out/daily", ""));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      put(h, "input", "data/part-0", 1000); // 0.001 MB = 1049 bytes (rounded up)

      h.runUntilIdle();
      assertThat(window(h, "MakeDaily").state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));
      assertThat(slice(h).message()).contains("data found but its size").contains("(1000 bytes) is below minimumSizeMB 0.001");

      put(h, "input", "data/part-1", 49);
      h.clock.advance(ExternalSlices.DEFAULT_RECHECK);
      h.runUntilIdle();
      assertThat(window(h, "MakeDaily").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  private static String validatedOutput(String minimumSizeMB) {
    return """
        {"name": "Daily", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
          "typeProperties": {"folderPath": "out/daily/{Day}",
            "partitionedBy": [{"name": "Day", "value": {"type": "DateTime", "date": "SliceStart", "format": "yyyyMMdd"}}]},
          "availability": {"frequency": "Day", "interval": 1},
          "policy": {"validation": {"minimumSizeMB": %s}}}}""".formatted(minimumSizeMB);
  }

  @Test
  void anOutputBelowMinimumSizeFailsValidationAndDownstreamWaits() throws Exception {
    Path f = factory(dataset("External", "input/data", "\"external\": true,"), validatedOutput("1"));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      put(h, "input", "data/part-0", 1);
      put(h, "out", "daily/20160712/part-0", 1_048_575);

      h.pass();
      h.awaitAttempts(); // the attempt succeeded: Waiting/Validation
      assertThat(window(h, "MakeDaily").state()).isEqualTo(WindowState.of(WindowSubstatus.Validation));
      h.runUntilIdle(); // the next pass validates

      ActivityWindow daily = window(h, "MakeDaily");
      assertThat(daily.state()).isEqualTo(WindowState.of(WindowSubstatus.ValidationFailed));
      assertThat(daily.lastError()).contains("output validation failed: Daily: size 0.999999 MB (1048575 bytes)"
          + " is below minimumSizeMB 1 (1048576 bytes)");
      assertThat(h.attempts(daily)).hasSize(1);
      assertThat(window(h, "MakeFinal").state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));
      assertThat(why(h, "MakeFinal")).contains("input Daily slice").contains("is Failed/Validation");
    }
  }

  @Test
  void anOutputBigEnoughIsReadyAfterValidation() throws Exception {
    Path f = factory(dataset("External", "input/data", "\"external\": true,"), validatedOutput("1.5"));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);
      put(h, "input", "data/part-0", 1);
      put(h, "out", "daily/20160712/part-0", 1_048_576);
      put(h, "out", "daily/20160712/part-1", 524_288);
      put(h, "out", "daily/20160711/part-0", 1); // another slice's folder: not counted

      h.runUntilIdle();
      h.runUntilIdle();
      h.runUntilIdle();

      ActivityWindow daily = window(h, "MakeDaily");
      assertThat(daily.state().status()).isEqualTo(WindowStatus.Ready);
      assertThat(h.attempts(daily)).hasSize(1);
      assertThat(window(h, "MakeFinal").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }
}
