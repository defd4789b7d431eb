package dev.adf.activities.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed .NET composite format string, as {@code String.Format} reads it in .NET Framework:
 * literal text, {@code {{} and {@code }}} for braces, and items {@code {index[,alignment][:format]}}.
 * The format part runs to the next unescaped {@code }} and keeps its spaces ({@code {0: yyyy}}
 * prints a leading space). A positive alignment right-aligns in that many characters, a negative
 * one left-aligns.
 */
final class CompositeFormat {
  /** Literal text or a format item. */
  sealed interface Part permits Text, Item {}

  /** Literal text, braces already unescaped. */
  record Text(String text) implements Part {}

  /**
   * A format item.
   *
   * @param start index of its {@code {} in the format string
   * @param formatStart index of the first character of {@code format} (after {@code :})
   * @param format the format string, null when absent
   */
  record Item(int start, int index, int alignment, String format, int formatStart)
      implements Part {}

  private final String source;
  private final List<Part> parts;

  private CompositeFormat(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  List<Part> parts() {
    return parts;
  }

  String source() {
    return source;
  }

  /**
   * Parses a composite format string.
   *
   * @throws FormatStringException for a lone brace, a missing index, a bad alignment or an
   *     unclosed item
   */
  static CompositeFormat parse(String s) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int pos = 0;
    int len = s.length();
    while (true) {
      while (pos < len) {
        char ch = s.charAt(pos++);
        if (ch == '}') {
          if (pos < len && s.charAt(pos) == '}') {
            pos++;
          } else {
            throw new FormatStringException(
                s, pos - 1, "a lone '}'; write }} for a literal brace");
          }
        } else if (ch == '{') {
          if (pos < len && s.charAt(pos) == '{') {
            pos++;
          } else {
            pos--;
            break;
          }
        }
        text.append(ch);
      }
      if (pos >= len) {
        break;
      }
      if (text.length() > 0) {
        parts.add(new Text(text.toString()));
        text.setLength(0);
      }
      int start = pos++;
      if (pos >= len || !isDigit(s.charAt(pos))) {
        throw new FormatStringException(
            s, start, "'{' must be followed by an argument index such as {0}; write {{ for a literal brace");
      }
      int index = 0;
      while (pos < len && isDigit(s.charAt(pos))) {
        index = index * 10 + (s.charAt(pos++) - '0');
        if (index > 1_000_000) {
          throw new FormatStringException(s, start, "the argument index is too large");
        }
      }
      pos = skipSpaces(s, pos);
      int alignment = 0;
      if (pos < len && s.charAt(pos) == ',') {
        pos = skipSpaces(s, pos + 1);
        boolean left = pos < len && s.charAt(pos) == '-';
        if (left) {
          pos++;
        }
        if (pos >= len || !isDigit(s.charAt(pos))) {
          throw new FormatStringException(
              s, pos < len ? pos : start, "',' in a format item must be followed by a width, e.g. {0,10} or {0,-10}");
        }
        while (pos < len && isDigit(s.charAt(pos))) {
          alignment = alignment * 10 + (s.charAt(pos++) - '0');
          if (alignment > 1_000_000) {
            throw new FormatStringException(s, start, "the alignment is too large");
          }
        }
        alignment = left ? -alignment : alignment;
        pos = skipSpaces(s, pos);
      }
      String format = null;
      int formatStart = pos + 1;
      if (pos < len && s.charAt(pos) == ':') {
        pos++;
        StringBuilder f = new StringBuilder();
        while (true) {
          if (pos >= len) {
            throw unclosed(s, start);
          }
          char ch = s.charAt(pos++);
          if (ch == '{') {
            if (pos < len && s.charAt(pos) == '{') {
              pos++;
            } else {
              throw new FormatStringException(
                  s, pos - 1, "'{' inside the format of an item; write {{ or close the item with }");
            }
          } else if (ch == '}') {
            if (pos < len && s.charAt(pos) == '}') {
              pos++;
            } else {
              pos--;
              break;
            }
          }
          f.append(ch);
        }
        format = f.toString();
      }
      if (pos >= len || s.charAt(pos) != '}') {
        if (pos >= len) {
          throw unclosed(s, start);
        }
        throw new FormatStringException(
            s, pos, "unexpected '" + s.charAt(pos) + "' in a format item; write {index[,width][:format]}");
      }
      pos++;
      parts.add(new Item(start, index, alignment, format, formatStart));
    }
    if (text.length() > 0) {
      parts.add(new Text(text.toString()));
    }
    return new CompositeFormat(s, parts);
  }

  private static FormatStringException unclosed(String s, int start) {
    return new FormatStringException(
        s, start, "the format item starting here has no closing '}'; write {{ for a literal brace");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int skipSpaces(String s, int pos) {
    while (pos < s.length() && s.charAt(pos) == ' ') {
      pos++;
    }
    return pos;
  }

  /** Pads {@code text} to {@code alignment} characters, right-aligned if positive. */
  static String align(String text, int alignment) {
    int width = Math.abs(alignment);
    if (text.length() >= width) {
      return text;
    }
    String pad = " ".repeat(width - text.length());
    return alignment > 0 ? pad + text : text + pad;
  }
}
