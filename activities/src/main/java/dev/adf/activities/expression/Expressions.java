package dev.adf.activities.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * Entry point to ADF v1 expressions ("Azure Data Factory - Functions and System Variables").
 *
 * <p>A property value that starts with {@code $$} is an expression: {@code
 * "$$Text.Format('wasb://c@a.blob.core.windows.net/{0:yyyy/MM/dd}/', SliceStart)"}. Nested calls
 * have no {@code $$} ({@code Time.AddHours(SliceStart, -6)}), nor do input dependency expressions
 * ({@code "startTime": "Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))"}). Inside a string
 * literal a single quote is written {@code \'} (in the JSON file {@code \\'}).
 *
 * <p>Variables: {@code SliceStart}, {@code SliceEnd}, {@code WindowStart}, {@code WindowEnd}, all
 * UTC. Functions (names ignore case): {@code Time.AddHours/AddMinutes/AddSeconds(X, n)}, {@code
 * Time.StartOfHour(X)}, {@code Date.AddDays(X, n)}, {@code Date.AddMonths/AddQuarters/AddWeeks/
 * AddYears(X, int)}, {@code Date.Day/DayOfWeek/DayOfYear/DaysInMonth(X)} (ints; DayOfWeek is 0 for
 * Sunday as in .NET), {@code Date.EndOfDay/EndOfMonth(X)} (23:59:59 of the last day), {@code
 * Date.StartOfDay/StartOfMonth(X)}, {@code DateTime.From(string)}, {@code DateTime.Ticks(X)} (100
 * ns units since 0001-01-01T00:00Z) and {@code Text.Format(format, args…)} (.NET composite
 * formatting, see {@link DotNetDateFormat} and {@link DotNetNumberFormat}). Literals: integers,
 * decimals, {@code 'strings'}, {@code true}/{@code false}; unary minus.
 *
 * <p>Every problem, at parse time or evaluation time, is an {@link ExpressionException} naming the
 * text and the 1-based column.
 */
public final class Expressions {
  /** The prefix that marks a property value as an expression. */
  public static final String PREFIX = "$$";

  private Expressions() {}

  /** Whether {@code text} is an expression, i.e. starts with {@code $$}; false for null. */
  public static boolean isExpression(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  /**
   * Parses and type-checks {@code text}, with or without the {@code $$} prefix. Function names,
   * argument counts and types, and literal format strings of {@code Text.Format} are all checked
   * here, so a parsed expression only fails at evaluation for reasons that depend on the slice.
   *
   * @throws ExpressionException for any syntax or static error, and for null text
   */
  public static Expression parse(String text) {
    if (text == null) {
      throw new ExpressionException("null", 1, "there is no expression text (the value is null)");
    }
    return new Expression(text, Parser.parse(text, isExpression(text) ? PREFIX.length() : 0));
  }

  /**
   * Validates {@code text} without variables: everything {@link #parse} checks.
   *
   * @throws ExpressionException for the first problem found
   */
  public static void check(String text) {
    parse(text);
  }

  /**
   * Parses and evaluates to text ({@link Expression#evaluateText}).
   *
   * @throws ExpressionException for parse or evaluation errors
   */
  public static String evaluateText(String text, SliceVariables variables) {
    return parse(text).evaluateText(variables);
  }

  /**
   * Parses and evaluates to a UTC instant ({@link Expression#evaluateDateTime}), e.g. an input's
   * {@code "startTime": "Date.AddDays(SliceStart, -1)"}.
   *
   * @throws ExpressionException for parse or evaluation errors, or when the type is not DateTime
   */
  public static Instant evaluateDateTime(String text, SliceVariables variables) {
    return parse(text).evaluateDateTime(variables);
  }

  /**
   * A deep copy of {@code tree} in which every string value starting with {@code $$} is replaced
   * by its evaluated text; keys, other values and the input tree are left unchanged. Activities
   * call this on their typeProperties at run time.
   *
   * @param tree any JSON tree; null gives null
   * @throws ExpressionException for the first bad expression, with {@link
   *     ExpressionException#location()} set to its JSON pointer (e.g. {@code /defines/Input})
   */
  public static JsonNode resolve(JsonNode tree, SliceVariables variables) {
    return tree == null ? null : resolve(tree, variables, "");
  }

  private static JsonNode resolve(JsonNode node, SliceVariables variables, String pointer) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), resolve(e.getValue(), variables, pointer + "/" + escape(e.getKey())));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(resolve(node.get(i), variables, pointer + "/" + i));
      }
      return copy;
    }
    if (node.isTextual() && isExpression(node.textValue())) {
      try {
        return TextNode.valueOf(evaluateText(node.textValue(), variables));
      } catch (ExpressionException e) {
        throw e.at(pointer.isEmpty() ? "/" : pointer);
      }
    }
    return node.deepCopy();
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
