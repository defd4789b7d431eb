package dev.adf.orchestrator.bench;

import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.Style;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Database;
import dev.adf.orchestrator.store.JdbcStore;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowQuery;
import dev.adf.orchestrator.window.Windows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress line's read (not a test): {@code Store.windowCounts} against the full window list the
 * old {@code adf run} summary loaded, on a fresh durable H2 home holding {@code N} hourly windows of one
 * activity, all Waiting and due (the worst case: a backfill before it starts). Before each read one
 * window changes status, as in a run, so H2 cannot answer from its result cache.
 *
 * <pre>
 * java -cp "$(cat cp.txt)" dev.adf.orchestrator.bench.WindowCountBenchmark [N=87648] [reads=50]
 * </pre>
 */
public final class WindowCountBenchmark {
  private WindowCountBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 87_648;
    int reads = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Path home = Files.createTempDirectory("adf-count-bench");
    Instant start = Instant.parse("2005-01-01T00:00:00Z");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Availability hourly = new Availability(Frequency.Hour, 1, Style.EndOfInterval, null, null);
    Store.ActivityRef ref = new Store.ActivityRef("P", "A");
    try (Database db = Database.openEmbedded(home)) {
      Store store = new JdbcStore(db);
      store.deploy(List.of(), Map.of(ref, Windows.range(hourly, start, start.plusSeconds(3600L * n))), "bench", now);
      List<ActivityWindow> page = store.windowsOf(ref, WindowStatus.Waiting, null, false, null, reads + 5);
      double[] counts = new double[reads];
      double[] lists = new double[Math.max(1, reads / 10)];
      int total = 0;
      for (int i = 0; i < reads; i++) {
        ActivityWindow w = page.get(i);
        store.transition(w, WindowState.of(WindowStatus.InProgress), Store.WindowChange.keep(w), "bench", now);
        long t0 = System.nanoTime();
        total = store.windowCounts(now.plusSeconds(i)).total();
        counts[i] = (System.nanoTime() - t0) / 1e6;
        if (i % 10 == 0 && i / 10 < lists.length) {
          t0 = System.nanoTime();
          store.windows(WindowQuery.ALL).size();
          lists[i / 10] = (System.nanoTime() - t0) / 1e6;
        }
      }
      System.out.printf(Locale.ROOT, "windows %d: windowCounts median %.1f ms (p90 %.1f, first %.1f) over %d reads;"
          + " full list median %.1f ms over %d%n", total, median(counts), pct(counts, 0.9), counts[0], reads,
          median(lists), lists.length);
    }
  }

  private static double median(double[] v) {
    return pct(v, 0.5);
  }

  private static double pct(double[] v, double p) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
  }
}
