package dev.adf.activities.expression;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats integers and decimals the way .NET's {@code ToString(format,
 * CultureInfo.InvariantCulture)} does, for {@code Text.Format('{0:N0}', …)}.
 *
 * <p><b>Standard formats</b> are a letter and an optional precision 0-99: {@code D}[n] (integers
 * only; zero-padded to n digits), {@code N}[n] (grouped with {@code ,}, default 2 decimals), {@code
 * F}[n] (default 2 decimals), {@code E}[n] (default 6 decimals, exponent {@code E+000}), {@code
 * G}[n] (shortest; n significant digits), {@code P}[n] (×100, {@code "n %"}, default 2), {@code
 * C}[n] (invariant currency {@code ¤}, default 2), {@code X}[n] (integers only; 64-bit two's
 * complement hex), {@code R}. Rounding is half away from zero, as .NET does. Lower case gives
 * lower-case exponent/hex letters.
 *
 * <p><b>Custom formats</b> (anything else): {@code 0} digit or zero, {@code #} digit if
 * significant, one {@code .} decimal point, {@code ,} between digit placeholders = thousands
 * grouping and just before the point (or the end) = divide by 1000, {@code %} ×100, {@code ‰}
 * ×1000, {@code 'text'}/{@code "text"} and {@code \c} literals, up to three {@code ;} sections
 * (positive; negative; zero). Scientific notation in custom formats ({@code 0.00E+0}) is not
 * implemented and is rejected with a {@link FormatStringException}.
 */
public final class DotNetNumberFormat {
  private DotNetNumberFormat() {}

  /**
   * Formats an integer (.NET {@code Int64}).
   *
   * @throws FormatStringException for an unknown standard format letter or an unsupported custom
   *     format
   */
  public static String format(long value, String format) {
    return format(BigDecimal.valueOf(value), true, format);
  }

  /**
   * Formats a decimal (.NET {@code Decimal}); scale is kept by {@code G} and the default, as .NET
   * keeps it ({@code 1.50} prints {@code 1.50}).
   *
   * @throws FormatStringException for an unknown standard format letter, {@code D} or {@code X}
   *     (integers only), or an unsupported custom format
   */
  public static String format(BigDecimal value, String format) {
    return format(value, false, format);
  }

  /**
   * Checks a format without a value.
   *
   * @param integral whether the value will be an integer ({@code D} and {@code X} need one)
   * @throws FormatStringException when {@link #format} would reject it
   */
  public static void validate(String format, boolean integral) {
    format(BigDecimal.ONE, integral, format);
  }

  private static String format(BigDecimal value, boolean integral, String format) {
    if (format == null || format.isEmpty()) {
      return plain(value, integral);
    }
    if (isStandard(format)) {
      return standard(value, integral, format);
    }
    return new Custom(format).apply(value);
  }

  private static boolean isStandard(String f) {
    if (!Character.isLetter(f.charAt(0)) || f.charAt(0) > 127 || f.length() > 3) {
      return false;
    }
    for (int i = 1; i < f.length(); i++) {
      if (!Character.isDigit(f.charAt(i)) || f.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }

  private static String plain(BigDecimal value, boolean integral) {
    return integral ? value.toBigInteger().toString() : value.toPlainString();
  }

  private static String standard(BigDecimal v, boolean integral, String f) {
    char letter = f.charAt(0);
    Integer precision = f.length() > 1 ? Integer.valueOf(f.substring(1)) : null;
    switch (Character.toUpperCase(letter)) {
      case 'D' -> {
        if (!integral) {
          throw new FormatStringException(
              f, 0, "'D' formats integers only; for a decimal use F or N, e.g. F0");
        }
        String digits = v.toBigInteger().abs().toString();
        int n = precision == null ? 0 : precision;
        return (v.signum() < 0 ? "-" : "") + "0".repeat(Math.max(0, n - digits.length())) + digits;
      }
      case 'X' -> {
        if (!integral) {
          throw new FormatStringException(f, 0, "'X' formats integers only");
        }
        String hex = Long.toHexString(v.longValue());
        hex = Character.isUpperCase(letter) ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
        int n = precision == null ? 0 : precision;
        return "0".repeat(Math.max(0, n - hex.length())) + hex;
      }
      case 'F' -> {
        return fixed(v, precision == null ? 2 : precision, false);
      }
      case 'N' -> {
        return fixed(v, precision == null ? 2 : precision, true);
      }
      case 'P' -> {
        return fixed(v.movePointRight(2), precision == null ? 2 : precision, true) + " %";
      }
      case 'C' -> {
        String s = fixed(v.abs(), precision == null ? 2 : precision, true);
        return v.signum() < 0 && !isZero(s) ? "(¤" + s + ")" : "¤" + s;
      }
      case 'E' -> {
        return scientific(v, precision == null ? 6 : precision, 3, letter, false);
      }
      case 'G', 'R' -> {
        if (precision == null || precision == 0 || Character.toUpperCase(letter) == 'R') {
          return plain(v, integral);
        }
        BigDecimal r = v.round(new MathContext(precision, RoundingMode.HALF_UP));
        int exponent = r.precision() - r.scale() - 1;
        if (exponent >= precision || exponent < -5) {
          return scientific(v, precision - 1, 2, letter == 'G' ? 'E' : 'e', true);
        }
        return r.stripTrailingZeros().toPlainString();
      }
      default -> throw new FormatStringException(
          f,
          0,
          "'"
              + letter
              + "' is not a .NET standard numeric format (C D E F G N P R X); use e.g. D2, N0 or a"
              + " custom format such as 00");
    }
  }

  private static boolean isZero(String s) {
    return s.chars().noneMatch(c -> c >= '1' && c <= '9');
  }

  private static String fixed(BigDecimal v, int decimals, boolean grouped) {
    BigDecimal r = v.setScale(decimals, RoundingMode.HALF_UP);
    String s = r.abs().toPlainString();
    int dot = s.indexOf('.');
    String intPart = dot < 0 ? s : s.substring(0, dot);
    String rest = dot < 0 ? "" : s.substring(dot);
    String body = (grouped ? group(intPart) : intPart) + rest;
    return (r.signum() < 0 ? "-" : "") + body;
  }

  static String group(String digits) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      b.append(digits.charAt(i));
      int left = digits.length() - i - 1;
      if (left > 0 && left % 3 == 0) {
        b.append(',');
      }
    }
    return b.toString();
  }

  private static String scientific(
      BigDecimal v, int decimals, int expDigits, char letter, boolean trim) {
    if (v.signum() == 0) {
      String mantissa = trim || decimals == 0 ? "0" : "0." + "0".repeat(decimals);
      return mantissa + letter + "+" + "0".repeat(expDigits);
    }
    BigDecimal r = v.abs().round(new MathContext(decimals + 1, RoundingMode.HALF_UP));
    int exponent = r.precision() - r.scale() - 1;
    BigDecimal mantissa = r.movePointLeft(exponent).setScale(decimals, RoundingMode.HALF_UP);
    String m = trim ? mantissa.stripTrailingZeros().toPlainString() : mantissa.toPlainString();
    String e = Integer.toString(Math.abs(exponent));
    return (v.signum() < 0 ? "-" : "")
        + m
        + letter
        + (exponent < 0 ? "-" : "+")
        + "0".repeat(Math.max(0, expDigits - e.length()))
        + e;
  }

  /** One custom numeric format, split into sections. */
  private static final class Custom {
    private final String whole;
    private final String[] sections;
    private final int[] offsets;

    Custom(String whole) {
      this.whole = whole;
      java.util.List<String> parts = new java.util.ArrayList<>();
      java.util.List<Integer> starts = new java.util.ArrayList<>();
      int start = 0;
      for (int i = 0; i < whole.length(); i++) {
        char c = whole.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '\'' || c == '"') {
          int end = whole.indexOf(c, i + 1);
          if (end < 0) {
            throw new FormatStringException(whole, i, "the quote " + c + " has no closing " + c);
          }
          i = end;
        } else if (c == ';' && parts.size() < 2) {
          parts.add(whole.substring(start, i));
          starts.add(start);
          start = i + 1;
        }
      }
      parts.add(whole.substring(start));
      starts.add(start);
      sections = parts.toArray(new String[0]);
      offsets = starts.stream().mapToInt(Integer::intValue).toArray();
      for (int s = 0; s < sections.length; s++) {
        int e = scientificAt(sections[s]);
        if (e >= 0) {
          throw new FormatStringException(
              whole,
              offsets[s] + e,
              "scientific notation in custom numeric formats is not supported; use the standard"
                  + " format E, e.g. E3");
        }
      }
    }

    String apply(BigDecimal value) {
      int section = 0;
      if (value.signum() < 0 && sections.length >= 2 && !sections[1].isEmpty()) {
        section = 1;
      }
      String pattern = sections[section];
      String out = render(pattern, section == 1 ? value.abs() : value, section == 0);
      if (sections.length == 3 && !sections[2].isEmpty() && isZero(out)) {
        return render(sections[2], BigDecimal.ZERO, false);
      }
      return out;
    }

    private static int scientificAt(String p) {
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '\'' || c == '"') {
          i = p.indexOf(c, i + 1);
        } else if ((c == 'E' || c == 'e') && i + 1 < p.length()) {
          char n = p.charAt(i + 1);
          char n2 = i + 2 < p.length() ? p.charAt(i + 2) : ' ';
          if (n == '0' || ((n == '+' || n == '-') && n2 == '0')) {
            return i;
          }
        }
      }
      return -1;
    }

    private String render(String p, BigDecimal value, boolean signed) {
      int point = -1;
      int intPlaceholders = 0;
      int firstZero = -1;
      int fracPlaceholders = 0;
      int lastFracZero = 0;
      boolean grouping = false;
      int scaleCommas = 0;
      int percent = 0;
      int lastDigitBeforePoint = -1;
      int pendingCommas = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        switch (c) {
          case '\\' -> i++;
          case '\'', '"' -> i = p.indexOf(c, i + 1);
          case '0', '#' -> {
            if (point < 0) {
              if (pendingCommas > 0 && intPlaceholders > 0) {
                grouping = true;
              }
              pendingCommas = 0;
              if (c == '0' && firstZero < 0) {
                firstZero = intPlaceholders;
              }
              intPlaceholders++;
              lastDigitBeforePoint = i;
            } else {
              fracPlaceholders++;
              if (c == '0') {
                lastFracZero = fracPlaceholders;
              }
            }
          }
          case ',' -> {
            if (point < 0 && lastDigitBeforePoint >= 0) {
              pendingCommas++;
            }
          }
          case '.' -> {
            if (point < 0) {
              point = i;
              scaleCommas = pendingCommas;
              pendingCommas = 0;
            }
          }
          case '%' -> percent += 2;
          case '‰' -> percent += 3;
          default -> {}
        }
      }
      if (point < 0) {
        scaleCommas = pendingCommas;
      }
      BigDecimal v = value.movePointRight(percent).movePointLeft(3 * scaleCommas);
      BigDecimal r = v.setScale(fracPlaceholders, RoundingMode.HALF_UP);
      String abs = r.abs().toPlainString();
      int dot = abs.indexOf('.');
      String intDigits = dot < 0 ? abs : abs.substring(0, dot);
      String frac = dot < 0 ? "" : abs.substring(dot + 1);
      if (intDigits.equals("0")) {
        intDigits = "";
      }
      int shownFrac = frac.length();
      while (shownFrac > lastFracZero && frac.charAt(shownFrac - 1) == '0') {
        shownFrac--;
      }
      StringBuilder out = new StringBuilder();
      if (signed && r.signum() < 0) {
        out.append('-');
      }
      int placeholder = 0;
      int fracIndex = 0;
      boolean afterPoint = false;
      int shownInt = Math.max(intDigits.length(), firstZero < 0 ? 0 : intPlaceholders - firstZero);
      String digits = "0".repeat(Math.max(0, shownInt - intDigits.length())) + intDigits;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        switch (c) {
          case '\\' -> {
            if (i + 1 < p.length()) {
              out.append(p.charAt(++i));
            }
          }
          case '\'', '"' -> {
            int end = p.indexOf(c, i + 1);
            out.append(p, i + 1, end);
            i = end;
          }
          case '0', '#' -> {
            if (!afterPoint) {
              int end = digits.length() - intPlaceholders + placeholder + 1;
              int from = placeholder == 0 ? 0 : end - 1;
              for (int k = Math.max(0, from); k < end; k++) {
                out.append(digits.charAt(k));
                int left = digits.length() - k - 1;
                if (grouping && left > 0 && left % 3 == 0) {
                  out.append(',');
                }
              }
              placeholder++;
            } else {
              if (fracIndex < shownFrac) {
                out.append(frac.charAt(fracIndex));
              }
              fracIndex++;
            }
          }
          case '.' -> {
            if (!afterPoint) {
              afterPoint = true;
              if (shownFrac > 0) {
                out.append('.');
              }
            } else {
              out.append(c);
            }
          }
          case ',' -> {}
          case '%', '‰' -> out.append(c);
          default -> out.append(c);
        }
      }
      return out.toString();
    }
  }
}
