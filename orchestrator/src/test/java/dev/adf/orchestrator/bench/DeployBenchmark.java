package dev.adf.orchestrator.bench;

import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Deploy benchmark (not a test): how long {@code Deployer.deploy} takes and how much heap it needs
 * to lay out years of activity windows into a fresh H2 home, at a fixed clock ({@link #NOW}).
 *
 * <p>Every measurement runs in its own child JVM (fresh heap, fresh JIT, fresh database), so one
 * case's garbage or caches never count for another. Per round and case the child reports the deploy
 * time, the windows laid out and the peak heap during the deploy (sum of the heap pools' peak usage,
 * reset just before the deploy, after a full GC; an upper bound, it includes garbage not yet
 * collected). With {@code --xmx} it also searches, once per case, the smallest {@code -Xmx} on the
 * ladder {@link #LADDER} with which the deploy still succeeds: the trustworthy figure of how much
 * memory a deploy needs.
 *
 * <pre>
 * tools/bench/scheduler.sh deploy [ROUNDS] [--xmx]
 * </pre>
 */
public final class DeployBenchmark {
  /** The fixed "now" of every deploy (UTC). */
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  /** Far end of the pipelines: laid out lazily up to now + the layout lookahead. */
  static final String FAR_END = "9999-09-09T00:00:00Z";

  static final String CHILD_XMX = "2g";
  static final int[] LADDER = {16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048};

  /** The cases: name → factory. */
  static Map<String, BenchFactory> cases() {
    Map<String, BenchFactory> m = new LinkedHashMap<>();
    m.put("100 act x 10 y daily", new BenchFactory(100, "Day", yearsBefore(10), FAR_END, 1));
    m.put("1 act x 10 y hourly", new BenchFactory(1, "Hour", yearsBefore(10), FAR_END, 1));
    m.put("100 act x 1 y daily", new BenchFactory(100, "Day", yearsBefore(1), FAR_END, 1));
    m.put("1 act x 1 y hourly", new BenchFactory(1, "Hour", yearsBefore(1), FAR_END, 1));
    return m;
  }

  static Instant yearsBefore(int years) {
    return NOW.atOffset(ZoneOffset.UTC).minusYears(years).toInstant();
  }

  private record Result(int windows, double seconds, double peakMiB) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1]);
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    boolean xmx = List.of(args).contains("--xmx");
    Map<String, List<Result>> results = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (String name : cases().keySet()) {
        Result res = spawn(name, CHILD_XMX, 0);
        if (res == null) {
          throw new IllegalStateException(name + " failed at -Xmx" + CHILD_XMX);
        }
        System.out.printf(Locale.ROOT, "round %d  %-22s %,9d windows %8.2f s %,10.0f windows/s  peak %7.1f MiB%n",
            r + 1, name, res.windows(), res.seconds(), res.windows() / res.seconds(), res.peakMiB());
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(res);
      }
    }
    System.out.printf(Locale.ROOT, "%n## Deploy, medians of %d rounds (child JVM -Xmx%s each; now = %s)%n", rounds, CHILD_XMX, NOW);
    System.out.println("| case | windows laid out | deploy s | windows/s | peak heap MiB (pool peaks) | rounds (s) |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    for (var e : results.entrySet()) {
      List<Result> rs = e.getValue();
      double s = median(rs.stream().map(Result::seconds).toList());
      System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %.0f | %s |%n", e.getKey(), rs.get(0).windows(), s,
          rs.get(0).windows() / s, median(rs.stream().map(Result::peakMiB).toList()),
          rs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x.seconds())).toList());
    }
    if (xmx) {
      System.out.println();
      System.out.println("## Smallest -Xmx (MiB) on the ladder with which the deploy succeeds");
      for (var e : results.entrySet()) {
        double s = median(e.getValue().stream().map(Result::seconds).toList());
        long timeoutSec = (long) Math.ceil(4 * s + 30);
        System.out.printf(Locale.ROOT, "| %s | %s |%n", e.getKey(), smallestXmx(e.getKey(), timeoutSec));
      }
    }
  }

  /** Binary search on the ladder; a run slower than {@code timeoutSec} (GC thrash) counts as failed. */
  private static String smallestXmx(String name, long timeoutSec) throws Exception {
    int lo = 0;
    int hi = LADDER.length - 1;
    if (spawn(name, LADDER[hi] + "m", timeoutSec) == null) {
      return "> " + LADDER[hi];
    }
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      Result r = spawn(name, LADDER[mid] + "m", timeoutSec);
      System.out.printf(Locale.ROOT, "  %s -Xmx%dm: %s%n", name, LADDER[mid], r == null ? "fails" : "ok " + String.format(Locale.ROOT, "%.2f s", r.seconds()));
      if (r == null) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == 0 ? "≤ " + LADDER[0] : LADDER[lo] + " (fails at " + LADDER[lo - 1] + ")";
  }

  /** Runs one case in a child JVM; null when it fails (OutOfMemoryError) or exceeds {@code timeoutSec} (0: none). */
  private static Result spawn(String name, String xmx, long timeoutSec) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError",
        "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
        "-cp", System.getProperty("java.class.path"), DeployBenchmark.class.getName(), "--child", name));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> out = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(out::add);
      } catch (IOException e) {
        // the child died; its exit code says so
      }
    });
    reader.start();
    boolean ended = timeoutSec == 0 ? p.waitFor() >= Integer.MIN_VALUE : p.waitFor(timeoutSec, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor();
      reader.join();
      return null;
    }
    reader.join();
    if (p.exitValue() != 0) {
      if (timeoutSec == 0) {
        out.forEach(System.err::println);
      }
      return null;
    }
    for (String line : out) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.split(" ");
        return new Result(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
      }
    }
    out.forEach(System.err::println);
    throw new IllegalStateException("no RESULT line from the child for " + name);
  }

  /** In the child JVM: one deploy on a fresh home; prints "RESULT windows seconds peakMiB". */
  private static void child(String name) throws Exception {
    BenchFactory f = cases().get(name);
    Path tmp = Files.createTempDirectory("adf-deploy-bench-");
    try {
      Path factory = f.write(tmp.resolve("factory"));
      try (Orchestrator o = Orchestrator.open(tmp.resolve("home"), Clock.fixed(NOW, ZoneOffset.UTC),
          Settings.defaults(), ActivityTypes.builtIn())) {
        Deployer deployer = new Deployer(o);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(m -> m.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        Deployer.Report r = deployer.deploy(List.of(factory), null);
        double sec = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
        if (r.refused()) {
          throw new IllegalStateException("deploy refused: " + r.problems());
        }
        System.out.printf(Locale.ROOT, "RESULT %d %.3f %.1f%n", r.outcome().windowsCreated(), sec, peak / 1048576.0);
      }
    } finally {
      delete(tmp);
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
