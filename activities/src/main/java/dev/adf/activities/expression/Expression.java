package dev.adf.activities.expression;

import java.time.Instant;

/**
 * A parsed, type-checked ADF v1 expression, reusable across slices and threads (immutable). Made
 * by {@link Expressions#parse(String)}.
 */
public final class Expression {
  private final String text;
  private final Node root;

  Expression(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** The text as given, with its {@code $$} prefix if it had one. */
  public String text() {
    return text;
  }

  /** The type every evaluation returns, e.g. {@code STRING} for {@code Text.Format}. */
  public Value.Type type() {
    return root.type();
  }

  /**
   * Evaluates against one slice's variables.
   *
   * @throws ExpressionException when evaluation fails (a date-time out of .NET's range, a format
   *     string built at run time that .NET would reject, an unreadable {@code DateTime.From} text)
   */
  public Value evaluate(SliceVariables variables) {
    return root.evaluate(new Node.Evaluation(text, variables));
  }

  /**
   * Evaluates and renders as .NET's invariant {@code ToString()} would: strings as is, date-times
   * as {@code MM/dd/yyyy HH:mm:ss}, integers in decimal, booleans {@code True}/{@code False}.
   *
   * @throws ExpressionException as {@link #evaluate}
   */
  public String evaluateText(SliceVariables variables) {
    return evaluate(variables).toText();
  }

  /**
   * Evaluates an expression that must give a date-time, such as an input dependency {@code
   * startTime}/{@code endTime}.
   *
   * @return a UTC instant
   * @throws ExpressionException when the expression's type is not DateTime (column 1), or as
   *     {@link #evaluate}
   */
  public Instant evaluateDateTime(SliceVariables variables) {
    if (type() != Value.Type.DATETIME) {
      throw new ExpressionException(
          text,
          1,
          "this gives "
              + Parser.article(type().adfName())
              + " but a DateTime is needed here; use a variable such as SliceStart or a function"
              + " such as Date.AddDays(SliceStart, -1)");
    }
    return ((Value.DateTimeValue) evaluate(variables)).instant();
  }

  @Override
  public String toString() {
    return text;
  }
}
