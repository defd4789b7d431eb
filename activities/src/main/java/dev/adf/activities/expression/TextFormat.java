package dev.adf.activities.expression;

import java.util.List;

/**
 * {@code Text.Format(format, args…)}: .NET composite formatting with the invariant culture. A
 * DateTime argument is formatted by {@link DotNetDateFormat} ({@code {0}} alone gives {@code
 * MM/dd/yyyy HH:mm:ss}), an int or decimal by {@link DotNetNumberFormat}; strings and booleans
 * ignore the item's format, as in .NET. An index beyond the arguments is an error.
 *
 * <p>When the format is a string literal everything is checked at parse time and errors point at
 * the exact character inside the literal.
 */
final class TextFormat {
  private TextFormat() {}

  static void check(Node.Call call, String text) {
    if (!(call.args().get(0) instanceof Node.Literal lit)) {
      return;
    }
    String format = ((Value.StringValue) lit.value()).text();
    CompositeFormat composite = parse(format, lit, text);
    List<Node> args = call.args().subList(1, call.args().size());
    for (CompositeFormat.Part part : composite.parts()) {
      if (part instanceof CompositeFormat.Item item) {
        if (item.index() >= args.size()) {
          throw new ExpressionException(text, lit.columnOf(item.start()), indexProblem(item, args.size()));
        }
        try {
          validate(item.format(), args.get(item.index()).type());
        } catch (FormatStringException e) {
          throw new ExpressionException(
              text, lit.columnOf(item.formatStart() + e.index()), itemProblem(item, e));
        }
      }
    }
  }

  static Value evaluate(Node.Call call, List<Value> values, Node.Evaluation ctx) {
    Node formatNode = call.args().get(0);
    String format = ((Value.StringValue) values.get(0)).text();
    CompositeFormat composite = parse(format, formatNode, ctx.text());
    List<Value> args = values.subList(1, values.size());
    StringBuilder out = new StringBuilder();
    for (CompositeFormat.Part part : composite.parts()) {
      if (part instanceof CompositeFormat.Text t) {
        out.append(t.text());
        continue;
      }
      CompositeFormat.Item item = (CompositeFormat.Item) part;
      if (item.index() >= args.size()) {
        throw ctx.fail(columnOf(formatNode, item.start()), indexProblem(item, args.size()));
      }
      String formatted;
      try {
        formatted = format(args.get(item.index()), item.format());
      } catch (FormatStringException e) {
        throw ctx.fail(columnOf(formatNode, item.formatStart() + e.index()), itemProblem(item, e));
      }
      out.append(CompositeFormat.align(formatted, item.alignment()));
    }
    return new Value.StringValue(out.toString());
  }

  /** Formats one argument with one item's format (null = the default ToString()). */
  static String format(Value v, String format) {
    if (v instanceof Value.DateTimeValue d) {
      return DotNetDateFormat.format(d.instant(), format);
    }
    if (v instanceof Value.IntegerValue i) {
      return DotNetNumberFormat.format(i.value(), format);
    }
    if (v instanceof Value.DecimalValue d) {
      return DotNetNumberFormat.format(d.value(), format);
    }
    return v.toText();
  }

  private static void validate(String format, Value.Type type) {
    switch (type) {
      case DATETIME -> DotNetDateFormat.validate(format);
      case INTEGER -> DotNetNumberFormat.validate(format, true);
      case DECIMAL -> DotNetNumberFormat.validate(format, false);
      default -> {}
    }
  }

  private static CompositeFormat parse(String format, Node formatNode, String text) {
    try {
      return CompositeFormat.parse(format);
    } catch (FormatStringException e) {
      throw new ExpressionException(
          text,
          columnOf(formatNode, e.index()),
          "Text.Format: " + e.reason());
    }
  }

  private static int columnOf(Node formatNode, int index) {
    return formatNode instanceof Node.Literal lit ? lit.columnOf(index) : formatNode.column();
  }

  private static String indexProblem(CompositeFormat.Item item, int argCount) {
    return "Text.Format: {"
        + item.index()
        + "} refers to argument "
        + item.index()
        + " but only "
        + argCount
        + (argCount == 1 ? " argument follows" : " arguments follow")
        + " the format (numbered from 0); add the argument or fix the index";
  }

  private static String itemProblem(CompositeFormat.Item item, FormatStringException e) {
    return "Text.Format: the format '" + item.format() + "' of {" + item.index() + "}: " + e.reason();
  }
}
