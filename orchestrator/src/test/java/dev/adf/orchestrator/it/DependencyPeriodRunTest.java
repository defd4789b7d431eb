package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input dependency periods on the real stack (H2 store, scheduling pass, built-in engine), driven
 * pass by pass with a settable clock: a daily window over an hourly produced input waits for all 24
 * hourly slices; an input with a previous-day period waits for yesterday's slice, not today's.
 */
public class DependencyPeriodRunTest {
  static final String DAY = "2016-07-12T00:00:00Z";
  static final String NEXT_DAY = "2016-07-13T00:00:00Z";

  @TempDir Path tmp;

  /**
   * Succeeds, or fails (exit 3) when its first argument, the slice day, has a file in the home's
   * {@code failing-days} folder (it runs in the engine's child JVM, so the test tells it through
   * files: its work dir is {@code <home>/engine/<jobId>}).
   */
  public static final class DayJob implements EngineJob {
    static Path failing(Path home) {
      return home.resolve("failing-days");
    }

    @Override
    public int run(JobContext ctx) {
      String day = ctx.args().isEmpty() ? "" : ctx.args().get(0);
      ctx.log().println("slice day " + day);
      Path home = ctx.workDir().getParent().getParent();
      return Files.exists(failing(home).resolve(day)) ? 3 : 0;
    }
  }

  private void failDay(String day) throws IOException {
    Files.createDirectories(DayJob.failing(tmp.resolve("home")));
    Files.writeString(DayJob.failing(tmp.resolve("home")).resolve(day), "");
  }

  private void clearFailures() throws IOException {
    try (var files = Files.list(DayJob.failing(tmp.resolve("home")))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  // ---- factory files ----

  private Path factory(String... pipelinesAndDatasets) {
    return TestFactory.folder(tmp.resolve("factory"), pipelinesAndDatasets);
  }

  private static String dataset(String name, String frequency, String style) {
    return TestFactory.dataset(name, frequency, style);
  }

  /** A pipeline of one DayJob activity; {@code inputs} is the JSON array text of its inputs. */
  private static String pipeline(String name, String inputs, String output, String start, String end,
      int concurrency) {
    return TestFactory.pipeline(name, inputs, output, "{\"concurrency\": " + concurrency + ", \"retry\": 0}",
        "\"start\": \"" + start + "\", \"end\": \"" + end + "\"", DayJob.class);
  }

  // ---- helpers ----

  private static List<ActivityWindow> windowsOf(Harness h, String pipeline) {
    return h.windows().stream().filter(w -> w.key().pipeline().equalsIgnoreCase(pipeline))
        .sorted((a, b) -> a.key().windowStart().compareTo(b.key().windowStart())).toList();
  }

  private static ActivityWindow only(Harness h, String pipeline) {
    List<ActivityWindow> ws = windowsOf(h, pipeline);
    assertThat(ws).hasSize(1);
    return ws.get(0);
  }

  // ---- tests ----

  @Test
  void aDailyWindowOverAnHourlyInputWaitsForAllTwentyFourHourlySlices() throws Exception {
    Path f = factory(
        "Hourly", dataset("Hourly", "Hour", "EndOfInterval"),
        "Daily", dataset("Daily", "Day", "StartOfInterval"),
        "MakeHourly", pipeline("MakeHourly", "[]", "Hourly", DAY, NEXT_DAY, 4),
        "MakeDaily", pipeline("MakeDaily", "[{\"name\": \"Hourly\"}]", "Daily", DAY, NEXT_DAY, 1));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2016-07-12T23:30:00Z"))) {
      h.deploy(f, null);

      h.runUntilIdle();

      List<ActivityWindow> hourly = windowsOf(h, "MakeHourly");
      assertThat(hourly).hasSize(24);
      assertThat(hourly.subList(0, 23)).allSatisfy(
          w -> assertThat(w.state().status()).isEqualTo(WindowStatus.Ready));
      assertThat(hourly.get(23).state().substatus()).isEqualTo(WindowSubstatus.ScheduledTime);
      // The daily window is due (StartOfInterval) and 23 of its 24 input slices are Ready: it waits.
      ActivityWindow daily = only(h, "MakeDaily");
      assertThat(daily.state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(daily.state().substatus()).isEqualTo(WindowSubstatus.DatasetDependencies);
      assertThat(daily.attempts()).isZero();

      h.clock.advance(java.time.Duration.ofMinutes(30));
      assertThat(h.clock.instant()).isEqualTo(Instant.parse(NEXT_DAY));
      h.runUntilIdle();

      assertThat(windowsOf(h, "MakeHourly")).allSatisfy(
          w -> assertThat(w.state().status()).isEqualTo(WindowStatus.Ready));
      ActivityWindow done = only(h, "MakeDaily");
      assertThat(done.state().status()).isEqualTo(WindowStatus.Ready);
      assertThat(done.attempts()).isEqualTo(1);
    }
  }

  @Test
  void aPreviousDayInputWaitsForYesterdaysSliceNotTodays() throws Exception {
    String yesterday = "[{\"name\": \"Upstream\", \"startTime\": \"Date.AddDays(SliceStart, -1)\","
        + " \"endTime\": \"Date.AddDays(SliceEnd, -1)\"}]";
    Path f = factory(
        "Upstream", dataset("Upstream", "Day", "StartOfInterval"),
        "Downstream", dataset("Downstream", "Day", "StartOfInterval"),
        "MakeUpstream", pipeline("MakeUpstream", "[]", "Upstream", "2016-07-11T00:00:00Z", NEXT_DAY, 2),
        "MakeDownstream", pipeline("MakeDownstream", yesterday, "Downstream", DAY, NEXT_DAY, 1));
    failDay("2016-07-11");
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2016-07-12T12:00:00Z"))) {
      h.deploy(f, null);

      h.runUntilIdle();

      // Today's upstream slice is Ready, yesterday's Failed: the downstream window keeps waiting.
      List<ActivityWindow> up = windowsOf(h, "MakeUpstream");
      assertThat(up).extracting(w -> w.state().status()).containsExactly(WindowStatus.Failed, WindowStatus.Ready);
      ActivityWindow down = only(h, "MakeDownstream");
      assertThat(down.state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(down.state().substatus()).isEqualTo(WindowSubstatus.DatasetDependencies);
      assertThat(down.attempts()).isZero();

      // Yesterday's slice runs again (a rerun) and succeeds: now the downstream window runs.
      clearFailures();
      ActivityWindow failed = up.get(0);
      assertThat(h.orchestrator.store().transition(failed, WindowState.of(WindowStatus.Waiting),
          Store.WindowChange.keep(failed), "rerun by the test", h.clock.instant())).isTrue();
      h.runUntilIdle();

      assertThat(windowsOf(h, "MakeUpstream")).extracting(w -> w.state().status())
          .containsExactly(WindowStatus.Ready, WindowStatus.Ready);
      assertThat(only(h, "MakeDownstream").state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void aPreviousDaySliceOutsideTheProducersActivePeriodKeepsTheWindowWaiting() throws Exception {
    String yesterday = "[{\"name\": \"Upstream\", \"startTime\": \"Date.AddDays(SliceStart, -1)\","
        + " \"endTime\": \"Date.AddDays(SliceEnd, -1)\"}]";
    Path f = factory(
        "Upstream", dataset("Upstream", "Day", "StartOfInterval"),
        "Downstream", dataset("Downstream", "Day", "StartOfInterval"),
        "MakeUpstream", pipeline("MakeUpstream", "[]", "Upstream", DAY, NEXT_DAY, 1),
        "MakeDownstream", pipeline("MakeDownstream", yesterday, "Downstream", DAY, NEXT_DAY, 1));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2016-07-14T00:00:00Z"))) {
      h.deploy(f, null);

      h.runUntilIdle();

      assertThat(only(h, "MakeUpstream").state().status()).isEqualTo(WindowStatus.Ready);
      ActivityWindow down = only(h, "MakeDownstream");
      assertThat(down.state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(down.state().substatus()).isEqualTo(WindowSubstatus.DatasetDependencies);
    }
  }
  @Test
  void aDailyWindowOverAnHourlyExternalInputChecksAllTwentyFourSlices() throws Exception {
    Path f = factory(
        "External", """
            {"name": "External", "properties": {"type": "AzureBlob", "external": true,
              "linkedServiceName": "StorageLinkedService", "typeProperties": {"folderPath": "input/data"},
              "availability": {"frequency": "Hour", "interval": 1}}}""",
        "Daily", dataset("Daily", "Day", "StartOfInterval"),
        "MakeDaily", pipeline("MakeDaily", "[{\"name\": \"External\"}]", "Daily", DAY, NEXT_DAY, 1));
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse(NEXT_DAY))) {
      h.deploy(f, null);

      h.runUntilIdle();

      ActivityWindow waiting = only(h, "MakeDaily");
      assertThat(waiting.state().substatus()).isEqualTo(WindowSubstatus.DatasetDependencies);
      assertThat(h.orchestrator.store().sliceStatus("External", Instant.parse(DAY))).contains("Waiting");

      try (BlobStore store = BlobStores.open("UseLocalStore=true", h.orchestrator.storageRoot())) {
        store.write("input", "data/a.txt", new ByteArrayInputStream(new byte[] {1}), 1);
      }
      h.clock.advance(dev.adf.orchestrator.schedule.ExternalSlices.DEFAULT_RECHECK);
      h.runUntilIdle();

      assertThat(only(h, "MakeDaily").state().status()).isEqualTo(WindowStatus.Ready);
      for (int hour = 0; hour < 24; hour++) {
        Instant slice = Instant.parse(DAY).plus(java.time.Duration.ofHours(hour));
        assertThat(h.orchestrator.store().sliceStatus("External", slice)).as("slice at " + slice).contains("Ready");
      }
      assertThat(h.orchestrator.store().sliceStatus("External", Instant.parse(NEXT_DAY))).isEmpty();
    }
  }
}
