package dev.adf.activities.expression;

/**
 * A .NET format string (date/time, numeric or composite) that .NET would reject with a {@code
 * FormatException}. Carries the format text and the 0-based index of the offending character so
 * that callers can point at it; {@link Expressions} turns it into an {@link ExpressionException}
 * with the column inside the expression.
 */
public final class FormatStringException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String format;
  private final int index;
  private final String reason;

  /**
   * @param format the whole format string
   * @param index 0-based index of the offending character in {@code format}
   * @param reason what is wrong and what to write instead
   */
  public FormatStringException(String format, int index, String reason) {
    super("invalid format \"" + format + "\" at position " + (index + 1) + ": " + reason);
    this.format = format;
    this.index = index;
    this.reason = reason;
  }

  /** The whole format string. */
  public String format() {
    return format;
  }

  /** 0-based index of the offending character in {@link #format()}. */
  public int index() {
    return index;
  }

  /** What is wrong and what to write instead, without the format text. */
  public String reason() {
    return reason;
  }
}
