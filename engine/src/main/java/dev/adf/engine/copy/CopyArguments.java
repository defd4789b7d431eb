package dev.adf.engine.copy;

import dev.adf.engine.storage.BlobLocation;
import java.util.List;
import java.util.Locale;

/**
 * The copy job's arguments as the Azure Spark sample passes them: {@code input=wasb://…} and {@code
 * output=wasb://…} among {@code --flag value} pairs that are ignored (also accepted: {@code --input
 * URL}, {@code --output URL}).
 *
 * @param input where to copy from
 * @param output where to copy to
 */
public record CopyArguments(BlobLocation input, BlobLocation output) {

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException when input or output is missing or not a wasb URL; the message
   *     never echoes the other arguments (they may hold a connection string)
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
    if (input == null || output == null) {
      String missing = input == null && output == null ? "input and output" : input == null ? "input" : "output";
      throw new IllegalArgumentException(
          "blob copy needs input=wasb://container@account.blob.core.windows.net/path and"
              + " output=wasb://container@account.blob.core.windows.net/path; missing " + missing);
    }
    return new CopyArguments(BlobLocation.parseWasb(input), BlobLocation.parseWasb(output));
  }

  private static boolean isLocationArg(String a) {
    String lower = a.toLowerCase(Locale.ROOT);
    return lower.startsWith("input=") || lower.startsWith("output=");
  }
}
