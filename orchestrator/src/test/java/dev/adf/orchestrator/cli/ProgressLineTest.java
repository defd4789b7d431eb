package dev.adf.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.adf.engine.testing.MutableClock;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.WindowCounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The progress line's rate, time left and text on a settable clock; the mode's resolution. */
class ProgressLineTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ProgressReporter.Symbols U = ProgressReporter.Symbols.UNICODE;

  @Test
  void theRateIsMeasuredOverTheLastThirtySecondsAndTheTimeLeftRoundsUp() {
    Throughput t = new Throughput();
    assertThat(t.perSecond()).isEmpty();
    t.add(T0, 0);
    assertThat(t.perSecond()).as("one sample").isEmpty();
    assertThat(t.eta(10)).isEmpty();
    t.add(T0.plusSeconds(10), 20);
    assertThat(t.perSecond()).hasValue(2.0);
    assertThat(t.eta(7)).hasValue(Duration.ofSeconds(4)); // 3.5 s, rounded up
    t.add(T0.plusSeconds(20), 40);
    t.add(T0.plusSeconds(40), 100);
    // the base is the newest sample at or before 40 - 30 = 10 s: (100 - 20) / 30 s
    assertThat(t.perSecond().getAsDouble()).isCloseTo(80 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.eta(0)).hasValue(Duration.ZERO);
    assertThat(t.eta(-1)).as("remaining unknown").isEmpty();
    t.add(T0.plusSeconds(80), 100);
    assertThat(t.perSecond()).as("nothing finished in the last 40 s").hasValue(0.0);
    assertThat(t.eta(5)).as("no rate, no estimate").isEmpty();
    t.add(T0.plusSeconds(90), 50);
    assertThat(t.perSecond()).as("a rerun lowered the count").hasValue(0.0);
    t.add(T0, 1);
    assertThat(t.perSecond()).as("the clock was set back: the samples start over").isEmpty();
  }

  @Test
  void durationsAndRatesReadAsAPersonWritesThem() {
    assertThat(Throughput.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(Throughput.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Throughput.duration(Duration.ofSeconds(130))).isEqualTo("2m 10s");
    assertThat(Throughput.duration(Duration.ofSeconds(3605))).isEqualTo("1h 00m");
    assertThat(Throughput.duration(Duration.ofMinutes(62))).isEqualTo("1h 02m");
    assertThat(Throughput.duration(Duration.ofHours(52))).isEqualTo("2d 04h");
    assertThat(Throughput.duration(Duration.ofSeconds(-3))).isEqualTo("0s");
    assertThat(Throughput.rate(3.24)).isEqualTo("3.2/s");
    assertThat(Throughput.rate(34_005.4)).isEqualTo("34,005/s");
    assertThat(Throughput.rate(0.05)).isEqualTo("3.0/min");
    assertThat(Throughput.rate(0)).isEqualTo("0.0/min");
  }

  @Test
  void theRunLineNamesTheStatusesTheRateAndTheTimeLeftOnTheInjectedClock() {
    MutableClock clock = new MutableClock(T0);
    AtomicReference<WindowCounts> counts = new AtomicReference<>(
        new WindowCounts(Map.of(WindowStatus.Waiting, 100), 10));
    ProgressReporter r = new ProgressReporter("run", ProgressOptions.Mode.plain, Duration.ofSeconds(5), null,
        new PrintWriter(new StringWriter()), clock, now -> RunCommand.reading(counts.get(), U), U);
    assertThat(r.read()).isEqualTo(
        "run 0s  Ready 0 · Failed 0 · InProgress 0 · Waiting 100 (90 due) · —/s · ETA —");
    clock.advance(Duration.ofSeconds(10));
    counts.set(new WindowCounts(Map.of(WindowStatus.Ready, 18, WindowStatus.Failed, 1, WindowStatus.Skipped, 1,
        WindowStatus.InProgress, 2, WindowStatus.Waiting, 78), 10));
    // 20 final in 10 s: 2.0/s; 2 InProgress + 68 due Waiting left: 35 s
    assertThat(r.read()).isEqualTo(
        "run 10s  Ready 18 · Failed 1 · Skipped 1 · InProgress 2 · Waiting 78 (68 due) · 2.0/s · ETA 35s");
    clock.advance(Duration.ofSeconds(130));
    counts.set(new WindowCounts(Map.of(WindowStatus.Ready, 98, WindowStatus.Failed, 2), 0));
    assertThat(r.read()).isEqualTo("run 2m 20s  Ready 98 · Failed 2 · InProgress 0 · Waiting 0 · 36.9/min · ETA 0s");

    ProgressReporter ascii = new ProgressReporter("run", ProgressOptions.Mode.plain, Duration.ofSeconds(5), null,
        new PrintWriter(new StringWriter()), clock, now -> RunCommand.reading(counts.get(),
            ProgressReporter.Symbols.ASCII), ProgressReporter.Symbols.ASCII);
    assertThat(ascii.read()).isEqualTo("run 0s  Ready 98 | Failed 2 | InProgress 0 | Waiting 0 | --/s | ETA 0s");
  }

  @Test
  void theDeployLineCountsTheLayoutOnceItIsKnown() {
    MutableClock clock = new MutableClock(T0);
    dev.adf.orchestrator.LayoutProgress layout = new dev.adf.orchestrator.LayoutProgress();
    ProgressReporter r = new ProgressReporter("deploy", ProgressOptions.Mode.tty, Duration.ofSeconds(5), null,
        new PrintWriter(new StringWriter()), clock, now -> DeployCommand.reading(layout), U);
    assertThat(r.read()).isEqualTo("deploy 0s  reading and validating the definitions · —/s · ETA —");
  }

  @Test
  void autoIsTtyOnATerminalPlainElsewhereAndWhatTheCommandSaysWhenItSaysOtherwise() {
    var auto = ProgressOptions.Mode.auto;
    assertThat(ProgressOptions.resolve(auto, true, "xterm-256color", auto)).isEqualTo(ProgressOptions.Mode.tty);
    assertThat(ProgressOptions.resolve(auto, true, null, auto)).isEqualTo(ProgressOptions.Mode.tty);
    assertThat(ProgressOptions.resolve(auto, true, "dumb", auto)).isEqualTo(ProgressOptions.Mode.plain);
    assertThat(ProgressOptions.resolve(auto, false, "xterm", auto)).isEqualTo(ProgressOptions.Mode.plain);
    assertThat(ProgressOptions.resolve(auto, true, "xterm", ProgressOptions.Mode.none))
        .isEqualTo(ProgressOptions.Mode.none);
    assertThat(ProgressOptions.resolve(ProgressOptions.Mode.tty, false, "dumb", ProgressOptions.Mode.none))
        .isEqualTo(ProgressOptions.Mode.tty);
    assertThat(ProgressOptions.resolve(ProgressOptions.Mode.plain, true, "xterm", auto))
        .isEqualTo(ProgressOptions.Mode.plain);
  }

  @Test
  void withoutATerminalLineTheLineIsLoggedEveryLogIntervalAndAtTheEnd() {
    Logger logger = (Logger) org.slf4j.LoggerFactory.getLogger(ProgressReporter.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    StringWriter err = new StringWriter();
    try (ProgressReporter r = new ProgressReporter("run", ProgressOptions.Mode.none, Duration.ofSeconds(5),
        Duration.ofMillis(200), new PrintWriter(err), java.time.Clock.systemUTC(),
        now -> RunCommand.reading(new WindowCounts(Map.of(WindowStatus.Ready, 3), 0), U), U).start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (logged.list.size() < 2 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertThat(logged.list).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(e.getFormattedMessage()).startsWith("run ").contains("Ready 3 · Failed 0");
      });
      int before = logged.list.size();
      r.finish(true);
      assertThat(logged.list.size()).as("the final line is logged too").isGreaterThan(before);
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(err.toString()).as("mode none prints nothing").isEmpty();
  }
}
