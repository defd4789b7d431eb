package dev.adf.spark.copy;

import java.util.List;
import java.util.Locale;

/**
 * The Spark copy job's arguments, as the Azure Spark sample passes them to the application (Livy
 * batch {@code args}, HDInsight spark-submit): {@code input=URI} and {@code output=URI} (prefix
 * matched case-insensitively), or {@code --input URI} / {@code --output URI}; any other {@code
 * --flag value} pair is skipped. The same rules as the built-in job's {@code
 * dev.adf.engine.copy.CopyArguments}, except that a URI is any Hadoop path ({@code file:/…}, {@code
 * wasb[s]://container@account.blob.core.windows.net/path}), resolved later by {@link BlobPaths}.
 *
 * @param input the input URI as given
 * @param output the output URI as given
 */
public record CopyArguments(String input, String output) {

  /**
   * Parses the arguments; a later occurrence of input or output wins.
   *
   * @throws IllegalArgumentException when input or output is missing or empty; the message names
   *     what is missing and never echoes the other arguments (they may hold secrets)
   */
  public static CopyArguments parse(List<String> args) {
    String input = null;
    String output = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String lower = a.toLowerCase(Locale.ROOT);
      if (lower.startsWith("input=")) {
        input = a.substring("input=".length());
      } else if (lower.startsWith("output=")) {
        output = a.substring("output=".length());
      } else if (lower.equals("--input") && i + 1 < args.size()) {
        input = args.get(++i);
      } else if (lower.equals("--output") && i + 1 < args.size()) {
        output = args.get(++i);
      } else if (a.startsWith("--") && i + 1 < args.size() && !isLocationArg(args.get(i + 1))) {
        i++; // skip the flag's value
      }
    }
    input = blankToNull(input);
    output = blankToNull(output);
    if (input == null || output == null) {
      String missing = input == null && output == null ? "input and output" : input == null ? "input" : "output";
      throw new IllegalArgumentException(
          "spark blob copy needs input=URI and output=URI (wasb[s]://container@account.blob.core.windows.net/path"
              + " or file:/path); missing " + missing);
    }
    return new CopyArguments(input, output);
  }

  private static boolean isLocationArg(String a) {
    String lower = a.toLowerCase(Locale.ROOT);
    return lower.startsWith("input=") || lower.startsWith("output=");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
