package dev.adf.activities.expression;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Formats a UTC date-time the way .NET's {@code DateTime.ToString(format,
 * CultureInfo.InvariantCulture)} does for a {@code DateTime} of kind {@code Utc}. ADF v1 used
 * these strings in {@code Text.Format('{0:yyyy/MM/dd}', SliceStart)} and in dataset {@code
 * partitionedBy} entries.
 *
 * <p><b>Standard formats.</b> A format of exactly one character is a .NET <em>standard</em>
 * format, expanded with the invariant culture's patterns:
 *
 * <pre>
 *  d  MM/dd/yyyy                       D  dddd, dd MMMM yyyy
 *  f  dddd, dd MMMM yyyy HH:mm         F  dddd, dd MMMM yyyy HH:mm:ss
 *  g  MM/dd/yyyy HH:mm                 G  MM/dd/yyyy HH:mm:ss   (also for a null or empty format)
 *  M,m  MMMM dd                        Y,y  yyyy MMMM
 *  O,o  yyyy-MM-ddTHH:mm:ss.fffffffZ   R,r  ddd, dd MMM yyyy HH:mm:ss GMT
 *  s  yyyy-MM-ddTHH:mm:ss              u  yyyy-MM-dd HH:mm:ssZ
 *  t  HH:mm                            T  HH:mm:ss
 *  U  dddd, dd MMMM yyyy HH:mm:ss
 * </pre>
 *
 * Any other single character is rejected, as .NET does: {@code "H"} alone is not a format; the
 * custom hour without padding is {@code "%H"}.
 *
 * <p><b>Custom formats</b> (two or more characters, or {@code %c}):
 *
 * <ul>
 *   <li>{@code y} year % 100 without padding, {@code yy} year % 100 in 2 digits, {@code yyy}…
 *       the year padded to the number of {@code y}s;
 *   <li>{@code M}/{@code MM} month 1-12 (padded to 2), {@code MMM} Jan…Dec, {@code MMMM}+
 *       January…December;
 *   <li>{@code d}/{@code dd} day of month, {@code ddd} Sun…Sat, {@code dddd}+ Sunday…Saturday;
 *   <li>{@code H}/{@code HH} hour 0-23, {@code h}/{@code hh} hour 1-12, {@code m}/{@code mm},
 *       {@code s}/{@code ss} (more than two letters still give two digits);
 *   <li>{@code f}…{@code fffffff} fraction of the second in 1 to 7 digits (100 ns units); {@code
 *       F}…{@code FFFFFFF} the same without trailing zeros, nothing at all when zero (and then a
 *       {@code .} just before it is dropped too); more than seven is an error;
 *   <li>{@code t} A/P, {@code tt} AM/PM; {@code g}/{@code gg} the era, {@code A.D.};
 *   <li>{@code K} {@code Z} (the value is UTC); {@code z} {@code +0}, {@code zz} {@code +00},
 *       {@code zzz} {@code +00:00};
 *   <li>{@code :} and {@code /} the invariant separators {@code :} and {@code /};
 *   <li>{@code 'text'} and {@code "text"} literal text (a backslash inside escapes the next
 *       character); {@code \c} the literal character c; {@code %c} the custom specifier c on its
 *       own ({@code %d}, {@code %M}); {@code %} at the end or {@code %%} is an error;
 *   <li>every other character is copied as is ({@code -}, {@code T}, {@code Z}, space…).
 * </ul>
 *
 * Specifiers are runs of the same letter, so {@code "%HH"} is {@code %H} followed by {@code H}
 * and prints the hour twice without padding ({@code 55} at 05:00), exactly as .NET does.
 *
 * <p>Values must lie in .NET's DateTime range, 0001-01-01T00:00Z to 9999-12-31T23:59:59.9999999Z;
 * digits below 100 ns are ignored.
 */
public final class DotNetDateFormat {
  /** The earliest instant a .NET DateTime can hold: 0001-01-01T00:00:00Z. */
  public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest instant a .NET DateTime can hold: 9999-12-31T23:59:59.9999999Z. */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.9999999Z");

  private static final String[] DAYS = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
  };
  private static final String[] MONTHS = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December"
  };

  private static final Map<Character, String> STANDARD =
      Map.ofEntries(
          Map.entry('d', "MM/dd/yyyy"),
          Map.entry('D', "dddd, dd MMMM yyyy"),
          Map.entry('f', "dddd, dd MMMM yyyy HH:mm"),
          Map.entry('F', "dddd, dd MMMM yyyy HH:mm:ss"),
          Map.entry('g', "MM/dd/yyyy HH:mm"),
          Map.entry('G', "MM/dd/yyyy HH:mm:ss"),
          Map.entry('m', "MMMM dd"),
          Map.entry('M', "MMMM dd"),
          Map.entry('o', "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"),
          Map.entry('O', "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"),
          Map.entry('r', "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"),
          Map.entry('R', "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"),
          Map.entry('s', "yyyy'-'MM'-'dd'T'HH':'mm':'ss"),
          Map.entry('t', "HH:mm"),
          Map.entry('T', "HH:mm:ss"),
          Map.entry('u', "yyyy'-'MM'-'dd HH':'mm':'ss'Z'"),
          Map.entry('U', "dddd, dd MMMM yyyy HH:mm:ss"),
          Map.entry('y', "yyyy MMMM"),
          Map.entry('Y', "yyyy MMMM"));

  private DotNetDateFormat() {}

  /**
   * Formats {@code instant} (read as UTC) with a .NET standard or custom date/time format.
   *
   * @param instant a UTC instant within {@link #MIN}..{@link #MAX}
   * @param format a .NET format; null or empty means {@code "G"} ({@code MM/dd/yyyy HH:mm:ss})
   * @throws FormatStringException when .NET would throw a FormatException for this format
   * @throws IllegalArgumentException when the instant is outside the .NET DateTime range
   */
  public static String format(Instant instant, String format) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException(
          instant + " is outside the .NET DateTime range " + MIN + " to " + MAX);
    }
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    String f = format == null || format.isEmpty() ? "G" : format;
    if (f.length() == 1) {
      String pattern = STANDARD.get(f.charAt(0));
      if (pattern == null) {
        throw new FormatStringException(
            f,
            0,
            "'"
                + f
                + "' is not a .NET standard date/time format (a one-character format is a standard"
                + " format: d D f F g G M O R s t T u U Y); for a single custom specifier write %"
                + f);
      }
      return custom(t, pattern, pattern, 0);
    }
    return custom(t, f, f, 0);
  }

  /**
   * Checks a format without a value.
   *
   * @throws FormatStringException when {@link #format} would reject it
   */
  public static void validate(String format) {
    format(MIN, format);
  }

  private static String custom(LocalDateTime t, String p, String whole, int base) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < p.length()) {
      char ch = p.charAt(i);
      // Only specifiers are read as runs; other characters are one each (scanning a run of literal
      // characters at every one of them made a long literal quadratic: 100,000 'x' took minutes).
      int len = SPECIFIERS.indexOf(ch) >= 0 ? repeat(p, i) : 1;
      switch (ch) {
        case 'g' -> out.append("A.D.");
        case 'h' -> pad(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, Math.min(len, 2));
        case 'H' -> pad(out, t.getHour(), Math.min(len, 2));
        case 'm' -> pad(out, t.getMinute(), Math.min(len, 2));
        case 's' -> pad(out, t.getSecond(), Math.min(len, 2));
        case 'f', 'F' -> fraction(out, t.getNano() / 100, ch, len, whole, base + i);
        case 't' -> out.append(len == 1 ? ampm(t).substring(0, 1) : ampm(t));
        case 'd' -> {
          if (len <= 2) {
            pad(out, t.getDayOfMonth(), len);
          } else {
            String day = DAYS[t.getDayOfWeek().getValue() % 7];
            out.append(len == 3 ? day.substring(0, 3) : day);
          }
        }
        case 'M' -> {
          if (len <= 2) {
            pad(out, t.getMonthValue(), len);
          } else {
            String month = MONTHS[t.getMonthValue() - 1];
            out.append(len == 3 ? month.substring(0, 3) : month);
          }
        }
        case 'y' -> pad(out, len <= 2 ? t.getYear() % 100 : t.getYear(), len);
        case 'z' -> out.append(len == 1 ? "+0" : len == 2 ? "+00" : "+00:00");
        case 'K' -> {
          out.append('Z');
          len = 1;
        }
        case ':', '/' -> {
          out.append(ch);
          len = 1;
        }
        case '\'', '"' -> len = quoted(out, p, i, whole, base);
        case '%' -> {
          if (i + 1 >= p.length() || p.charAt(i + 1) == '%') {
            throw new FormatStringException(
                whole,
                base + i,
                "'%' must be followed by one custom specifier such as %d, %M or %H");
          }
          out.append(custom(t, String.valueOf(p.charAt(i + 1)), whole, base + i + 1));
          len = 2;
        }
        case '\\' -> {
          if (i + 1 >= p.length()) {
            throw new FormatStringException(
                whole, base + i, "'\\' at the end escapes nothing; write \\\\ for a backslash");
          }
          out.append(p.charAt(i + 1));
          len = 2;
        }
        default -> {
          out.append(ch);
          len = 1;
        }
      }
      i += len;
    }
    return out.toString();
  }

  /** The custom specifiers whose length is the length of their run ({@code yyyy}, {@code MMM}, {@code fff}). */
  private static final String SPECIFIERS = "ghHmsfFtdMyz";

  private static int repeat(String p, int i) {
    char ch = p.charAt(i);
    int j = i + 1;
    while (j < p.length() && p.charAt(j) == ch) {
      j++;
    }
    return j - i;
  }

  private static void pad(StringBuilder out, int value, int digits) {
    String s = Integer.toString(value);
    for (int k = s.length(); k < digits; k++) {
      out.append('0');
    }
    out.append(s);
  }

  private static String ampm(LocalDateTime t) {
    return t.getHour() < 12 ? "AM" : "PM";
  }

  private static void fraction(
      StringBuilder out, int ticksOfSecond, char ch, int len, String whole, int at) {
    if (len > 7) {
      throw new FormatStringException(
          whole,
          at,
          "more than seven '" + ch + "' (.NET keeps 100 ns, i.e. at most " + "fffffff".replace('f', ch) + ")");
    }
    int fraction = ticksOfSecond;
    for (int k = len; k < 7; k++) {
      fraction /= 10;
    }
    if (ch == 'f') {
      pad(out, fraction, len);
      return;
    }
    int digits = len;
    while (digits > 0 && fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    if (digits > 0) {
      pad(out, fraction, digits);
    } else if (out.length() > 0 && out.charAt(out.length() - 1) == '.') {
      out.setLength(out.length() - 1);
    }
  }

  private static int quoted(StringBuilder out, String p, int start, String whole, int base) {
    char quote = p.charAt(start);
    int j = start + 1;
    while (j < p.length() && p.charAt(j) != quote) {
      if (p.charAt(j) == '\\' && j + 1 < p.length()) {
        j++;
      }
      out.append(p.charAt(j));
      j++;
    }
    if (j >= p.length()) {
      throw new FormatStringException(
          whole,
          base + start,
          "the quote " + quote + " has no closing " + quote + "; close the literal text or escape it as \\" + quote);
    }
    return j - start + 1;
  }
}
