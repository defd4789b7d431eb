package dev.adf.spark.it;

import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.JobSpec;
import dev.adf.engine.livy.Batch;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.EngineBatches;
import dev.adf.engine.livy.LivyBatches;
import dev.adf.engine.livy.LivyHttpClient;
import dev.adf.engine.livy.LivyState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The same blob copy through the built-in engine and through Spark (one standalone worker, via Livy
 * 0.7.1 in client mode), run by hand: {@code tools/bench/spark.sh} (results in docs/BENCHMARKS.md).
 *
 * <p>Both go through the same client interface ({@link LivyBatches}) with the same {@link
 * CreateBatchRequest} but for {@code file}/{@code className}: the built-in engine runs {@code
 * adf.BlobCopy} in a child JVM (2 cores, 512 MiB); Spark runs {@code dev.adf.spark.copy.SparkBlobCopy}
 * with one executor of 2 cores and 512 MiB (the test cluster's {@code spark.cores.max 2}). Both read
 * and write the local folder store ({@code wasb://container@local/…} → {@code file:}).
 *
 * <ul>
 *   <li><b>copy</b>: {@code blobs} blobs of {@code mib} MiB (default 20 × 64 MiB), submit → success;
 *   <li><b>overhead</b>: the copy of one 1 KiB blob, submit → success: what a job costs before it
 *       does anything (a JVM on the built-in engine; spark-submit, a SparkContext, an executor on Spark).
 * </ul>
 *
 * Rounds are interleaved (built-in, Spark, built-in overhead, Spark overhead); medians over {@code
 * rounds} after one warm-up round. Final states are polled every 50 ms on both.
 *
 * <p>Arguments: {@code rounds blobs mib}. System properties as for the integration tests: {@code
 * adf.it.sparkJars}, {@code adf.it.livyJars}, {@code adf.it.jobJar}, {@code adf.it.work}.
 */
public final class SparkCopyBenchmark {
  private SparkCopyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int blobs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int mib = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    Path work = SparkClusterExtension.work().resolve("bench");
    Path store = work.resolve("store");
    makeInput(store.resolve("in/big"), blobs, mib * 1024 * 1024);
    makeInput(store.resolve("in/tiny"), 1, 1024);
    double bytes = (double) blobs * mib * 1024 * 1024;
    System.out.printf("data: %d blobs x %d MiB = %.0f MB; cores: %d%n", blobs, mib, bytes / 1e6,
        Runtime.getRuntime().availableProcessors());

    List<Double> builtIn = new ArrayList<>();
    List<Double> spark = new ArrayList<>();
    List<Double> builtInNoop = new ArrayList<>();
    List<Double> sparkNoop = new ArrayList<>();
    try (SparkCluster cluster = SparkCluster.start(work.resolve("cluster"), SparkClusterExtension.path("adf.it.sparkJars"),
            SparkClusterExtension.path("adf.it.livyJars"), SparkClusterExtension.work());
        BuiltInEngine engine = BuiltInEngine.builder(work.resolve("engine")).clock(Clock.systemUTC())
            .cores(2).memoryMiB(2048).build();
        LivyBatches local = new EngineBatches(engine, work.resolve("engine").toString());
        LivyBatches livy = LivyHttpClient.builder(cluster.livy()).build()) {
      // Livy takes local jars only from under its whitelist (the work folder).
      Path jar = work.resolve("adf-spark-copy-job.jar");
      Files.copy(SparkClusterExtension.path("adf.it.jobJar"), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String jobJar = jar.toUri().toString();
      for (int r = -1; r < rounds; r++) {
        double b = run(local, request(store, null, BuiltInJobs.BLOB_COPY, "big"));
        double s = run(livy, request(store, jobJar, "dev.adf.spark.copy.SparkBlobCopy", "big"));
        double bn = run(local, request(store, null, BuiltInJobs.BLOB_COPY, "tiny"));
        double sn = run(livy, request(store, jobJar, "dev.adf.spark.copy.SparkBlobCopy", "tiny"));
        System.out.printf("round %2d: copy built-in %7.2f s (%6.1f MB/s), spark %7.2f s (%6.1f MB/s);"
            + " 1-blob job built-in %6.2f s, spark %6.2f s%n", r, b, bytes / 1e6 / b, s, bytes / 1e6 / s, bn, sn);
        if (r >= 0) {
          builtIn.add(b);
          spark.add(s);
          builtInNoop.add(bn);
          sparkNoop.add(sn);
        }
      }
    }
    double b = median(builtIn);
    double s = median(spark);
    double bn = median(builtInNoop);
    double sn = median(sparkNoop);
    System.out.printf("%nmedians of %d rounds%n", rounds);
    System.out.printf("| engine | copy %d x %d MiB | MB/s | 1-blob job (overhead) | copy minus overhead | MB/s without overhead |%n",
        blobs, mib);
    System.out.printf("| built-in | %.2f s | %.1f | %.2f s | %.2f s | %.1f |%n", b, bytes / 1e6 / b, bn, b - bn,
        bytes / 1e6 / (b - bn));
    System.out.printf("| Spark via Livy | %.2f s | %.1f | %.2f s | %.2f s | %.1f |%n", s, bytes / 1e6 / s, sn, s - sn,
        bytes / 1e6 / (s - sn));
    System.out.printf("ratio spark / built-in: copy %.2fx, overhead %.2fx%n", s / b, sn / bn);
  }

  private static CreateBatchRequest request(Path store, String file, String className, String input) {
    Map<String, String> conf = Map.of(
        JobSpec.CONF_STORAGE_CONNECTION_STRING, "UseLocalStore=true",
        JobSpec.CONF_STORAGE_LOCAL_ROOT, store.toAbsolutePath().toString());
    return new CreateBatchRequest(file == null ? "file:/dev/null" : file, null, className,
        List.of("input=wasb://in@local/" + input, "output=wasb://out@local/" + input + "-" + (file == null ? "builtin" : "spark")),
        null, null, null, null, "512m", null, "512m", 2, 1, null, "bench-" + UUID.randomUUID(), conf);
  }

  /** Submits, polls every 50 ms until a final state; returns the seconds from submit to it. */
  private static double run(LivyBatches batches, CreateBatchRequest r) throws Exception {
    long t0 = System.nanoTime();
    Batch b = batches.create(r);
    while (!LivyState.parse(b.state()).isFinal()) {
      TimeUnit.MILLISECONDS.sleep(50); // measuring an external job, no scheduler involved
      b = batches.get(String.valueOf(b.id())).orElseThrow(() -> new IllegalStateException("batch gone"));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (!LivyState.parse(b.state()).isSuccess()) {
      throw new IllegalStateException(r.className() + " ended " + b.state() + ": "
          + String.join("\n", batches.log(b.id(), null, 60).log()));
    }
    return s;
  }

  private static void makeInput(Path dir, int count, int size) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(42);
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < count; i++) {
      Path f = dir.resolve(String.format("part-%05d.bin", i));
      if (Files.exists(f) && Files.size(f) == size) {
        continue;
      }
      try (OutputStream out = Files.newOutputStream(f)) {
        for (int left = size; left > 0; left -= chunk.length) {
          random.nextBytes(chunk);
          out.write(chunk, 0, Math.min(left, chunk.length));
        }
      }
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
