package dev.adf.orchestrator.reliability;

import dev.adf.orchestrator.reliability.Mutation.Kind;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts of a fuzz run: per kind and per source, exit codes, times, failures with their seeds. */
public final class FuzzFigures {
  private final Map<Kind, long[]> byKind = new EnumMap<>(Kind.class);
  private final Map<String, long[]> bySource = new TreeMap<>();
  private final List<Long> validateMillis = new ArrayList<>();
  private final List<Long> deployMillis = new ArrayList<>();
  private final List<DefinitionFuzzer.Outcome> failed = new ArrayList<>();
  private final java.util.PriorityQueue<DefinitionFuzzer.Outcome> slowest = new java.util.PriorityQueue<>(
      java.util.Comparator.comparingLong(FuzzFigures::millis));
  private final Map<String, Integer> exits = new TreeMap<>();
  private long cases;

  /** Columns of a row: cases, validate 0, validate 2, deploy 0, deploy 2, other exits, failed cases. */
  public void add(DefinitionFuzzer.Outcome o) {
    cases++;
    String group = o.mutation().source().replaceFirst(":.*", "");
    for (long[] row : List.of(byKind.computeIfAbsent(o.mutation().kind(), k -> new long[7]),
        bySource.computeIfAbsent(group, k -> new long[7]))) {
      row[0]++;
      count(row, o.validate(), 1);
      count(row, o.deploy(), 3);
      row[6] += o.failures().isEmpty() ? 0 : 1;
    }
    exits.merge("validate " + exit(o.validate()), 1, Integer::sum);
    exits.merge("deploy " + exit(o.deploy()), 1, Integer::sum);
    validateMillis.add(o.validate().millis());
    deployMillis.add(o.deploy().millis());
    if (!o.failures().isEmpty()) {
      failed.add(o);
    }
    slowest.add(o);
    if (slowest.size() > 5) {
      slowest.poll();
    }
  }

  private static long millis(DefinitionFuzzer.Outcome o) {
    return o.validate().millis() + o.deploy().millis();
  }

  private static void count(long[] row, Cli.Run run, int at) {
    if (run.exit() == 0) {
      row[at]++;
    } else if (run.exit() == 2) {
      row[at + 1]++;
    } else {
      row[5]++;
    }
  }

  private static String exit(Cli.Run run) {
    return run.timedOut() ? "timeout" : "exit " + run.exit();
  }

  public List<DefinitionFuzzer.Outcome> failed() {
    return failed;
  }

  public long cases() {
    return cases;
  }

  public Map<Kind, long[]> byKind() {
    return byKind;
  }

  /** The figures as text tables, then each failed case with its seed and failures. */
  public void print(PrintStream out, String reproduce) {
    out.printf(Locale.ROOT, "%,d cases; %,d failed%n%n", cases, failed.size());
    table(out, "kind", byKind);
    out.println();
    table(out, "source", bySource);
    out.println();
    out.println("exit codes: " + exits);
    out.printf(Locale.ROOT, "validate ms: median %d, p99 %d, max %d%n", pct(validateMillis, 50),
        pct(validateMillis, 99), pct(validateMillis, 100));
    out.printf(Locale.ROOT, "deploy ms:   median %d, p99 %d, max %d%n", pct(deployMillis, 50),
        pct(deployMillis, 99), pct(deployMillis, 100));
    out.println("slowest cases (validate + deploy ms):");
    slowest.stream().sorted(java.util.Comparator.comparingLong(FuzzFigures::millis).reversed()).forEach(o ->
        out.printf(Locale.ROOT, "  %d + %d ms  %s%n", o.validate().millis(), o.deploy().millis(), o.mutation()));
    for (DefinitionFuzzer.Outcome o : failed) {
      out.println();
      out.println("FAILED " + o.mutation());
      o.failures().forEach(f -> out.println("  " + f));
      out.println("  reproduce: " + reproduce + " --case " + o.mutation().seed());
    }
  }

  private static <K> void table(PrintStream out, String title, Map<K, long[]> rows) {
    out.printf(Locale.ROOT, "%-14s %7s %11s %11s %9s %9s %6s %7s%n", title, "cases", "validate 0", "validate 2",
        "deploy 0", "deploy 2", "other", "failed");
    rows.forEach((k, r) -> out.printf(Locale.ROOT, "%-14s %,7d %,11d %,11d %,9d %,9d %,6d %,7d%n",
        k.toString().toLowerCase(Locale.ROOT), r[0], r[1], r[2], r[3], r[4], r[5], r[6]));
  }

  private static long pct(List<Long> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
