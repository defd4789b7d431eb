package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.it.DependencyPeriodRunTest.DayJob;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.window.TimeWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window layout and the backlog on the real stack (H2 store, scheduling pass, built-in engine),
 * driven by a settable clock: an indefinite pipeline is laid out as time passes, a backlog longer than
 * a page runs in priority order, OneTime pipelines run once, and an absurd layout is refused.
 */
class LayoutAndBacklogRunTest {
  static final Instant START = Instant.parse("2016-07-01T00:00:00Z");

  @TempDir Path tmp;

  private Path factory(String period, String policy, String frequency) {
    return TestFactory.folder(tmp.resolve("factory"),
        "Out", TestFactory.dataset("Out", frequency, "EndOfInterval"),
        "Make", TestFactory.pipeline("Make", "[]", "Out", policy, period, DayJob.class));
  }

  private static String period(Instant start, String end) {
    return "\"start\": \"" + start + "\", \"end\": \"" + end + "\"";
  }

  private static List<TimeWindow> windows(Harness h) {
    return h.windows().stream().map(ActivityWindow::window).sorted().toList();
  }

  @Test
  void anIndefinitePipelineIsLaidOutAWeekAheadAndExtendedAsTimePasses() throws Exception {
    Path f = factory(period(START, "9999-09-09T00:00:00Z"), "{}", "Day");
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2016-07-03T12:00:00Z"))) {
      Deployer.Report r = h.deploy(f, null);

      // Windows starting before now + 7 days: 2016-07-01 … 2016-07-10.
      assertThat(r.outcome().windowsCreated()).isEqualTo(10);
      assertThat(windows(h).get(9)).isEqualTo(new TimeWindow(Instant.parse("2016-07-10T00:00:00Z"),
          Instant.parse("2016-07-11T00:00:00Z")));

      h.clock.advance(Duration.between(h.clock.instant(), Instant.parse("2016-07-08T12:00:00Z")));
      h.runUntilIdle();

      List<TimeWindow> after = windows(h);
      assertThat(after).hasSize(15);
      for (int i = 1; i < after.size(); i++) {
        assertThat(after.get(i).start()).isEqualTo(after.get(i - 1).end());
      }
      // The seven windows due by now ran; the rest wait for their time.
      assertThat(h.windows()).filteredOn(w -> w.state().status() == WindowStatus.Ready).hasSize(7);
      assertThat(h.windows()).filteredOn(w -> w.state().status() == WindowStatus.Waiting)
          .allSatisfy(w -> assertThat(w.state().substatus()).isEqualTo(WindowSubstatus.ScheduledTime));
    }
  }

  @Test
  void aBacklogLongerThanAPageRunsNewestFirstAcrossPagesAndTheRestWaitForConcurrency() throws Exception {
    Instant end = START.plus(Duration.ofHours(600));
    Path f = factory(period(START, end.toString()),
        "{\"concurrency\": 10, \"executionPriorityOrder\": \"NewestFirst\"}", "Hour");
    try (Harness h = new Harness(tmp.resolve("home"), end.plus(Duration.ofHours(1)))) {
      h.deploy(f, null);

      assertThat(h.pass().started()).isEqualTo(10);
      assertThat(startedSoFar(h)).containsExactlyElementsOf(newest(end, 0, 10));
      // The first pass examines the whole backlog (three pages) and says why each window waits. (Of the
      // ten started, those whose engine job waits for one of the engine's two cores are
      // Waiting/ComputeResources: active, not counted here.)
      assertThat(h.windows()).filteredOn(w -> w.state().status() == WindowStatus.Waiting && !w.state().isActive())
          .hasSize(590)
          .allSatisfy(w -> assertThat(w.state()).isEqualTo(WindowState.of(WindowSubstatus.ConcurrencyLimit)))
          // ... without a write per window: the review's record shows them so (row versions are the layout's).
          .allSatisfy(w -> assertThat(w.rowVersion()).isZero());

      h.awaitAttempts();
      assertThat(h.pass().started()).isEqualTo(10);
      assertThat(startedSoFar(h)).containsExactlyInAnyOrderElementsOf(newest(end, 0, 20));

      h.runUntilIdle();
      assertThat(h.windows()).as(() -> "windows by state: " + h.windows().stream().collect(
              java.util.stream.Collectors.groupingBy(w -> w.state().toString(), java.util.stream.Collectors.counting())))
          .hasSize(600).allSatisfy(w -> {
        assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
        assertThat(w.attempts()).isEqualTo(1);
      });
    }
  }

  /** Starts of the windows that have had an attempt. */
  private static List<Instant> startedSoFar(Harness h) {
    return h.windows().stream().filter(w -> w.attempts() > 0).map(w -> w.key().windowStart())
        .sorted(Comparator.reverseOrder()).toList();
  }

  /** Starts of the hourly windows {@code from} to {@code to} (exclusive) counted back from {@code end}. */
  private static List<Instant> newest(Instant end, int from, int to) {
    return java.util.stream.IntStream.range(from, to).mapToObj(i -> end.minus(Duration.ofHours(i + 1))).toList();
  }

  @Test
  void aOneTimePipelineRunsOnceInTheWindowContainingItsDeployAndARedeployDoesNotRunItAgain() throws Exception {
    Path f = factory("\"pipelineMode\": \"OneTime\"", "{}", "Day");
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2016-07-03T12:00:00Z"))) {
      Deployer.Report r = h.deploy(f, null);
      assertThat(r.problems()).noneMatch(Problem::isError);
      assertThat(windows(h)).containsExactly(new TimeWindow(Instant.parse("2016-07-03T00:00:00Z"),
          Instant.parse("2016-07-04T00:00:00Z")));

      h.runUntilIdle(); // due at once, not at the end of its day
      assertThat(h.windows()).singleElement().satisfies(w -> {
        assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
        assertThat(w.attempts()).isEqualTo(1);
      });

      h.clock.advance(Duration.between(h.clock.instant(), Instant.parse("2016-07-05T12:00:00Z")));
      Deployer.Report again = h.deploy(f, null);
      assertThat(again.outcome().windowsCreated()).isZero();
      assertThat(again.outcome().windowsDropped()).isZero();
      assertThat(h.pass().started()).isZero();
      assertThat(h.windows()).singleElement().extracting(ActivityWindow::attempts).isEqualTo(1);
    }
  }

  @Test
  void aOneTimePipelineWithAnEmptyPeriodRunsInTheWindowOfItsStartWithoutAWarning() throws Exception {
    // As in the corpus (cortana-intelligence-price-analytics ConfigServices_Pipeline): start == end.
    Path f = factory("\"start\": \"2017-05-01T00:00:00Z\", \"end\": \"2017-05-01T00:00:00Z\","
        + " \"pipelineMode\": \"OneTime\", \"expirationTime\": \"3.00:00:00\"", "{}", "Day");
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2017-05-01T06:00:00Z"))) {
      Deployer.Report r = h.deploy(f, null);
      assertThat(r.problems()).noneMatch(p -> p.message().contains("empty"));
      h.runUntilIdle();
      assertThat(h.windows()).singleElement().satisfies(w -> {
        assertThat(w.window()).isEqualTo(new TimeWindow(Instant.parse("2017-05-01T00:00:00Z"),
            Instant.parse("2017-05-02T00:00:00Z")));
        assertThat(w.state().status()).isEqualTo(WindowStatus.Ready);
      });
    }
  }

  @Test
  void anHourlyLayoutFromYearOneIsRefusedWithItsSizeAndNothingIsDeployed() throws Exception {
    Path f = factory(period(Instant.parse("0001-01-01T00:00:00Z"), "9999-09-09T00:00:00Z"), "{}", "Hour");
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2016-07-03T12:00:00Z"))) {
      Deployer.Report r = new Deployer(h.orchestrator).deploy(List.of(f), null);

      assertThat(r.refused()).isTrue();
      assertThat(r.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
        assertThat(p.pointer()).isEqualTo("/properties/start");
        assertThat(p.file().getFileName().toString()).isEqualTo("Make.json");
        assertThat(p.line()).isPositive();
        assertThat(p.message()).contains("'Make'", "17,667,708 activity windows", "(Hour×1 from 0001-01-01T00:00:00Z to 2016-07-10T12:00:00Z)", "at most 1,000,000",
            "move start closer to now");
      });
      assertThat(h.orchestrator.store().deployedEntities()).isEmpty();
      assertThat(h.windows()).isEmpty();
    }
  }
}
