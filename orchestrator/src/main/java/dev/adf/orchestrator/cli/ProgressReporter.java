package dev.adf.orchestrator.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress line for a long command, kept by a daemon thread ({@code adf-progress}) that reads a
 * {@link Source} about once a second on a terminal ({@link ProgressOptions.Mode#tty}: the line is
 * rewritten in place with a carriage return and padded with spaces, no other control characters),
 * every plain interval otherwise ({@link ProgressOptions.Mode#plain}: a new line each time), or only to
 * log ({@link ProgressOptions.Mode#none} with a log interval). The line goes to the command's stderr
 * writer, so stdout keeps only the command's own output. Times come from the orchestrator's clock.
 *
 * <p>A small writer of its own rather than a progress bar library: the progress bar libraries (such as
 * me.tongfei:progressbar) are not in this build's dependencies, draw a bar towards a fixed maximum,
 * measure their rate from their own start on the wall clock rather than over a sliding window on an
 * injected clock, and write to {@code System.err} behind picocli's writers (which the tests capture).
 * A warning logged to stderr while a tty line shows lands after it on the same line; the next tick
 * starts a fresh line below.
 */
final class ProgressReporter implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProgressReporter.class);
  /** A terminal line is redrawn this often. */
  static final Duration TTY_PERIOD = Duration.ofSeconds(1);

  /** What the line says at one moment; called from the progress thread. */
  @FunctionalInterface
  interface Source {
    Reading read(Instant now);
  }

  /**
   * One reading.
   *
   * @param done things finished so far (the rate is measured on it)
   * @param remaining things left to finish, or -1 when unknown (no time left is estimated)
   * @param counts the counts as text, such as {@code Ready 40 · Failed 1}
   */
  record Reading(long done, long remaining, String counts) {}

  private final String label;
  private final ProgressOptions.Mode mode;
  private final Duration plainEvery;
  private final Duration logEvery;
  private final PrintWriter err;
  private final Clock clock;
  private final Source source;
  private final Instant started;
  private final Throughput throughput = new Throughput();
  private final Symbols symbols;
  private final int columns;
  private ScheduledExecutorService ticker;
  private long ticks;
  private int shown; // characters of the tty line last drawn, 0 when none shows
  private String printed; // the plain line last printed
  private boolean finished;

  /** The separator and the unknown mark: {@code ·} and {@code —} when the output charset has them. */
  record Symbols(String separator, String unknown) {
    static final Symbols UNICODE = new Symbols(" · ", "—");
    static final Symbols ASCII = new Symbols(" | ", "--");

    /** Unicode when the default charset (that of the CLI's writers) can encode it. */
    static Symbols forDefaultCharset() {
      return Charset.defaultCharset().newEncoder().canEncode("·—") ? UNICODE : ASCII;
    }
  }

  /**
   * @param label what runs, first on the line ({@code run}, {@code deploy})
   * @param mode tty, plain or none (resolved, not auto)
   * @param plainEvery the interval of plain lines (at least a second)
   * @param logEvery how often the line is also logged at INFO, or null for never
   */
  ProgressReporter(String label, ProgressOptions.Mode mode, Duration plainEvery, Duration logEvery, PrintWriter err,
      Clock clock, Source source, Symbols symbols) {
    if (mode == ProgressOptions.Mode.auto) {
      throw new IllegalArgumentException("resolve the progress mode first");
    }
    this.label = label;
    this.mode = mode;
    this.plainEvery = plainEvery;
    this.logEvery = logEvery;
    this.err = err;
    this.clock = clock;
    this.source = source;
    this.symbols = symbols;
    this.started = clock.instant();
    this.columns = columns(System.getenv("COLUMNS"));
  }

  /** Starts the thread: a first reading at once (drawn on a tty), then one per period. */
  ProgressReporter start() {
    Duration period = switch (mode) {
      case tty -> TTY_PERIOD;
      case plain -> plainEvery;
      default -> logEvery;
    };
    if (period == null) {
      return this; // nothing to show or log while it runs
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "adf-progress");
      t.setDaemon(true);
      return t;
    });
    long logTicks = logEvery == null ? 0 : Math.max(1, logEvery.toMillis() / period.toMillis());
    ticker.scheduleAtFixedRate(() -> tick(logTicks), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick(long logTicks) {
    try {
      long n = ticks++;
      String line = read();
      if (mode == ProgressOptions.Mode.tty) {
        draw(line);
      } else if (mode == ProgressOptions.Mode.plain && n > 0) {
        err.println(line);
        err.flush();
        printed = line;
      }
      if (logTicks > 0 && n > 0 && n % logTicks == 0) {
        LOG.info(line);
      }
    } catch (RuntimeException e) {
      // the store may fail for a moment (or be closing); the next tick tries again
      LOG.debug("progress: could not read the counts", e);
    }
  }

  /**
   * Reads the source at the clock's instant, adds the sample to the rate, and makes the line: label,
   * elapsed time since this reporter was made, counts, rate, time left. The ticker calls it; tests too.
   */
  String read() {
    Instant now = clock.instant();
    Reading r = source.read(now);
    if (r.remaining() < 0) {
      throughput.clear(); // nothing is counted yet: the rate starts once it is
    } else {
      throughput.add(now, r.done());
    }
    return line(Duration.between(started, now), r);
  }

  private String line(Duration elapsed, Reading r) {
    var rate = throughput.perSecond();
    var eta = throughput.eta(r.remaining());
    return label + " " + Throughput.duration(elapsed) + "  " + r.counts() + symbols.separator()
        + (rate.isPresent() ? Throughput.rate(rate.getAsDouble()) : symbols.unknown() + "/s") + symbols.separator()
        + "ETA " + eta.map(Throughput::duration).orElse(symbols.unknown());
  }

  private void draw(String line) {
    if (columns > 1 && line.length() > columns - 1) {
      line = line.substring(0, columns - 1); // a wrapped line could not be rewritten in place
    }
    err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
    err.flush();
    shown = line.length();
  }

  /**
   * Stops the thread and, with {@code finalLine}, shows one last reading (tty: the line, then a line
   * break; plain: a line, unless the same line was just printed; it is logged too); without, erases a
   * tty line. Idempotent.
   */
  synchronized void finish(boolean finalLine) {
    if (finished) {
      return;
    }
    finished = true;
    if (ticker != null) {
      ticker.shutdown();
      try {
        ticker.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String line = null;
    if (finalLine) {
      try {
        line = read();
      } catch (RuntimeException e) {
        LOG.debug("progress: could not read the counts", e);
      }
    }
    if (mode == ProgressOptions.Mode.tty && (line != null || shown > 0)) {
      if (line != null) {
        draw(line);
        err.println();
      } else {
        err.print("\r" + " ".repeat(shown) + "\r");
      }
      err.flush();
    } else if (mode == ProgressOptions.Mode.plain && line != null && !line.equals(printed)) {
      err.println(line);
      err.flush();
    }
    if (line != null && logEvery != null) {
      LOG.info(line);
    }
  }

  @Override
  public void close() {
    finish(false);
  }

  static int columns(String env) {
    try {
      return env == null ? 0 : Integer.parseInt(env.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
