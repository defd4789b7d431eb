package dev.adf.engine.bench;

import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.copy.CopyResult;
import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.storage.BlockBlobStore;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Copy benchmark (not a test): BlobCopier against the limits of docs/BENCHMARKS.md, measured in the
 * same run with interleaved rounds; reports medians of per-round values and ratios.
 *
 * <pre>
 * MAVEN_OPTS=-Xmx256m mvn -pl engine -q exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.adf.engine.bench.CopyBenchmark [-Dexec.args="3"]
 * </pre>
 *
 * Argument: rounds (default 3).
 */
public final class CopyBenchmark {

  private record Shape(String name, int count, int size) {
    long bytes() {
      return (long) count * size;
    }
  }

  private static final int RANGE = AzureBlobStore.BLOCK_SIZE;
  private static final int P = 8;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path tmp = Files.createTempDirectory("adf-bench-");
    try {
      local(tmp, rounds);
      azurite(rounds);
    } finally {
      delete(tmp);
    }
  }

  // ---------------------------------------------------------------- local folder vs cp -r

  private static void local(Path tmp, int rounds) throws Exception {
    List<Shape> shapes = List.of(new Shape("small 1000x64KiB", 1000, 64 * 1024), new Shape("med 8x64MiB", 8, 64 * TestData.MIB));
    var store = new LocalFolderBlobStore(tmp);
    for (Shape s : shapes) {
      fill(store, s.name().split(" ")[0], s);
    }
    BlobCopier copier = BlobCopier.withDefaults();
    // warm-up (JIT), verified by MD5
    for (Shape s : shapes) {
      String c = s.name().split(" ")[0];
      copier.copy(store, new BlobLocation(null, c, ""), store, new BlobLocation(null, c + "-warm", ""), () -> false);
      if (!TestData.md5s(store, c, "").equals(TestData.md5s(store, c + "-warm", ""))) {
        throw new AssertionError("local copy differs for " + s.name());
      }
      delete(tmp.resolve(c + "-warm"));
    }
    System.out.println("## Local folder: BlobCopier (Files.copy, 2 threads) vs cp -r, page cache, " + rounds + " rounds");
    for (Shape s : shapes) {
      String c = s.name().split(" ")[0];
      List<Double> cp = new ArrayList<>();
      List<Double> ours = new ArrayList<>();
      List<Double> ratio = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Path cpDst = tmp.resolve(c + "-cp");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("cp", "-r", tmp.resolve(c).toString(), cpDst.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
          throw new IOException("cp failed");
        }
        double cpSec = (System.nanoTime() - t0) / 1e9;
        CopyResult res = copier.copy(store, new BlobLocation(null, c, ""), store, new BlobLocation(null, c + "-ours", ""), () -> false);
        double ourSec = res.duration().toNanos() / 1e9;
        cp.add(rate(s, cpSec));
        ours.add(rate(s, ourSec));
        ratio.add(cpSec / ourSec);
        delete(cpDst);
        delete(tmp.resolve(c + "-ours"));
      }
      report(s, "cp -r", cp, "BlobCopier", ours, ratio, "cp -r");
    }
  }

  // ---------------------------------------------------------------- Azurite vs L

  private static void azurite(int rounds) throws Exception {
    List<Shape> shapes = List.of(new Shape("small 300x64KiB", 300, 64 * 1024), new Shape("med 4x64MiB", 4, 64 * TestData.MIB));
    AzuriteExtension azurite = new AzuriteExtension();
    azurite.beforeAll(null);
    ExecutorService http = Executors.newFixedThreadPool(P);
    try (var store = (AzureBlobStore) BlobStores.open(azurite.connectionString(), null)) {
      byte[] payload = TestData.random(RANGE, 99);
      for (Shape s : shapes) {
        String c = s.name().split(" ")[0];
        upload(store, http, payload, c, s);
      }
      BlobCopier copier = BlobCopier.withDefaults();
      for (Shape s : shapes) { // warm-up + MD5 verification
        String c = s.name().split(" ")[0];
        copier.copy(store, new BlobLocation(null, c, ""), store, new BlobLocation(null, c + "-warm", ""), () -> false);
        if (!TestData.md5s(store, c, "").equals(TestData.md5s(store, c + "-warm", ""))) {
          throw new AssertionError("Azurite copy differs for " + s.name());
        }
      }
      System.out.println("## Azurite 3.37.0: BlobCopier block engine (P=8) vs L = 1/(1/U+1/D), " + rounds + " rounds");
      for (Shape s : shapes) {
        String c = s.name().split(" ")[0];
        List<Double> limit = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> us = new ArrayList<>();
        List<Double> ds = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          String scratch = c + "-u" + r;
          double u = rate(s, time(() -> upload(store, http, payload, scratch, s)));
          double d = rate(s, time(() -> download(store, http, c, s)));
          double l = 1 / (1 / u + 1 / d);
          String dst = c + "-copy" + r;
          CopyResult res = copier.copy(store, new BlobLocation(null, c, ""), store, new BlobLocation(null, dst, ""), () -> false);
          double o = rate(s, res.duration().toNanos() / 1e9);
          us.add(u);
          ds.add(d);
          limit.add(l);
          ours.add(o);
          ratio.add(o / l);
        }
        System.out.printf(Locale.ROOT, "%s: U median %.1f, D median %.1f (%s)%n", s.name(), median(us), median(ds), unit(s));
        report(s, "L", limit, "BlobCopier", ours, ratio, "L");
      }
    } finally {
      http.shutdownNow();
      azurite.afterAll(null);
    }
  }

  private static void upload(BlockBlobStore store, ExecutorService http, byte[] payload, String container, Shape s)
      throws Exception {
    store.createContainerIfMissing(container);
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < s.count(); i++) {
      String name = "blob-" + i;
      if (s.size() <= RANGE) {
        fs.add(http.submit(() -> { store.putBlob(container, name, payload, s.size()); return null; }));
      } else {
        int blocks = (s.size() + RANGE - 1) / RANGE;
        for (int b = 0; b < blocks; b++) {
          String id = BlockBlobStore.blockId(b);
          int len = Math.min(RANGE, s.size() - b * RANGE);
          fs.add(http.submit(() -> { store.stageBlock(container, name, id, payload, len); return null; }));
        }
      }
    }
    for (Future<?> f : fs) {
      f.get();
    }
    if (s.size() > RANGE) {
      int blocks = (s.size() + RANGE - 1) / RANGE;
      List<String> ids = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        ids.add(BlockBlobStore.blockId(b));
      }
      for (int i = 0; i < s.count(); i++) {
        store.commitBlocks(container, "blob-" + i, ids);
      }
    }
  }

  private static void download(BlockBlobStore store, ExecutorService http, String container, Shape s) throws Exception {
    ThreadLocal<byte[]> buf = ThreadLocal.withInitial(() -> new byte[RANGE]);
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < s.count(); i++) {
      String name = "blob-" + i;
      for (long off = 0; off < s.size(); off += RANGE) {
        long o = off;
        int len = (int) Math.min(RANGE, s.size() - off);
        fs.add(http.submit(() -> { store.readRange(container, name, o, buf.get(), len); return null; }));
      }
    }
    for (Future<?> f : fs) {
      f.get();
    }
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

  private static void fill(LocalFolderBlobStore store, String container, Shape s) throws IOException {
    byte[] payload = TestData.random(s.size(), 5);
    for (int i = 0; i < s.count(); i++) {
      payload[0] = (byte) i;
      TestData.put(store, container, "blob-" + i, payload);
    }
  }

  private static boolean small(Shape s) {
    return s.size() <= RANGE;
  }

  private static String unit(Shape s) {
    return small(s) ? "blobs/s" : "MB/s";
  }

  /** blobs/s for small shapes, MB/s otherwise. */
  private static double rate(Shape s, double seconds) {
    return small(s) ? s.count() / seconds : s.bytes() / 1e6 / seconds;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static void report(Shape s, String refName, List<Double> ref, String name, List<Double> ours,
      List<Double> ratio, String vs) {
    System.out.printf(Locale.ROOT, "%s: %s median %.1f %s, %s median %.1f %s, per-round ratio to %s: median %.2f (rounds %s)%n",
        s.name(), refName, median(ref), unit(s), name, median(ours), unit(s), vs, median(ratio), fmt(ratio));
  }

  private static String fmt(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList().toString();
  }

  private static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
