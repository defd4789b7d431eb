package dev.adf.activities.hdinsight;

import java.util.List;
import java.util.regex.Pattern;

/** Picks the line of a failed job's log that says why it failed, for the attempt's error. */
final class FailureLines {
  private FailureLines() {}

  /** An exception's first line: {@code [Exception in thread "main" |Caused by: ]pkg.SomeException[: message]}. */
  private static final Pattern HEADER = Pattern.compile(
      "^(?:Exception in thread \"[^\"]*\" |Caused by: )?((?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error|Throwable)(?:: .*)?)$");

  /**
   * @param lines the end of the log, oldest first
   * @return the last exception header in {@code lines} (for a chain, the root cause), without its
   *     "Caused by:" prefix; else the last line that is not a stack frame; "" when there is none
   */
  static String reason(List<String> lines) {
    String fallback = "";
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i).strip();
      var m = HEADER.matcher(l);
      if (m.matches()) {
        return m.group(1);
      }
      if (fallback.isEmpty() && !l.isEmpty() && !l.startsWith("at ") && !l.matches("\\.\\.\\. \\d+ more")) {
        fallback = l;
      }
    }
    return fallback;
  }
}
