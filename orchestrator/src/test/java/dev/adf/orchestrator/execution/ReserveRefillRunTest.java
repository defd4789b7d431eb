package dev.adf.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.bench.BenchFactory;
import dev.adf.orchestrator.schedule.PassResult;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.WindowQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ends that claim their activity's next ready window from the last pass's reserve (issue 15, {@link
 * ReserveRefill}), on a real embedded H2 home with the real {@link AttemptRunner} and {@link
 * SchedulingPass}: one pass starts a backfill that the ends then carry on, never above the activity's
 * concurrency; a pause recorded after the pass stops them; a runner without {@code refillFromReserve}
 * starts only what its passes start.
 */
class ReserveRefillRunTest {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private Orchestrator orchestrator;
  private AttemptRunner runner;
  /** Attempts running the test activity now, and the most seen at once. */
  private final AtomicInteger runningNow = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final AtomicInteger passesAsked = new AtomicInteger();
  /** Each attempt takes a permit before it ends (released by the test), when {@link #gated}. */
  private final Semaphore permits = new Semaphore(0);
  private volatile boolean gated;

  @AfterEach
  void close() {
    permits.release(1000);
    if (runner != null) {
      runner.close();
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
  }

  /** Deploys one hourly activity with {@code windows} windows, all due at NOW, with policy concurrency {@code concurrency}. */
  private SchedulingPass deploy(int windows, int concurrency, boolean refill) throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ActivityTypes types = ActivityTypes.builtIn().with("HDInsightMapReduce", ctx -> {
      int n = runningNow.incrementAndGet();
      mostAtOnce.accumulateAndGet(n, Math::max);
      try {
        if (gated && !permits.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          return ActivityOutcome.failedPermanently("the test never released this attempt");
        }
        return ActivityOutcome.success();
      } finally {
        runningNow.decrementAndGet();
      }
    });
    Path home = dir.resolve("home");
    orchestrator = Orchestrator.open(home, clock, Settings.defaults(), types);
    Path factory = new BenchFactory(1, "Hour", NOW.minus(Duration.ofHours(windows)), NOW.toString(), concurrency)
        .write(dir.resolve("factory"));
    Deployer.Report rep = new Deployer(orchestrator).deploy(List.of(factory), null);
    assertThat(rep.refused()).as("%s", rep.problems()).isFalse();
    runner = new AttemptRunner(orchestrator.store(), clock, types, null, home.resolve("storage"), List.of(),
        home.resolve("logs").resolve("attempts"), passesAsked::incrementAndGet);
    if (refill) {
      runner.refillFromReserve();
    }
    return new SchedulingPass(orchestrator.store(), orchestrator::deployedFactory, (f, ds, slice) -> {
      throw new IllegalStateException("no external inputs here");
    }, runner).stampClaimsWith(clock::instant);
  }

  private Map<WindowStatus, Long> statuses() {
    return orchestrator.store().windows(WindowQuery.ALL).stream()
        .collect(Collectors.groupingBy(w -> w.state().status(), Collectors.counting()));
  }

  /**
   * The number of passes the ends asked for, once {@code n} have (bounded): an attempt thread asks after it
   * has left the running set, so after {@link #awaitIdle} the last one may still be on its way.
   */
  private int passesAsked(int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (passesAsked.get() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return passesAsked.get();
  }

  private void awaitIdle() throws InterruptedException {
    assertThat(runner.awaitIdle(WAIT)).as("attempts still running: %s", runner.running()).isTrue();
  }

  @Test
  void onePassStartsABackfillThatTheEndsCarryOnWithinTheConcurrency() throws Exception {
    SchedulingPass pass = deploy(12, 3, true);

    PassResult r = pass.run(NOW);
    assertThat(r.started()).isEqualTo(3);
    awaitIdle();

    // The reserve (4 x concurrency = 12 windows beyond the 3 free slots, 9 of them exist) was claimed by the
    // ends, one commit each group, without another pass: every window ran once and is Ready.
    assertThat(statuses()).containsExactly(Map.entry(WindowStatus.Ready, 12L));
    for (ActivityWindow w : orchestrator.store().windows(WindowQuery.ALL)) {
      assertThat(orchestrator.store().attempts(w.key())).hasSize(1);
    }
    assertThat(mostAtOnce.get()).isBetween(1, 3);
    assertThat(runner.finishedCount()).isEqualTo(12);
    assertThat(runner.claimsInDoubtCount()).isZero();
  }

  @Test
  void aPauseRecordedAfterThePassStopsTheEndsFromClaiming() throws Exception {
    gated = true;
    SchedulingPass pass = deploy(10, 2, true);
    assertThat(pass.run(NOW).started()).isEqualTo(2);

    orchestrator.store().pause("Bench", false, NOW); // adf pause, from another process as far as the runner knows
    permits.release(2);
    awaitIdle();

    // The store had moved from the pass's mark: the two ends were recorded, nothing more was claimed,
    // and each end asked for a pass (which, paused, would start nothing).
    assertThat(statuses()).containsOnly(Map.entry(WindowStatus.Ready, 2L), Map.entry(WindowStatus.Waiting, 8L));
    assertThat(passesAsked(2)).isEqualTo(2);
    assertThat(pass.run(NOW).started()).isZero();
  }

  @Test
  void eachEndClaimsOnlyThePlaceItFreedWhileTheOthersRun() throws Exception {
    gated = true;
    SchedulingPass pass = deploy(10, 2, true);
    assertThat(pass.run(NOW).started()).isEqualTo(2);

    permits.release(1); // one of the two attempts ends
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((runner.finishedCount() < 1 || runner.running().size() > 2) && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the attempt thread records the end, then leaves the running set
    }
    assertThat(runner.finishedCount()).isEqualTo(1);
    // Its end claimed the next window: two InProgress again, never three.
    Function<WindowStatus, Long> count = s -> statuses().getOrDefault(s, 0L);
    assertThat(count.apply(WindowStatus.InProgress)).isEqualTo(2);
    assertThat(count.apply(WindowStatus.Ready)).isEqualTo(1);
    assertThat(runner.running()).hasSize(2);

    permits.release(1000);
    awaitIdle();
    assertThat(statuses()).containsExactly(Map.entry(WindowStatus.Ready, 10L));
    assertThat(mostAtOnce.get()).isEqualTo(2);
  }

  @Test
  void aRunnerThatStepsPassesByHandStartsOnlyWhatItsPassesStart() throws Exception {
    SchedulingPass pass = deploy(10, 2, false);

    assertThat(pass.run(NOW).started()).isEqualTo(2);
    awaitIdle();

    assertThat(statuses()).containsOnly(Map.entry(WindowStatus.Ready, 2L), Map.entry(WindowStatus.Waiting, 8L));
    assertThat(passesAsked(2)).isEqualTo(2);
  }
}
