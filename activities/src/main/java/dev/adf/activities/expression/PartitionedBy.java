package dev.adf.activities.expression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset's {@code partitionedBy}: named date parts substituted into {@code folderPath} and
 * {@code fileName}. ADF v1 rule ("Datasets", "Azure Blob connector"): for
 *
 * <pre>
 * "folderPath": "wikidatagateway/wikisampledataout/{Year}/{Month}/{Day}",
 * "partitionedBy": [
 *   { "name": "Year",  "value": { "type": "DateTime", "date": "SliceStart", "format": "yyyy" } },
 *   { "name": "Month", "value": { "type": "DateTime", "date": "SliceStart", "format": "MM" } },
 *   { "name": "Day",   "value": { "type": "DateTime", "date": "SliceStart", "format": "dd" } } ]
 * </pre>
 *
 * each {@code {Name}} token is replaced by the named variable (UTC) formatted with the .NET
 * date/time format ({@link DotNetDateFormat}), giving {@code …/2016/07/12} for the slice starting
 * 2016-07-12T00:00Z.
 *
 * <p>Keys ({@code name}, {@code value}, {@code type}, {@code date}, {@code format}) and names are
 * matched ignoring case, as ADF v1 did. {@code type} must be {@code DateTime}; {@code date} one of
 * SliceStart, SliceEnd, WindowStart, WindowEnd; {@code format} is required here (the schema leaves
 * it optional, but .NET's default {@code MM/dd/yyyy HH:mm:ss} would put slashes and spaces into a
 * path). A token is {@code {identifier}}; other braces ({@code {*}}) are left alone.
 *
 * <p>A value starting with {@code $$} ({@code $$Text.Format('c/{0:yyyyMMdd-HH}', SliceStart)}, as
 * in the preview samples) is evaluated as an expression instead, and its result is not searched
 * for tokens.
 */
public final class PartitionedBy {
  private static final Pattern TOKEN = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

  /** One entry: {@code {name}} is replaced by {@code date} formatted with {@code format}. */
  public record Definition(String name, SystemVariable date, String format) {}

  private final Map<String, Definition> byName;

  private PartitionedBy(Map<String, Definition> byName) {
    this.byName = byName;
  }

  /** No definitions: text without tokens passes through unchanged. */
  public static PartitionedBy none() {
    return new PartitionedBy(Map.of());
  }

  /**
   * Reads a {@code partitionedBy} array; null, a missing node or JSON null give {@link #none()}.
   *
   * @throws ExpressionException for a node that is not an array, an entry without a name, a
   *     duplicate name, a type other than DateTime, an unknown date variable, or a missing or
   *     invalid format; the message names the entry as {@code partitionedBy[i] 'Name'}
   */
  public static PartitionedBy parse(JsonNode array) {
    if (array == null || array.isNull() || array.isMissingNode()) {
      return none();
    }
    if (!array.isArray()) {
      throw new ExpressionException(
          array.toString(), 1, "partitionedBy must be an array of {\"name\": …, \"value\": {…}} entries");
    }
    Map<String, Definition> byName = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      Definition d = definition(array.get(i), i);
      String key = d.name().toLowerCase(Locale.ROOT);
      if (byName.containsKey(key)) {
        throw new ExpressionException(
            d.name(), 1, where(i, d.name()) + "the name is already defined; give each entry its own name");
      }
      byName.put(key, d);
    }
    return new PartitionedBy(byName);
  }

  /** The definitions in file order. */
  public List<Definition> definitions() {
    return List.copyOf(byName.values());
  }

  /** The definition named {@code name}, ignoring case. */
  public Optional<Definition> definition(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Checks that every {@code {Name}} token in {@code folderPathOrFileName} has a definition, or,
   * for a {@code $$} value, that the expression is valid.
   *
   * @throws ExpressionException naming the token and its column
   */
  public void check(String folderPathOrFileName) {
    if (Expressions.isExpression(folderPathOrFileName)) {
      Expressions.check(folderPathOrFileName);
      return;
    }
    Matcher m = TOKEN.matcher(folderPathOrFileName);
    while (m.find()) {
      definitionFor(folderPathOrFileName, m);
    }
  }

  /**
   * The folder path or file name for one slice: tokens replaced, or the {@code $$} expression
   * evaluated. Null gives null.
   *
   * @throws ExpressionException for a token with no definition (naming it and its column) or a bad
   *     expression
   */
  public String resolve(String folderPathOrFileName, SliceVariables variables) {
    if (folderPathOrFileName == null) {
      return null;
    }
    if (Expressions.isExpression(folderPathOrFileName)) {
      return Expressions.evaluateText(folderPathOrFileName, variables);
    }
    Matcher m = TOKEN.matcher(folderPathOrFileName);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Definition d = definitionFor(folderPathOrFileName, m);
      String value = DotNetDateFormat.format(d.date().valueIn(variables), d.format());
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Definition definitionFor(String text, Matcher m) {
    Definition d = byName.get(m.group(1).toLowerCase(Locale.ROOT));
    if (d == null) {
      String known =
          byName.isEmpty()
              ? "there is no partitionedBy"
              : "defined: "
                  + String.join(", ", byName.values().stream().map(Definition::name).toList());
      throw new ExpressionException(
          text,
          m.start() + 1,
          "{"
              + m.group(1)
              + "} has no partitionedBy entry ("
              + known
              + "); add {\"name\": \""
              + m.group(1)
              + "\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": …}}"
              + " or fix the name");
    }
    return d;
  }

  private static Definition definition(JsonNode entry, int i) {
    String name = AdfJson.text(entry, "name");
    if (name == null || name.isBlank()) {
      throw new ExpressionException(
          String.valueOf(entry), 1, where(i, null) + "the entry has no \"name\"; add one such as \"Year\"");
    }
    JsonNode value = AdfJson.member(entry, "value");
    if (value == null || !value.isObject()) {
      throw new ExpressionException(
          String.valueOf(entry),
          1,
          where(i, name)
              + "\"value\" must be an object such as {\"type\": \"DateTime\", \"date\": \"SliceStart\","
              + " \"format\": \"yyyy\"}");
    }
    String type = AdfJson.text(value, "type");
    if (type == null || !type.equalsIgnoreCase("DateTime")) {
      throw new ExpressionException(
          String.valueOf(type),
          1,
          where(i, name) + "unknown type '" + type + "'; the only partition type is \"DateTime\"");
    }
    String date = AdfJson.text(value, "date");
    Optional<SystemVariable> variable = date == null ? Optional.empty() : SystemVariable.byName(date);
    if (variable.isEmpty()) {
      throw new ExpressionException(
          String.valueOf(date),
          1,
          where(i, name)
              + "unknown date '"
              + date
              + "'"
              + (date == null ? "" : SystemVariable.didYouMean(date))
              + "; use "
              + SystemVariable.ALL_NAMES);
    }
    String format = AdfJson.text(value, "format");
    if (format == null || format.isEmpty()) {
      throw new ExpressionException(
          String.valueOf(format),
          1,
          where(i, name) + "no \"format\"; add a .NET date format such as \"yyyy\", \"MM\" or \"%d\"");
    }
    try {
      DotNetDateFormat.validate(format);
    } catch (FormatStringException e) {
      throw new ExpressionException(format, e.index() + 1, where(i, name) + e.reason());
    }
    return new Definition(name, variable.get(), format);
  }

  private static String where(int i, String name) {
    return "partitionedBy[" + i + "]" + (name == null ? "" : " '" + name + "'") + ": ";
  }
}
