package dev.adf.web;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting for the templates: times in UTC (the page's script can switch them to local), durations, URLs. */
public final class Fmt {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private Fmt() {}

  /** {@code 2015-11-16 00:00:00Z}, or an empty string for null. */
  public static String time(Instant t) {
    return t == null ? "" : UTC.format(t);
  }

  /** ISO-8601 UTC, for {@code <time datetime>} and links; empty for null. */
  public static String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  /** {@code 1h 02m 03s}, {@code 4.2s}, {@code 120ms}; empty when either end is missing. */
  public static String duration(Instant start, Instant end) {
    if (start == null || end == null) {
      return "";
    }
    return duration(Duration.between(start, end));
  }

  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return String.format("%dm %02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format("%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
    }
    return String.format("%dd %02dh %02dm", s / 86400, (s % 86400) / 3600, (s % 3600) / 60);
  }

  /** A URL query value, percent-encoded. */
  public static String q(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The link of a window page. */
  public static String windowUrl(String pipeline, String activity, Instant start) {
    return "/window?pipeline=" + q(pipeline) + "&activity=" + q(activity) + "&start=" + q(iso(start));
  }

  /** An SVG coordinate in pixels with at most two decimals, {@code .} as separator: {@code 12.35}. */
  public static String px(double v) {
    String s = String.format(java.util.Locale.ROOT, "%.2f", v);
    return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
  }

  /** The CSS class of a status ({@code st-Ready}, ...). */
  public static String css(WindowStatus s) {
    return "st-" + s.name();
  }

  public static String css(WindowState s) {
    return css(s.status());
  }

  /** A shell-quoted argument for an {@code adf ...} command line. */
  public static String arg(String s) {
    if (s != null && s.matches("[A-Za-z0-9_./:@+=,-]+")) {
      return s;
    }
    return "'" + (s == null ? "" : s.replace("'", "'\\''")) + "'";
  }
}
