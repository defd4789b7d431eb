package dev.adf.activities.expression;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the date-time strings {@code DateTime.From} accepts, a documented subset of .NET's
 * invariant {@code DateTime.Parse}:
 *
 * <ul>
 *   <li>ISO 8601: {@code 2016-07-12}, {@code 2016-07-12T06:30}, {@code 2016-07-12T06:30:15.5},
 *       with {@code T} or a space, optionally followed by {@code Z} or an offset {@code ±hh:mm}
 *       (converted to UTC); without a zone the time is UTC;
 *   <li>invariant culture: {@code 7/12/2016}, {@code 07/12/2016 06:30:15}, {@code 7/12/2016 6:30
 *       PM} (month first), UTC.
 * </ul>
 */
final class DateTimeText {
  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,7}))?)?)?"
              + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");
  private static final Pattern INVARIANT =
      Pattern.compile(
          "(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s*([AaPp][Mm]))?)?");

  private DateTimeText() {}

  /** The UTC instant {@code text} denotes, or empty when it is not one of the accepted forms. */
  static Optional<Instant> parse(String text) {
    String s = text.trim();
    try {
      Matcher m = ISO.matcher(s);
      if (m.matches()) {
        LocalDate date = LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
        LocalTime time = LocalTime.MIDNIGHT;
        if (m.group(4) != null) {
          String frac = m.group(7) == null ? "" : m.group(7);
          int nanos = frac.isEmpty() ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
          time = LocalTime.of(num(m, 4), num(m, 5), m.group(6) == null ? 0 : num(m, 6), nanos);
        }
        ZoneOffset offset =
            m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(colon(m.group(8)));
        return inRange(LocalDateTime.of(date, time).toInstant(offset));
      }
      m = INVARIANT.matcher(s);
      if (m.matches()) {
        int hour = m.group(4) == null ? 0 : num(m, 4);
        if (m.group(7) != null) {
          if (hour < 1 || hour > 12) {
            return Optional.empty();
          }
          hour = hour % 12 + (Character.toUpperCase(m.group(7).charAt(0)) == 'P' ? 12 : 0);
        }
        LocalDateTime t =
            LocalDateTime.of(
                num(m, 3),
                num(m, 1),
                num(m, 2),
                hour,
                m.group(5) == null ? 0 : num(m, 5),
                m.group(6) == null ? 0 : num(m, 6));
        return inRange(t.toInstant(ZoneOffset.UTC));
      }
    } catch (DateTimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The message for a string {@link #parse} rejects. */
  static String problem(String text) {
    return "DateTime.From cannot read '"
        + text
        + "' as a date-time; write ISO 8601 such as '2016-07-12T06:00:00Z' or '2016-07-12'";
  }

  private static Optional<Instant> inRange(Instant t) {
    return t.isBefore(DotNetDateFormat.MIN) || t.isAfter(DotNetDateFormat.MAX)
        ? Optional.empty()
        : Optional.of(t);
  }

  private static int num(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  private static String colon(String offset) {
    return offset.indexOf(':') >= 0 ? offset : offset.substring(0, 3) + ":" + offset.substring(3);
  }
}
