package dev.adf.engine.bench;

import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.filecopy.CopyOutcome;
import dev.adf.engine.filecopy.CopyPlan;
import dev.adf.engine.filecopy.CopyPlan.Behavior;
import dev.adf.engine.filecopy.CopyPlan.Endpoint;
import dev.adf.engine.filecopy.CopyPlan.Method;
import dev.adf.engine.filecopy.FileCopy;
import dev.adf.engine.filecopy.TextSettings;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.testing.TestData;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark (not a test) of the Copy activity's executor, {@link FileCopy}, on the local folder store
 * (issue 13, "Measured"). Only the public API of the plan (CopyPlan, TextSettings, FileCopy) is used,
 * so the format library under it can be replaced. Every reference runs in the same round as ours, the
 * order rotates per round, an untimed {@code sync} precedes each trial; ratios are medians of per-round
 * ratios (reference time / our time: above 1 means ours is faster). MB = 10^6 bytes. Run by hand with
 * {@code tools/bench/copy-activity.sh}:
 *
 * <pre>
 * tools/bench/copy-activity.sh [ROUNDS] [binary] [gzip] [csv] [memory] [profile] [size=MB] [small=N]
 * </pre>
 *
 * <ul>
 *   <li><b>binary</b>: FileCopy (PreserveHierarchy, binary) vs the blob copy job's path ({@code
 *       BlobCopier.withDefaults().copy}, prefix into an output folder) vs {@code cp -r}; 1,000 × 64 KiB
 *       and 8 × 128 MiB of random bytes.
 *   <li><b>gzip</b>: one CSV-like file of {@code size} MB (default 1024 MiB) compressed (transcode, sink
 *       GZip Optimal) vs {@code gzip -6 -c}, and its {@code gzip -6} output decompressed (source GZip,
 *       sink none) vs {@code gzip -d -c}.
 *   <li><b>csv</b>: the same file re-serialized CSV → TSV (one file, parallelCopies 1) vs {@code tr ','
 *       '\t'} and {@code awk 'BEGIN{FS=",";OFS="\t"}{$1=$1;print}'}; the outputs are byte-identical.
 *   <li><b>memory</b>: each copy in a child JVM with {@code -Xmx64m} for a quarter of the size and the
 *       full size, and with {@code -Xmx16m} for the full size: heap pool peaks and the largest heap after
 *       a GC (-Xlog:gc).
 *   <li><b>profile</b>: each copy in a child JVM under JFR ({@code settings=profile}); the hottest
 *       frames of jdk.ExecutionSample, self and inclusive.
 * </ul>
 */
public final class CopyActivityBenchmark {

  private static final String GEN = "Data.0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final int MIB = TestData.MIB;
  static final TextSettings CSV = new TextSettings(",", "\n", null, null, null, null, false, 0, false);
  static final TextSettings TSV = new TextSettings("\t", "\n", null, null, null, null, false, 0, false);

  private static long sizeMb = 1024; // MiB of the text file
  private static int smallCount = 1000;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("probe")) {
      probe(args);
      return;
    }
    int rounds = 3;
    List<String> parts = new ArrayList<>();
    for (String a : args) {
      if (a.matches("\\d+")) {
        rounds = Integer.parseInt(a);
      } else if (a.startsWith("size=")) {
        sizeMb = Long.parseLong(a.substring(5));
      } else if (a.startsWith("small=")) {
        smallCount = Integer.parseInt(a.substring(6));
      } else {
        parts.add(a);
      }
    }
    if (parts.isEmpty()) {
      parts = List.of("binary", "gzip", "csv", "profile", "memory");
    }
    Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    Path tmp = Files.createTempDirectory(base, "adf-copy-activity-");
    System.out.printf("# data in %s (free %.1f GB), text file %d MiB, %d rounds, parts %s%n", tmp,
        tmp.toFile().getUsableSpace() / 1e9, sizeMb, rounds, parts);
    try {
      LocalFolderBlobStore store = new LocalFolderBlobStore(tmp);
      if (parts.contains("binary")) {
        binary(store, tmp, rounds);
      }
      if (parts.contains("gzip") || parts.contains("csv") || parts.contains("memory") || parts.contains("profile")) {
        Path csv = tmp.resolve("txt/csv/data.csv");
        long t0 = System.nanoTime();
        long rows = generateCsv(csv, sizeMb * MIB);
        gzipFile(csv, tmp.resolve("txt/gz/data.csv.gz"));
        System.out.printf(Locale.ROOT, "%n# generated %s: %.1f MB, %,d rows, gzip -6 → %.1f MB (%.2f:1) in %.1f s%n",
            csv.getFileName(), Files.size(csv) / 1e6, rows, Files.size(tmp.resolve("txt/gz/data.csv.gz")) / 1e6,
            (double) Files.size(csv) / Files.size(tmp.resolve("txt/gz/data.csv.gz")), (System.nanoTime() - t0) / 1e9);
        if (parts.contains("gzip")) {
          gzip(store, tmp, rounds);
        }
        if (parts.contains("csv")) {
          csv(store, tmp, rounds, rows);
        }
        if (parts.contains("profile")) {
          profile(tmp);
        }
        if (parts.contains("memory")) {
          memory(tmp);
        }
      }
    } finally {
      delete(tmp);
    }
  }

  // ---------------------------------------------------------------- plans

  private static Endpoint in(String container, String folder, String compression, TextSettings f) {
    return new Endpoint("in", container, folder, null, null, true, compression, null, f);
  }

  private static Endpoint out(String container, String folder, String compression, TextSettings f) {
    return new Endpoint("out", container, folder, null, null, false, compression, "Optimal", f);
  }

  static CopyPlan plan(String op, String inContainer, String outContainer) {
    return switch (op) {
      case "binary" -> new CopyPlan(in(inContainer, "csv", null, null), out(outContainer, "csv", null, null),
          Behavior.PRESERVE_HIERARCHY, Method.BINARY, GEN, 0);
      case "gzip" -> new CopyPlan(in(inContainer, "csv", null, null), out(outContainer, "gz", "GZip", null),
          Behavior.PRESERVE_HIERARCHY, Method.TRANSCODE, GEN, 1);
      case "gunzip" -> new CopyPlan(in(inContainer, "gz", "GZip", null), out(outContainer, "gunzip", null, null),
          Behavior.PRESERVE_HIERARCHY, Method.TRANSCODE, GEN, 1);
      case "csv" -> new CopyPlan(in(inContainer, "csv", null, CSV), out(outContainer, "tsv", null, TSV),
          Behavior.PRESERVE_HIERARCHY, Method.RESERIALIZE, GEN, 1);
      default -> throw new IllegalArgumentException(op);
    };
  }

  private static CopyOutcome fileCopy(LocalFolderBlobStore store, CopyPlan p) throws Exception {
    return new FileCopy(BlobCopier.withDefaults()).run(p, store, store, true, () -> false, l -> {});
  }

  // ---------------------------------------------------------------- 1. binary

  record Shape(String key, int count, int size) {
    long bytes() {
      return (long) count * size;
    }

    boolean small() {
      return size < MIB;
    }

    double rate(double s) {
      return small() ? count / s : bytes() / 1e6 / s;
    }

    String unit() {
      return small() ? "files/s" : "MB/s";
    }
  }

  private static void binary(LocalFolderBlobStore store, Path tmp, int rounds) throws Exception {
    List<Shape> shapes = List.of(new Shape("small", smallCount, 64 * 1024), new Shape("large", 8, 128 * MIB));
    for (Shape s : shapes) {
      CopyBenchmark.fill(store, "bin", new CopyBenchmark.Shape(s.key(), s.count(), s.size()));
      // fill writes bin/blob-i; move them under the shape's folder
      Path dir = tmp.resolve("bin/" + s.key());
      Files.createDirectories(dir);
      for (int i = 0; i < s.count(); i++) {
        Files.move(tmp.resolve("bin/blob-" + i), dir.resolve("blob-" + i));
      }
    }
    BlobCopier job = BlobCopier.withDefaults();
    for (Shape s : shapes) { // warm-up, verified by MD5
      Map<String, String> want = TestData.md5s(store, "bin", s.key() + "/");
      fileCopy(store, binaryPlan(s, "warm-fc"));
      job.copy(store, new BlobLocation(null, "bin", s.key()), store, new BlobLocation(null, "warm-job", s.key()), () -> false);
      for (String c : List.of("warm-fc", "warm-job")) {
        if (!want.equals(TestData.md5s(store, c, s.key() + "/"))) {
          throw new AssertionError("binary copy differs: " + c + " " + s.key());
        }
        delete(tmp.resolve(c));
      }
    }
    System.out.printf("%n## 1. Binary copy, local folder store, page cache warm, sync before each trial, order rotated, %d rounds%n", 3 * rounds);
    for (Shape s : shapes) {
      Map<String, List<Double>> rate = new LinkedHashMap<>();
      Map<String, List<Double>> ratio = new LinkedHashMap<>();
      int n = 3 * rounds; // trials of 20-400 ms: scheduling and write-back noise dominate
      for (int r = 0; r < n; r++) {
        List<String> order = new ArrayList<>(List.of("cp", "job", "filecopy"));
        Collections.rotate(order, r);
        Map<String, Double> sec = new HashMap<>();
        for (String m : order) {
          sync();
          sec.put(m, switch (m) {
            case "cp" -> {
              Files.createDirectories(tmp.resolve("o-cp"));
              yield time(() -> run(null, null, "cp", "-r", tmp.resolve("bin/" + s.key()).toString(),
                  tmp.resolve("o-cp/" + s.key()).toString()));
            }
            case "job" -> time(() -> job.copy(store, new BlobLocation(null, "bin", s.key()), store,
                new BlobLocation(null, "o-job", s.key()), () -> false));
            default -> time(() -> fileCopy(store, binaryPlan(s, "o-fc")));
          });
        }
        for (String c : List.of("o-cp", "o-job", "o-fc")) {
          delete(tmp.resolve(c));
        }
        add(rate, "cp -r", s.rate(sec.get("cp")));
        add(rate, "blob copy job path (BlobCopier.copy, staged output folder)", s.rate(sec.get("job")));
        add(rate, "**FileCopy** PreserveHierarchy, binary", s.rate(sec.get("filecopy")));
        add(ratio, "FileCopy vs cp -r", sec.get("cp") / sec.get("filecopy"));
        add(ratio, "FileCopy vs blob copy job", sec.get("job") / sec.get("filecopy"));
      }
      System.out.printf(Locale.ROOT, "%n### %s: %d × %d KiB (%.1f MB)%n| method | %s (median) | rounds |%n|---|---:|---|%n",
          s.key(), s.count(), s.size() / 1024, s.bytes() / 1e6, s.unit());
      rate.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %,.0f | %s |%n", k, median(v), fmt(v, "%.0f")));
      ratio.forEach((k, v) -> System.out.printf(Locale.ROOT, "| ratio %s | **%.2f** | %s |%n", k, median(v), fmt(v, "%.2f")));
    }
    delete(tmp.resolve("bin"));
  }

  private static CopyPlan binaryPlan(Shape s, String outContainer) {
    return binaryPlan(s, "bin", outContainer);
  }

  private static CopyPlan binaryPlan(Shape s, String inContainer, String outContainer) {
    return new CopyPlan(in(inContainer, s.key(), null, null), out(outContainer, s.key(), null, null),
        Behavior.PRESERVE_HIERARCHY, Method.BINARY, GEN, 0);
  }

  // ---------------------------------------------------------------- 2. gzip

  private static void gzip(LocalFolderBlobStore store, Path tmp, int rounds) throws Exception {
    Path csv = tmp.resolve("txt/csv/data.csv");
    Path gz = tmp.resolve("txt/gz/data.csv.gz");
    double mb = Files.size(csv) / 1e6;
    // warm-up and check: ours compressed decompresses (gzip -d) to the input; ours decompressed = input
    fileCopy(store, plan("gzip", "txt", "w"));
    Path oursGz = tmp.resolve("w/gz/data.csv");
    run(null, tmp.resolve("w/check.csv").toFile(), "gzip", "-d", "-c", oursGz.toString());
    same(csv, tmp.resolve("w/check.csv"), "FileCopy gzip output, gzip -d");
    System.out.printf(Locale.ROOT, "# FileCopy GZip Optimal output %.1f MB (gzip -6: %.1f MB)%n", Files.size(oursGz) / 1e6, Files.size(gz) / 1e6);
    fileCopy(store, plan("gunzip", "txt", "w"));
    same(csv, tmp.resolve("w/gunzip/data.csv.gz"), "FileCopy gunzip output");
    delete(tmp.resolve("w"));
    Files.createDirectories(tmp.resolve("o"));
    System.out.printf("%n## 2. GZip, one %.0f MB CSV-like file, MB/s of uncompressed data, sync before each trial, order alternated, %d rounds%n", mb, rounds);
    Map<String, List<Double>> rate = new LinkedHashMap<>();
    Map<String, List<Double>> ratio = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (String dir : List.of("compress", "decompress")) {
        List<String> order = new ArrayList<>(List.of("ref", "ours"));
        Collections.rotate(order, r);
        Map<String, Double> sec = new HashMap<>();
        for (String m : order) {
          sync();
          sec.put(m, m.equals("ref")
              ? time(() -> run(null, tmp.resolve("o/ref").toFile(), "gzip", dir.equals("compress") ? "-6" : "-d", "-c",
                  (dir.equals("compress") ? csv : gz).toString()))
              : time(() -> fileCopy(store, plan(dir.equals("compress") ? "gzip" : "gunzip", "txt", "o-fc"))));
          delete(tmp.resolve("o/ref"));
          delete(tmp.resolve("o-fc"));
        }
        String ref = dir.equals("compress") ? "gzip -6 -c file > out" : "gzip -d -c file.gz > out";
        add(rate, dir + ": " + ref, mb / sec.get("ref"));
        add(rate, dir + ": **FileCopy** " + (dir.equals("compress") ? "transcode, sink GZip Optimal" : "transcode, source GZip, sink none"),
            mb / sec.get("ours"));
        add(ratio, dir + ": FileCopy vs " + ref.substring(0, 7), sec.get("ref") / sec.get("ours"));
      }
    }
    System.out.printf("| method | MB/s (median) | rounds |%n|---|---:|---|%n");
    rate.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(k -> k.startsWith("de"))))
        .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %,.1f | %s |%n", e.getKey(), median(e.getValue()), fmt(e.getValue(), "%.1f")));
    ratio.forEach((k, v) -> System.out.printf(Locale.ROOT, "| ratio %s | **%.2f** | %s |%n", k, median(v), fmt(v, "%.2f")));
    delete(tmp.resolve("o"));
  }

  // ---------------------------------------------------------------- 3. CSV -> TSV

  private static void csv(LocalFolderBlobStore store, Path tmp, int rounds, long rows) throws Exception {
    Path csv = tmp.resolve("txt/csv/data.csv");
    double mb = Files.size(csv) / 1e6;
    Files.createDirectories(tmp.resolve("o"));
    String awk = "BEGIN{FS=\",\";OFS=\"\\t\"}{$1=$1;print}";
    // warm-up and check: all three outputs are the same bytes
    run(csv.toFile(), tmp.resolve("o/tr").toFile(), "tr", ",", "\t");
    run(null, tmp.resolve("o/awk").toFile(), "awk", awk, csv.toString());
    CopyOutcome o = fileCopy(store, plan("csv", "txt", "w"));
    if (o.rowsRead() != rows) {
      throw new AssertionError("read " + o.rowsRead() + " rows, generated " + rows);
    }
    same(tmp.resolve("o/tr"), tmp.resolve("o/awk"), "awk vs tr");
    same(tmp.resolve("o/tr"), tmp.resolve("w/tsv/data.csv"), "FileCopy vs tr");
    delete(tmp.resolve("o"));
    delete(tmp.resolve("w"));
    Files.createDirectories(tmp.resolve("o"));
    System.out.printf(Locale.ROOT, "%n## 3. CSV → TSV, one %.0f MB file, %,d rows × 8 columns, one core (parallelCopies 1), sync before each trial, order rotated, %d rounds%n",
        mb, rows, rounds);
    Map<String, List<Double>> sec = new LinkedHashMap<>();
    Map<String, List<Double>> ratio = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      List<String> order = new ArrayList<>(List.of("tr", "awk", "ours"));
      Collections.rotate(order, r);
      Map<String, Double> s = new HashMap<>();
      for (String m : order) {
        sync();
        s.put(m, switch (m) {
          case "tr" -> time(() -> run(csv.toFile(), tmp.resolve("o/x").toFile(), "tr", ",", "\t"));
          case "awk" -> time(() -> run(null, tmp.resolve("o/x").toFile(), "awk", awk, csv.toString()));
          default -> time(() -> fileCopy(store, plan("csv", "txt", "o-fc")));
        });
        delete(tmp.resolve("o/x"));
        delete(tmp.resolve("o-fc"));
      }
      add(sec, "tr ',' '\\t' < in > out", s.get("tr"));
      add(sec, "awk (mawk) 'BEGIN{FS=\",\";OFS=\"\\t\"}{$1=$1;print}'", s.get("awk"));
      add(sec, "**FileCopy** re-serialize CSV → TSV", s.get("ours"));
      add(ratio, "FileCopy vs tr", s.get("tr") / s.get("ours"));
      add(ratio, "FileCopy vs awk", s.get("awk") / s.get("ours"));
    }
    System.out.printf("| method | MB/s (median) | rows/s (median) | rounds MB/s |%n|---|---:|---:|---|%n");
    sec.forEach((k, v) -> {
      List<Double> mbs = v.stream().map(x -> mb / x).toList();
      System.out.printf(Locale.ROOT, "| %s | %,.1f | %,.0f | %s |%n", k, median(mbs), rows / median(v), fmt(mbs, "%.1f"));
    });
    ratio.forEach((k, v) -> System.out.printf(Locale.ROOT, "| ratio %s | **%.2f** | | %s |%n", k, median(v), fmt(v, "%.2f")));
    delete(tmp.resolve("o"));
  }

  // ---------------------------------------------------------------- 4. memory, profile (child JVMs)

  private static final List<String> OPS = List.of("binary", "gzip", "gunzip", "csv");

  private static void memory(Path tmp) throws Exception {
    // a second data set of a quarter of the size, to show the heap does not follow the file size
    long quarter = sizeMb / 4;
    Path q = tmp.resolve("txtq/csv/data.csv");
    generateCsv(q, quarter * MIB);
    gzipFile(q, tmp.resolve("txtq/gz/data.csv.gz"));
    System.out.printf("%n## 4. Heap of each copy in a child JVM (G1), %d MiB vs %d MiB file%n", quarter, sizeMb);
    System.out.printf("| copy | -Xmx | file | exit | time | heap pool peak MiB | max heap after GC MiB (-Xlog:gc) | GCs | VmHWM |%n|---|---|---|---|---:|---:|---:|---:|---:|%n");
    for (String op : OPS) {
      for (String[] run : new String[][] {{"64m", "txtq"}, {"64m", "txt"}, {"16m", "txt"}}) {
        String xmx = run[0];
        String c = run[1];
        {
          Path gcLog = tmp.resolve("gc-" + op + "-" + xmx + "-" + c + ".log");
          List<String> cmd = javaCmd("-Xmx" + xmx, "-Xlog:gc:file=" + gcLog);
          cmd.addAll(List.of(CopyActivityBenchmark.class.getName(), "probe", op, tmp.toString(), c));
          sync();
          long t0 = System.nanoTime();
          Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
          String outText = new String(p.getInputStream().readAllBytes()).trim();
          int rc = p.waitFor();
          double s = (System.nanoTime() - t0) / 1e9;
          double[] gc = gcAfter(gcLog);
          Map<String, String> kv = keyValues(outText);
          System.out.printf(Locale.ROOT, "| %s | %s | %d MiB | %s | %.1f s | %s | %.1f | %.0f | %s |%n", op, xmx,
              c.equals("txt") ? sizeMb : quarter, rc == 0 ? "0 (OK)" : rc + " FAILED: " + outText.replace('\n', ' '),
              s, kv.getOrDefault("peak", "?"), gc[0], gc[1], kv.getOrDefault("hwm", "?"));
          delete(tmp.resolve(c + "-out"));
        }
      }
    }
    delete(tmp.resolve("txtq"));
  }

  private static void profile(Path tmp) throws Exception {
    {
      LocalFolderBlobStore store = new LocalFolderBlobStore(tmp);
      CopyBenchmark.fill(store, "bin-src", new CopyBenchmark.Shape("small", smallCount, 64 * 1024));
      Path dir = tmp.resolve("bin-src/small");
      Files.createDirectories(dir);
      for (int i = 0; i < smallCount; i++) {
        Files.move(tmp.resolve("bin-src/blob-" + i), dir.resolve("blob-" + i));
      }
      Path jfr = tmp.resolve("prof-small.jfr");
      List<String> cmd = javaCmd("-Xmx64m", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
          "-XX:StartFlightRecording=settings=profile,filename=" + jfr);
      cmd.addAll(List.of(CopyActivityBenchmark.class.getName(), "probe", "small", tmp.toString(), "bin-src", "40"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String outText = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IOException("profile of small failed: " + outText);
      }
      keep(jfr);
      JfrTop.print("binary 40 x (" + smallCount + " x 64 KiB), FileCopy PreserveHierarchy", jfr, 12);
      delete(tmp.resolve("bin-src"));
      delete(tmp.resolve("bin-src-out"));
    }
    System.out.printf("%n## Profile: each copy of the %d MiB file in a child JVM under JFR (settings=profile, -Xmx64m, -XX:+DebugNonSafepoints); Java and native method samples%n", sizeMb);
    for (String op : OPS) {
      Path jfr = tmp.resolve("prof-" + op + ".jfr");
      List<String> cmd = javaCmd("-Xmx64m", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints",
          "-XX:StartFlightRecording=settings=profile,filename=" + jfr);
      cmd.addAll(List.of(CopyActivityBenchmark.class.getName(), "probe", op, tmp.toString(), "txt"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String outText = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IOException("profile of " + op + " failed: " + outText);
      }
      delete(tmp.resolve("txt-out"));
      keep(jfr);
      JfrTop.print(op, jfr, 12);
    }
  }

  private static void keep(Path jfr) throws IOException {
    if (System.getProperty("bench.keepJfr") != null) {
      Files.copy(jfr, Path.of(System.getProperty("bench.keepJfr"), jfr.getFileName().toString()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static List<String> javaCmd(String... opts) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(opts));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return cmd;
  }

  /** Child: one copy of {@code <root>/<container>} into {@code <container>-out}, then the heap figures. */
  private static void probe(String[] args) throws Exception {
    String op = args[1];
    LocalFolderBlobStore store = new LocalFolderBlobStore(Path.of(args[2]));
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    int repeat = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    CopyOutcome o = null;
    for (int i = 0; i < repeat; i++) {
      o = fileCopy(store, op.equals("small") ? binaryPlan(new Shape("small", 0, 0), args[3], args[3] + "-out")
          : plan(op, args[3], args[3] + "-out"));
      if (i < repeat - 1) {
        delete(Path.of(args[2], args[3] + "-out"));
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM ?").replaceAll("\\D+", "");
    System.out.printf(Locale.ROOT, "peak=%.1f hwm=%.0fMiB summary=%s%n", peak / 1048576.0, Long.parseLong(hwm) / 1024.0,
        o.summary().replace(' ', '_'));
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> m = new HashMap<>();
    for (String tok : text.split("\\s+")) {
      int eq = tok.indexOf('=');
      if (eq > 0) {
        m.put(tok.substring(0, eq), tok.substring(eq + 1));
      }
    }
    return m;
  }

  /** {max heap after a GC in MiB, number of GCs} from a -Xlog:gc file ("… 24M->3M(64M) …"). */
  private static double[] gcAfter(Path log) throws IOException {
    double max = 0;
    int n = 0;
    if (Files.exists(log)) {
      java.util.regex.Pattern p = java.util.regex.Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
      for (String line : Files.readAllLines(log)) {
        var m = p.matcher(line);
        if (m.find()) {
          n++;
          max = Math.max(max, Double.parseDouble(m.group(2)));
        }
      }
    }
    return new double[] {max, n};
  }

  // ---------------------------------------------------------------- data

  private static final String[] REGIONS = {"WA", "OR", "CA", "NV", "ID", "MT", "WY", "UT", "CO", "AZ", "NM", "TX",
      "OK", "KS", "NE", "SD", "ND", "MN", "IA", "MO"};
  private static final String[] STATUS = {"OK", "OK", "OK", "RETURNED", "PENDING", "OK", "CANCELLED", "OK"};

  /**
   * Writes CSV-like sales rows of 8 short unquoted columns until {@code bytes}: id, timestamp, region,
   * store, sku, quantity, price, status. Seeded, so every run has the same data; ~4:1 with gzip -6.
   *
   * @return the number of rows
   */
  public static long generateCsv(Path file, long bytes) throws IOException {
    Files.createDirectories(file.getParent());
    long rows = 0;
    long seed = 0x9E3779B97F4A7C15L;
    long ts = 1_433_116_800L; // 2015-06-01T00:00:00Z
    byte[] row = new byte[256];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      long written = 0;
      while (written < bytes) {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        long r = seed & Long.MAX_VALUE;
        ts += (r & 3);
        int n = 0;
        n = num(row, n, 1_000_000 + rows);
        row[n++] = ',';
        n = timestamp(row, n, ts);
        row[n++] = ',';
        n = str(row, n, REGIONS[(int) ((r >>> 2) % REGIONS.length)]);
        row[n++] = ',';
        n = str(row, n, "store-");
        n = pad(row, n, (r >>> 8) % 200, 4);
        row[n++] = ',';
        n = str(row, n, "SKU-");
        n = pad(row, n, (r >>> 16) % 5000, 5);
        row[n++] = ',';
        n = num(row, n, 1 + (r >>> 30) % 9);
        row[n++] = ',';
        long cents = 99 + ((r >>> 34) % 200) * 50;
        n = num(row, n, cents / 100);
        row[n++] = '.';
        n = pad(row, n, cents % 100, 2);
        row[n++] = ',';
        n = str(row, n, STATUS[(int) ((r >>> 50) & 7)]);
        row[n++] = '\n';
        if (written + n > bytes && rows > 0) {
          break;
        }
        out.write(row, 0, n);
        written += n;
        rows++;
      }
    }
    return rows;
  }

  private static long day = Long.MIN_VALUE;
  private static final byte[] DATE = new byte[11];

  private static int timestamp(byte[] b, int n, long epochSecond) {
    long d = Math.floorDiv(epochSecond, 86400);
    if (d != day) {
      day = d;
      var t = java.time.LocalDate.ofEpochDay(d);
      int k = pad(DATE, 0, t.getYear(), 4);
      DATE[k++] = '-';
      k = pad(DATE, k, t.getMonthValue(), 2);
      DATE[k++] = '-';
      k = pad(DATE, k, t.getDayOfMonth(), 2);
      DATE[k] = ' ';
    }
    System.arraycopy(DATE, 0, b, n, DATE.length);
    n += DATE.length;
    int sec = (int) Math.floorMod(epochSecond, 86400);
    n = pad(b, n, sec / 3600, 2);
    b[n++] = ':';
    n = pad(b, n, sec / 60 % 60, 2);
    b[n++] = ':';
    return pad(b, n, sec % 60, 2);
  }

  private static int num(byte[] b, int n, long v) {
    return str(b, n, Long.toString(v));
  }

  private static int pad(byte[] b, int n, long v, int width) {
    for (int i = width - 1; i >= 0; i--) {
      b[n + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return n + width;
  }

  private static int str(byte[] b, int n, String s) {
    for (int i = 0; i < s.length(); i++) {
      b[n++] = (byte) s.charAt(i);
    }
    return n;
  }

  private static void gzipFile(Path in, Path out) throws Exception {
    Files.createDirectories(out.getParent());
    run(null, out.toFile(), "gzip", "-6", "-c", in.toString());
  }

  // ---------------------------------------------------------------- helpers

  private interface Action {
    void run() throws Exception;
  }

  private static double time(Action a) throws Exception {
    long t0 = System.nanoTime();
    a.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void run(File stdin, File stdout, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(stdin));
    pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(stdout));
    int rc = pb.start().waitFor();
    if (rc != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + rc);
    }
  }

  private static void sync() throws Exception {
    run(null, null, "sync");
  }

  private static void same(Path a, Path b, String what) throws IOException {
    if (Files.mismatch(a, b) != -1) {
      throw new AssertionError(what + ": " + a + " and " + b + " differ");
    }
  }

  private static void add(Map<String, List<Double>> m, String k, double v) {
    m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String fmt(List<Double> xs, String f) {
    return xs.stream().map(x -> String.format(Locale.ROOT, f, x)).toList().toString();
  }

  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
