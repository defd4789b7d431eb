package dev.adf.orchestrator.definition;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * .NET {@code TimeSpan} strings as ADF v1 writes them: {@code [-][d.]hh:mm:ss[.fffffff]}
 * (adf-v1-semantics §1; ARM pattern {@code ((\d+)\.)?(\d\d):(60|([0-5][0-9])):(60|([0-5][0-9]))}).
 *
 * <ul>
 *   <li>{@code 01:00:00} is one hour, {@code 1.00:00:00} one day, {@code 00:00:00.5} half a second
 *       (up to 7 fraction digits, .NET ticks of 100 ns).
 *   <li>{@code 24:00:00} is <b>24 days</b>, as in .NET and the ADF docs ("write 1 day as
 *       1.00:00:00"): without a day part, an hour field above 23 makes the string {@code d:hh:mm}.
 *   <li>Single-digit fields ({@code 00:5:00}, seen in the corpus) are accepted.
 * </ul>
 */
public final class TimeSpan {

  /** The form named in every error message. */
  public static final String FORM = "[d.]hh:mm:ss, e.g. 01:00:00 or 1.00:00:00";

  private static final Pattern TIME_SPAN =
      Pattern.compile("(-)?(?:(\\d{1,8})\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?");

  private TimeSpan() {}

  /**
   * Parses a TimeSpan string.
   *
   * @throws IllegalArgumentException naming the value and the expected {@link #FORM} when {@code
   *     text} is null, malformed, or has minutes/seconds above 59 or hours above 23 with a day part
   */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : TIME_SPAN.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw invalid(text, "");
    }
    long days = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    long hours = Long.parseLong(m.group(3));
    long minutes = Long.parseLong(m.group(4));
    long seconds = Long.parseLong(m.group(5));
    if (m.group(2) == null && hours > 23) {
      // .NET reads "24:00:00" as d:hh:mm, i.e. 24 days.
      days = hours;
      hours = minutes;
      minutes = seconds;
      seconds = 0;
      if (m.group(6) != null) {
        throw invalid(text, " (a fraction needs hh:mm:ss with hh at most 23)");
      }
    }
    if (hours > 23 || minutes > 59 || seconds > 59) {
      throw invalid(text, " (hours must be 0-23, minutes and seconds 0-59)");
    }
    long nanos = m.group(6) == null ? 0 : Long.parseLong((m.group(6) + "000000000").substring(0, 9));
    Duration d =
        Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
    return m.group(1) == null ? d : d.negated();
  }

  /**
   * Formats a duration as {@code [-][d.]hh:mm:ss[.fffffff]}: the day part only when at least one
   * day, the fraction only when not zero (truncated to 100 ns ticks). {@code parse(format(d))}
   * equals {@code d} truncated to ticks.
   */
  public static String format(Duration duration) {
    StringBuilder out = new StringBuilder();
    Duration d = duration;
    if (d.isNegative()) {
      out.append('-');
      d = d.negated();
    }
    if (d.toDays() > 0) {
      out.append(d.toDays()).append('.');
    }
    out.append(String.format("%02d:%02d:%02d", d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()));
    int ticks = d.toNanosPart() / 100;
    if (ticks != 0) {
      out.append(String.format(".%07d", ticks));
    }
    return out.toString();
  }

  private static IllegalArgumentException invalid(String text, String why) {
    String shown = text == null ? "null" : "'" + text + "'";
    return new IllegalArgumentException(shown + " is not a TimeSpan" + why + "; write " + FORM);
  }
}
