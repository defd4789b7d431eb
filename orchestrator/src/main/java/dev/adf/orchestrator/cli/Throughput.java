package dev.adf.orchestrator.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rate at which things finish (activity windows reaching a final status, windows laid out), over a
 * sliding window of samples of a running count, and the time left at that rate. Not thread-safe: one
 * progress thread adds samples and reads it. Times are the instants of the orchestrator's clock.
 */
final class Throughput {
  /** The rate is measured over about this much of the most recent time. */
  static final Duration WINDOW = Duration.ofSeconds(30);

  private record Sample(Instant at, long done) {}

  private final Duration window;
  private final Deque<Sample> samples = new ArrayDeque<>();

  Throughput() {
    this(WINDOW);
  }

  /** @param window the span of the sliding window (positive) */
  Throughput(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.window = window;
  }

  /**
   * Records that {@code done} things had finished at {@code at}. Samples older than the window are
   * dropped, except the newest of them, which is the base the rate is measured from. A sample before
   * the previous one (the clock was set back) starts the samples over.
   */
  void add(Instant at, long done) {
    Sample last = samples.peekLast();
    if (last != null && at.isBefore(last.at())) {
      samples.clear();
    }
    samples.addLast(new Sample(at, done));
    Instant from = at.minus(window);
    while (samples.size() > 2 && !samples.stream().skip(1).findFirst().orElseThrow().at().isAfter(from)) {
      samples.removeFirst();
    }
  }

  /** Forgets every sample. */
  void clear() {
    samples.clear();
  }

  /**
   * Things finished per second between the base sample and the latest, never negative (a count that
   * went down, as after a rerun, is a rate of 0); empty until two samples at different instants.
   */
  OptionalDouble perSecond() {
    if (samples.size() < 2) {
      return OptionalDouble.empty();
    }
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    long nanos = Duration.between(first.at(), last.at()).toNanos();
    if (nanos <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, last.done() - first.done()) * 1e9 / nanos);
  }

  /**
   * The time {@code remaining} things take at {@link #perSecond()}, rounded up to a second: zero when
   * nothing remains, empty when the rate is unknown or 0, or {@code remaining} is negative (unknown).
   */
  Optional<Duration> eta(long remaining) {
    if (remaining == 0) {
      return Optional.of(Duration.ZERO);
    }
    OptionalDouble rate = perSecond();
    if (remaining < 0 || rate.isEmpty() || rate.getAsDouble() <= 0) {
      return Optional.empty();
    }
    double seconds = Math.ceil(remaining / rate.getAsDouble());
    return Optional.of(Duration.ofSeconds(seconds >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) seconds));
  }

  /**
   * A duration as a person reads it, to the second: {@code 45s}, {@code 2m 10s}, {@code 1h 02m},
   * {@code 3d 04h}; negative durations as zero.
   */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + pad(s % 60) + "s";
    }
    if (s < 86_400) {
      return s / 3600 + "h " + pad(s / 60 % 60) + "m";
    }
    return s / 86_400 + "d " + pad(s / 3600 % 24) + "h";
  }

  /** A rate: {@code 120/s} or {@code 34,005/s} from 10 a second up, {@code 3.2/s} from 1, else per minute, {@code 4.5/min}. */
  static String rate(double perSecond) {
    if (perSecond >= 10) {
      return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }
    if (perSecond >= 1) {
      return String.format(Locale.ROOT, "%.1f/s", perSecond);
    }
    return String.format(Locale.ROOT, "%.1f/min", perSecond * 60);
  }

  private static String pad(long n) {
    return n < 10 ? "0" + n : String.valueOf(n);
  }
}
