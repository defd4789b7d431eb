package dev.adf.activities.expression;

/**
 * The one exception for a bad ADF v1 expression or {@code partitionedBy} definition, at parse time
 * or at evaluation time. It names the text, the 1-based column within it (counting the {@code $$}
 * prefix when the text has one) and says what to do:
 *
 * <pre>
 * in "Time.AddHours(SliceStrat, -6)" at column 15: unknown variable 'SliceStrat' (did you mean
 * SliceStart?); use SliceStart, SliceEnd, WindowStart or WindowEnd
 * </pre>
 *
 * When raised while resolving a JSON tree, {@link #location()} holds the JSON pointer of the value
 * and the message starts with {@code at /pointer: }.
 */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String expression;
  private final int column;
  private final String problem;
  private final String location;

  /**
   * @param expression the text as the user wrote it (after JSON decoding)
   * @param column 1-based column in {@code expression} where the problem is
   * @param problem what is wrong and what to do, without the text and column
   */
  public ExpressionException(String expression, int column, String problem) {
    this(expression, column, problem, null, null);
  }

  ExpressionException(String expression, int column, String problem, Throwable cause) {
    this(expression, column, problem, null, cause);
  }

  private ExpressionException(
      String expression, int column, String problem, String location, Throwable cause) {
    super(
        (location == null ? "" : "at " + location + ": ")
            + "in \""
            + expression
            + "\" at column "
            + column
            + ": "
            + problem,
        cause);
    this.expression = expression;
    this.column = column;
    this.problem = problem;
    this.location = location;
  }

  /** The same problem, located at a JSON pointer such as {@code /defines/Input}. */
  public ExpressionException at(String jsonPointer) {
    return new ExpressionException(expression, column, problem, jsonPointer, this);
  }

  /** The expression text as written, including a {@code $$} prefix if it had one. */
  public String expression() {
    return expression;
  }

  /** 1-based column in {@link #expression()}. */
  public int column() {
    return column;
  }

  /** What is wrong and what to do, without text, column or location. */
  public String problem() {
    return problem;
  }

  /** JSON pointer of the value, or null when not raised from a JSON tree. */
  public String location() {
    return location;
  }
}
