package dev.adf.engine.bench;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.copy.CopyResult;
import dev.adf.engine.copy.ServerSide;
import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlockBlobStore;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.storage.StorageConnectionString;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Copy benchmark (not a test) of issue 5's shapes: 1,000 × 64 KiB, 20 × 64 MiB, 1 × 1 GiB. Every
 * reference is measured in the same run, rounds interleave reference and ours per shape, ratios are
 * medians of per-round ratios. MB = 10^6 bytes. Run by hand with {@code tools/bench/copy.sh}:
 *
 * <pre>
 * tools/bench/copy.sh [ROUNDS] [local] [azurite] [memory] [large-rounds=N]
 * </pre>
 *
 * <ul>
 *   <li><b>local</b>: BlobCopier local → local into an output folder (staged folder, swapped in),
 *       and into a whole container (per-file temp + rename), against {@code cp -r} of the folder.
 *   <li><b>azurite</b>: BlobCopier block engine ({@code serverSide=never}, P = 8) against plain SDK
 *       loops (sequential {@code openInputStream} → {@code BlockBlobClient.upload(InputStream, len)};
 *       the same on 8 threads; the SDK's {@code uploadWithResponse(BlobParallelUploadOptions,
 *       PTO(8 MiB, 2))} 4 blobs at once), best loop per round, and against U, D and L = 1/(1/U+1/D).
 *       Server-side ({@code auto}) is timed separately: on Azurite it is metadata-only.
 *   <li><b>memory</b>: the 1 GiB copy in child JVMs ({@code -Xmx256m} P = 8, {@code -Xmx64m} P = 4;
 *       Azurite and local) running {@link CopyMemoryProbe}.
 * </ul>
 */
public final class CopyBenchmark {

  record Shape(String key, int count, int size) {
    long bytes() {
      return (long) count * size;
    }

    boolean small() {
      return size <= RANGE;
    }

    String unit() {
      return small() ? "blobs/s" : "MB/s";
    }

    /** blobs/s for the small shape, MB/s otherwise. */
    double rate(double seconds) {
      return small() ? count / seconds : bytes() / 1e6 / seconds;
    }
  }

  private static final int RANGE = AzureBlobStore.BLOCK_SIZE;
  private static final int P = 8;
  private static final long MIN_FREE_DISK = 10L * 1000 * 1000 * 1000;
  static final List<Shape> SHAPES = List.of(
      new Shape("small", 1000, 64 * 1024), new Shape("med", 20, 64 * TestData.MIB), new Shape("large", 1, 1024 * TestData.MIB));

  /** Shape filter of the local part ({@code only=small}), or null for all. */
  private static String only;

  public static void main(String[] args) throws Exception {
    int rounds = 3;
    int largeRounds = -1;
    List<String> parts = new ArrayList<>();
    for (String a : args) {
      if (a.matches("\\d+")) {
        rounds = Integer.parseInt(a);
      } else if (a.startsWith("only=")) {
        only = a.substring("only=".length());
      } else if (a.startsWith("large-rounds=")) {
        largeRounds = Integer.parseInt(a.substring("large-rounds=".length()));
      } else {
        parts.add(a);
      }
    }
    if (parts.isEmpty()) {
      parts = List.of("local", "azurite", "memory");
    }
    if (largeRounds < 0) {
      largeRounds = rounds;
    }
    Path tmp = Files.createTempDirectory("adf-bench-");
    try {
      if (parts.contains("local")) {
        local(tmp, rounds);
      }
      if (parts.contains("azurite") || parts.contains("memory")) {
        azurite(rounds, largeRounds, parts.contains("azurite"), parts.contains("memory"), tmp);
      }
    } finally {
      delete(tmp);
    }
  }

  // ---------------------------------------------------------------- local folder vs cp -r

  private static void local(Path tmp, int rounds) throws Exception {
    var store = new LocalFolderBlobStore(tmp);
    for (Shape s : SHAPES) {
      fill(store, s.key(), s);
    }
    BlobCopier copier = BlobCopier.withDefaults();
    BlobCopier copier1 = BlobCopier.builder().localThreads(1).build();
    for (Shape s : SHAPES) { // warm-up (JIT), verified by MD5 of every blob
      for (BlobLocation to : List.of(new BlobLocation(null, s.key() + "-warm", "out"), new BlobLocation(null, s.key() + "-warm2", ""))) {
        copier.copy(store, new BlobLocation(null, s.key(), ""), store, to, () -> false);
        if (!TestData.md5s(store, s.key(), "").equals(TestData.md5s(store, to.container(), to.prefix()))) {
          throw new AssertionError("local copy differs for " + s.key() + " into " + to);
        }
        delete(tmp.resolve(to.container()));
      }
    }
    List<Shape> shapes = SHAPES.stream().filter(s -> only == null || s.key().equals(only)).toList();
    System.out.printf("%n## Local folder store vs cp -r, page cache warm, untimed sync before each trial, order rotated per round, %d rounds%n", rounds);
    for (Shape s : shapes) {
      Map<String, List<Double>> rate = new LinkedHashMap<>();
      Map<String, List<Double>> ratio = new LinkedHashMap<>();
      Map<String, List<Double>> durableRatio = new LinkedHashMap<>();
      // the small shape's trials last ~20-80 ms, where scheduling noise dominates: 3x the rounds
      int n = s.small() ? 3 * rounds : rounds;
      for (int r = 0; r < n; r++) {
        Files.createDirectories(tmp.resolve(s.key() + "-cp"));
        // each trial starts with no dirty pages (untimed sync): otherwise whichever runs after another
        // trial is throttled by the kernel's write-back of that trial's data. The order rotates per round.
        Map<String, Double> sec = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(List.of("cp", "staged", "staged1", "perFile"));
        java.util.Collections.rotate(order, r);
        Map<String, Double> durable = new LinkedHashMap<>();
        for (String m : order) {
          syncDisk();
          long t0 = System.nanoTime();
          sec.put(m, switch (m) {
            case "cp" -> time(() -> {
              Process p = new ProcessBuilder("cp", "-r", tmp.resolve(s.key()).toString(),
                  tmp.resolve(s.key() + "-cp/out").toString()).inheritIO().start();
              if (p.waitFor() != 0) {
                throw new IOException("cp failed");
              }
            });
            case "staged" -> copier.copy(store, new BlobLocation(null, s.key(), ""), store,
                new BlobLocation(null, s.key() + "-st", "out"), () -> false).duration().toNanos() / 1e9;
            case "staged1" -> copier1.copy(store, new BlobLocation(null, s.key(), ""), store,
                new BlobLocation(null, s.key() + "-st1", "out"), () -> false).duration().toNanos() / 1e9;
            default -> copier.copy(store, new BlobLocation(null, s.key(), ""), store,
                new BlobLocation(null, s.key() + "-pf", ""), () -> false).duration().toNanos() / 1e9;
          });
          syncDisk();
          durable.put(m, (System.nanoTime() - t0) / 1e9);
        }
        double cp = sec.get("cp");
        double staged = sec.get("staged");
        double perFile = sec.get("perFile");
        double staged1 = sec.get("staged1");
        add(rate, "cp -r", s.rate(cp));
        add(rate, "ours: output folder (staged, swapped in), default (small files inline, 2 workers)", s.rate(staged));
        add(rate, "ours: whole container (per-file temp+rename), 2 workers", s.rate(perFile));
        add(rate, "ours: output folder (staged, swapped in), 1 worker", s.rate(staged1));
        add(ratio, "ours: output folder (staged, swapped in), default (small files inline, 2 workers)", cp / staged);
        add(durableRatio, "ours: output folder (staged, swapped in), default (small files inline, 2 workers)", durable.get("cp") / durable.get("staged"));
        add(durableRatio, "ours: output folder (staged, swapped in), 1 worker", durable.get("cp") / durable.get("staged1"));
        add(durableRatio, "ours: whole container (per-file temp+rename), 2 workers", durable.get("cp") / durable.get("perFile"));
        add(rate, "cp -r incl. sync", s.rate(durable.get("cp")));
        add(rate, "ours (default) incl. sync", s.rate(durable.get("staged")));
        add(ratio, "ours: output folder (staged, swapped in), 1 worker", cp / staged1);
        add(ratio, "ours: whole container (per-file temp+rename), 2 workers", cp / perFile);
        for (String c : List.of("-cp", "-st", "-st1", "-pf")) {
          delete(tmp.resolve(s.key() + c));
        }
        syncDisk();
      }
      table(s, rate, ratio, "cp -r");
      durableRatio.forEach((k, v) -> System.out.printf(Locale.ROOT, "| ratio incl. a final sync %s (per round, vs cp -r + sync) | **%.2f** | rounds %s |%n", k, median(v), fmt(v)));
    }
    for (Shape s : SHAPES) {
      delete(tmp.resolve(s.key()));
    }
  }

  // ---------------------------------------------------------------- Azurite

  private static void azurite(int rounds, int largeRounds, boolean timed, boolean memory, Path tmp) throws Exception {
    AzuriteExtension azurite = new AzuriteExtension();
    azurite.beforeAll(null);
    ExecutorService http = Executors.newFixedThreadPool(P);
    try (var store = new AzureBlobStore(StorageConnectionString.parse(azurite.connectionString(), null))) {
      BlobServiceClient sdk = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
      byte[] payload = TestData.random(RANGE, 99);
      for (Shape s : SHAPES) {
        if (timed || s.key().equals("large")) {
          upload(store, http, payload, s.key(), s);
        }
      }
      if (timed) {
        timedAzurite(rounds, largeRounds, store, sdk, http, payload);
      }
      if (memory) {
        memory(azurite.connectionString(), tmp);
      }
    } finally {
      http.shutdownNow();
      azurite.afterAll(null);
    }
  }

  private static void timedAzurite(int rounds, int largeRounds, AzureBlobStore store, BlobServiceClient sdk,
      ExecutorService http, byte[] payload) throws Exception {
    BlobCopier ours = BlobCopier.builder().serverSide(ServerSide.NEVER).workers(P).build();
    BlobCopier server = BlobCopier.builder().serverSide(ServerSide.AUTO).workers(P).build();
    for (Shape s : SHAPES) { // warm-up + MD5 verification of ours and of every loop
      Map<String, String> want = TestData.md5s(store, s.key(), "");
      String warm = "warm-" + s.key();
      ours.copy(store, new BlobLocation(null, s.key(), ""), store, new BlobLocation(null, warm, ""), () -> false);
      check(want, TestData.md5s(store, warm, ""), "ours " + s.key());
      sdk.getBlobContainerClient(warm).delete();
      if (!s.key().equals("med")) { // 3 × 1.34 GB of MD5 downloads would double the run; med loops are checked by size
        for (String loop : LOOPS) {
          runLoop(loop, sdk, s, warm + "-" + loop);
          check(want, TestData.md5s(store, warm + "-" + loop, ""), loop + " " + s.key());
          sdk.getBlobContainerClient(warm + "-" + loop).delete();
        }
      }
    }
    System.out.printf("%n## Azurite 3.37.0 (same 2 cores), BlobCopier block engine (serverSide=never, P=8) vs plain SDK loops and L, %d rounds (large: %d)%n",
        rounds, largeRounds);
    for (Shape s : SHAPES) {
      Map<String, List<Double>> rate = new LinkedHashMap<>();
      Map<String, List<Double>> ratio = new LinkedHashMap<>();
      int n = s.key().equals("large") ? largeRounds : rounds;
      for (int r = 0; r < n; r++) {
        checkDisk();
        String scratch = s.key() + "-u" + r;
        double u = s.rate(time(() -> upload(store, http, payload, scratch, s)));
        sdk.getBlobContainerClient(scratch).delete();
        double d = s.rate(time(() -> download(store, http, s.key(), s)));
        double l = 1 / (1 / u + 1 / d);
        double best = 0;
        Map<String, Double> loopRates = new LinkedHashMap<>();
        for (String loop : LOOPS) {
          checkDisk();
          String c = s.key() + "-" + loop + r;
          double rl;
          try {
            rl = s.rate(time(() -> runLoop(loop, sdk, s, c)));
            checkSizes(store, s, c);
          } catch (OutOfMemoryError e) {
            rl = Double.NaN;
            System.out.printf("  %s round %d: %s OutOfMemoryError%n", s.key(), r, loop);
          }
          sdk.getBlobContainerClient(c).deleteIfExists();
          loopRates.put(loop, rl);
          if (!Double.isNaN(rl)) {
            best = Math.max(best, rl);
          }
        }
        checkDisk();
        CopyResult res = ours.copy(store, new BlobLocation(null, s.key(), ""), store,
            new BlobLocation(null, s.key() + "-ours" + r, ""), () -> false);
        sdk.getBlobContainerClient(s.key() + "-ours" + r).delete();
        double o = s.rate(res.duration().toNanos() / 1e9);
        CopyResult sv = server.copy(store, new BlobLocation(null, s.key(), ""), store,
            new BlobLocation(null, s.key() + "-server" + r, ""), () -> false);
        sdk.getBlobContainerClient(s.key() + "-server" + r).delete();
        add(rate, "U (8 × Put Blob/Block + Content-MD5 from memory)", u);
        add(rate, "D (8 × 8 MiB ranged GET)", d);
        add(rate, "L = 1/(1/U+1/D)", l);
        loopRates.forEach((k, v) -> add(rate, "loop " + k, v));
        add(rate, "best plain SDK loop", best);
        add(rate, "ours (block engine, never)", o);
        add(rate, "ours server-side (auto; metadata-only on Azurite, not comparable)", s.rate(sv.duration().toNanos() / 1e9));
        add(ratio, "ours / best plain SDK loop", o / best);
        add(ratio, "ours / L", o / l);
      }
      table(s, rate, ratio, "same-round reference");
    }
  }

  static final List<String> LOOPS = List.of("seq", "threads8", "sdk-pto-4x2");

  /** One plain SDK copy of every blob of container {@code s.key()} into {@code dst}. */
  private static void runLoop(String loop, BlobServiceClient sdk, Shape s, String dst) throws Exception {
    BlobContainerClient src = sdk.getBlobContainerClient(s.key());
    BlobContainerClient out = sdk.getBlobContainerClient(dst);
    out.createIfNotExists();
    List<com.azure.storage.blob.models.BlobItem> items = new ArrayList<>();
    src.listBlobs().forEach(items::add);
    int threads = switch (loop) {
      case "seq" -> 1;
      case "threads8" -> 8;
      default -> 4;
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (var item : items) {
        fs.add(pool.submit(() -> {
          long len = item.getProperties().getContentLength();
          try (InputStream in = src.getBlobClient(item.getName()).openInputStream()) {
            var target = out.getBlobClient(item.getName());
            if (loop.startsWith("sdk-pto")) {
              target.uploadWithResponse(new BlobParallelUploadOptions(in, len).setParallelTransferOptions(
                  new ParallelTransferOptions().setBlockSizeLong((long) RANGE).setMaxSingleUploadSizeLong((long) RANGE)
                      .setMaxConcurrency(2)), null, Context.NONE);
            } else {
              target.getBlockBlobClient().upload(in, len, true);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof OutOfMemoryError oom) {
            throw oom;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void upload(BlockBlobStore store, ExecutorService http, byte[] payload, String container, Shape s)
      throws Exception {
    store.createContainerIfMissing(container);
    List<Future<?>> fs = new ArrayList<>();
    int blocks = (s.size() + RANGE - 1) / RANGE;
    for (int i = 0; i < s.count(); i++) {
      String name = "blob-" + i;
      if (s.small()) {
        fs.add(http.submit(() -> { store.putBlob(container, name, payload, s.size()); return null; }));
      } else {
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
    if (!s.small()) {
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

  // ---------------------------------------------------------------- memory (child JVMs)

  private static void memory(String connectionString, Path tmp) throws Exception {
    System.out.printf("%n## Memory of the 1 GiB copy, child JVM per case (CopyMemoryProbe)%n");
    Path localRoot = tmp.resolve("mem-local");
    var local = new LocalFolderBlobStore(localRoot);
    fill(local, "large", SHAPES.get(2));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    for (String[] c : new String[][] {{"256m", "8", "azurite"}, {"64m", "4", "azurite"}, {"256m", "8", "local"}, {"64m", "4", "local"}}) {
      String target = c[2].equals("azurite") ? connectionString : "LocalStoreRoot=" + localRoot;
      Process p = new ProcessBuilder(java, "-Xmx" + c[0], "-cp", cp, CopyMemoryProbe.class.getName(), target, c[1])
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      int rc = p.waitFor();
      System.out.printf("-Xmx%s P=%s %s: exit %d: %s%n", c[0], c[1], c[2], rc, out.replace('\n', ' '));
    }
    delete(localRoot);
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

  private static void syncDisk() throws Exception {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
  }

  private static void check(Map<String, String> want, Map<String, String> got, String what) {
    if (!want.equals(got)) {
      throw new AssertionError("MD5 check failed for " + what);
    }
  }

  private static void checkSizes(AzureBlobStore store, Shape s, String container) throws IOException {
    int n = 0;
    for (Iterator<BlobItem> it = store.list(container, ""); it.hasNext(); n++) {
      if (it.next().size() != s.size()) {
        throw new AssertionError("wrong size in " + container);
      }
    }
    if (n != s.count()) {
      throw new AssertionError(container + " has " + n + " blobs, expected " + s.count());
    }
  }

  private static void checkDisk() {
    long free = Path.of(System.getProperty("java.io.tmpdir")).toFile().getUsableSpace();
    if (free < MIN_FREE_DISK) {
      throw new IllegalStateException("only " + free / 1e9 + " GB free disk (Azurite frees deleted extents every 10 min); stopping");
    }
  }

  static void fill(LocalFolderBlobStore store, String container, Shape s) throws IOException {
    byte[] payload = TestData.random(Math.min(s.size(), RANGE), 5);
    for (int i = 0; i < s.count(); i++) {
      payload[0] = (byte) i;
      long left = s.size();
      Path f = store.file(container, "blob-" + i);
      Files.createDirectories(f.getParent());
      try (var out = Files.newOutputStream(f)) {
        while (left > 0) {
          int n = (int) Math.min(payload.length, left);
          out.write(payload, 0, n);
          payload[1]++;
          left -= n;
        }
      }
    }
  }

  private static void add(Map<String, List<Double>> m, String k, double v) {
    m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs.stream().filter(x -> !Double.isNaN(x)).toList());
    if (s.isEmpty()) {
      return Double.NaN;
    }
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static void table(Shape s, Map<String, List<Double>> rate, Map<String, List<Double>> ratio, String vs) {
    System.out.printf(Locale.ROOT, "%n### %s: %d × %d bytes (%.1f MB)%n", s.key(), s.count(), s.size(), s.bytes() / 1e6);
    rate.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %.1f %s | rounds %s |%n", k, median(v), s.unit(), fmt(v)));
    ratio.forEach((k, v) -> System.out.printf(Locale.ROOT, "| ratio %s (per round, vs %s) | **%.2f** | rounds %s |%n", k, vs, median(v), fmt(v)));
  }

  private static String fmt(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList().toString();
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
