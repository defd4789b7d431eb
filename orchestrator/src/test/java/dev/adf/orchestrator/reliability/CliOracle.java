package dev.adf.orchestrator.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every {@code adf validate} / {@code adf deploy} run on hostile input must show, whatever the
 * input: exit 0 or 2; on 2 at least one error, and every line on stderr is either an error naming one
 * of the input files with line:column and a JSONPath of at most {@value #MAX_PATH} characters, the
 * summary line, or deploy's "Nothing was deployed" line; no stack-trace text anywhere; an end within
 * the deadline. Each broken rule is one failure text.
 */
public final class CliOracle {
  /** The longest JSONPath an error line may show (a 1,000-level path is elided to about 60). */
  public static final int MAX_PATH = 200;
  /** The longest error line (a 100,000-character value must not be echoed whole). */
  public static final int MAX_LINE = 2_000;

  private static final Pattern SUMMARY = Pattern.compile("\\d+ files?, \\d+ errors?, \\d+ warnings?: invalid");
  private static final String NOTHING_DEPLOYED = "Nothing was deployed; what was deployed before is unchanged.";
  private static final Pattern LOCATION = Pattern.compile("^:(\\d+):(\\d+)  (\\$.*)$");
  private static final Pattern TRACE = Pattern.compile(
      "Exception\\b|(?m)^\\s+at [\\w$.]+\\(|Caused by:|StackOverflowError|OutOfMemoryError|NullPointerException");

  private CliOracle() {}

  /**
   * The failures of one run.
   *
   * @param command {@code validate} or {@code deploy}, for the failure text
   * @param files every input file (definition files and config), as passed to or found by the CLI
   */
  public static List<String> check(String command, Cli.Run run, List<Path> files) {
    List<String> failures = new ArrayList<>();
    if (run.timedOut()) {
      failures.add(command + ": no end within the deadline (" + run.millis() + " ms)");
      return failures;
    }
    if (run.exit() != 0 && run.exit() != 2) {
      failures.add(command + ": exit " + run.exit() + " (only 0 or 2 allowed)");
    }
    Matcher trace = TRACE.matcher(run.out() + run.err());
    if (trace.find()) {
      failures.add(command + ": stack-trace text '" + trace.group() + "' in the output: "
          + excerpt(run.out() + run.err(), trace.start()));
    }
    List<String> names = files.stream().map(Path::toString).sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
    int errors = 0;
    for (String line : run.err().split("\n", -1)) {
      if (line.isEmpty() || SUMMARY.matcher(line).matches() || line.equals(NOTHING_DEPLOYED)) {
        continue;
      }
      if (!line.startsWith("error   ")) {
        failures.add(command + ": stderr line that is neither a located error nor the summary: " + clip(line));
        continue;
      }
      errors++;
      String rest = line.substring("error   ".length());
      String file = names.stream().filter(rest::startsWith).findFirst().orElse(null);
      if (file == null) {
        failures.add(command + ": error names none of the input files: " + clip(line));
        continue;
      }
      Matcher m = LOCATION.matcher(rest.substring(file.length()));
      if (!m.matches()) {
        failures.add(command + ": error without line:column: " + clip(line));
        continue;
      }
      if (Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
        failures.add(command + ": error at line:column " + m.group(1) + ":" + m.group(2) + ": " + clip(line));
      }
      int pathEnd = m.group(3).indexOf("  ");
      int pathLength = pathEnd < 0 ? m.group(3).length() : pathEnd;
      if (pathLength > MAX_PATH) {
        failures.add(command + ": JSONPath of " + pathLength + " characters: " + clip(line));
      }
      if (line.length() > MAX_LINE) {
        failures.add(command + ": error line of " + line.length() + " characters: " + clip(line));
      }
    }
    if (run.exit() == 2 && errors == 0) {
      failures.add(command + ": exit 2 without an error line");
    }
    if (run.exit() == 0 && errors > 0) {
      failures.add(command + ": exit 0 with " + errors + " error lines");
    }
    return failures;
  }

  private static String excerpt(String text, int at) {
    return clip(text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 300)));
  }

  static String clip(String s) {
    String one = s.replace("\n", "\\n").replace("\t", "\\t");
    return one.length() <= 400 ? one : one.substring(0, 400) + "…(" + one.length() + " chars)";
  }
}
