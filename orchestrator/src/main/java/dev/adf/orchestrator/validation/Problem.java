package dev.adf.orchestrator.validation;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One finding about a definition or config file, with its exact place (ARCHITECTURE "validation":
 * file, JSON pointer, line:column, message).
 *
 * <p>The message says what is wrong, shows the offending value and what to do. Secret values never
 * appear: the constructor passes the message through {@link Secrets#redact(String)}, and callers show
 * values through {@link Secrets#show(String, com.fasterxml.jackson.databind.JsonNode)}.
 *
 * @param severity {@link Severity#ERROR} blocks loading; {@link Severity#WARNING} does not
 * @param file the file the problem is in (a definition file or the environment config)
 * @param pointer RFC 6901 JSON pointer of the element, e.g. {@code /properties/activities/0/policy/timeout};
 *     {@code ""} is the whole document
 * @param line 1-based line of the element in {@code file}, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message readable sentence(s) on one line, secrets masked as {@code ***}, control characters
 *     escaped, at most about {@link #MAX_MESSAGE} characters (see {@link #oneLine})
 */
public record Problem(
    Severity severity, Path file, String pointer, int line, int column, String message) {

  /** Problems in file order: file, line, column, then pointer. */
  public static final Comparator<Problem> IN_FILE_ORDER =
      Comparator.comparing((Problem p) -> String.valueOf(p.file()))
          .thenComparingInt(Problem::line)
          .thenComparingInt(Problem::column)
          .thenComparing(Problem::pointer);

  /** How bad a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public Problem {
    Objects.requireNonNull(severity, "severity");
    pointer = pointer == null ? "" : pointer;
    message = oneLine(Secrets.redact(Objects.requireNonNull(message, "message")));
  }

  /** Messages longer than this (a huge value quoted whole) are cut in the middle; see {@link #oneLine}. */
  public static final int MAX_MESSAGE = 1_000;

  /**
   * The message as one printable line of at most about {@link #MAX_MESSAGE} characters: line breaks,
   * tabs and other control characters (a value quoted from the file may hold them) are written as JSON
   * escapes (a line break as {@code \\n}, a NUL as {@code \\u0000}), and a longer message keeps its
   * start and its end (where the advice is) around {@code …(N characters)…}.
   */
  static String oneLine(String message) {
    StringBuilder out = null;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      String escape = switch (c) {
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
            || (c >= 0x2066 && c <= 0x2069) ? String.format("\\u%04x", (int) c) : null;
      };
      if (escape != null && out == null) {
        out = new StringBuilder(message.length() + 16).append(message, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.append(c);
        }
      }
    }
    String line = out == null ? message : out.toString();
    if (line.length() <= MAX_MESSAGE) {
      return line;
    }
    int head = MAX_MESSAGE * 7 / 10;
    int tail = MAX_MESSAGE / 4;
    return line.substring(0, head) + String.format(java.util.Locale.ROOT, "…(%,d characters)…",
        line.length() - head - tail) + line.substring(line.length() - tail);
  }

  public static Problem error(Path file, String pointer, int line, int column, String message) {
    return new Problem(Severity.ERROR, file, pointer, line, column, message);
  }

  public static Problem warning(Path file, String pointer, int line, int column, String message) {
    return new Problem(Severity.WARNING, file, pointer, line, column, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * The pointer as a JSONPath: {@code /properties/activities/0/policy/timeout} becomes {@code
   * $.properties.activities[0].policy.timeout}; keys that are not plain identifiers are bracketed,
   * {@code $['StorageLinkedService.json'][0]}.
   */
  public String jsonPath() {
    return JsonPointers.toJsonPath(pointer);
  }

  /**
   * One line for people: {@code file:line:col  $.path  message}, warnings with {@code warning: } before
   * the message; {@code file  $.path  message} when the line is unknown.
   */
  public String render() {
    String place = String.valueOf(file) + (line > 0 ? ":" + line + ":" + column : "");
    String text = severity == Severity.WARNING ? "warning: " + message : message;
    return place + "  " + jsonPath() + "  " + text;
  }

  @Override
  public String toString() {
    return render();
  }
}
