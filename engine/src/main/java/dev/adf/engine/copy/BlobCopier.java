package dev.adf.engine.copy;

import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlockBlobStore;
import dev.adf.engine.storage.LocalFolderBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Copies every blob below one location to another, keeping relative names and bytes. Picks the
 * fastest path the two stores allow (measurements: docs/BENCHMARKS.md):
 *
 * <ul>
 *   <li><b>local folder → local folder</b>: the kernel's file copy ({@code Files.copy}) per blob on
 *       {@link Builder#localThreads} threads, through a temp file and an atomic rename;
 *   <li><b>block store → block store</b> (Azure/Azurite, also across accounts): the block engine, a
 *       bounded queue of (blob, {@value AzureBlobStore#BLOCK_SIZE}-byte range) units drained by
 *       {@link Builder#workers} workers that each own one buffer; a blob that fits one range is one
 *       GET + one Put Blob, a larger one is ranged GETs + Put Blocks, committed by the worker that
 *       finishes its last block. Every upload carries a Content-MD5;
 *   <li><b>any other pair</b>: each blob streamed through the {@link BlobStore} port ({@code
 *       openRead} → {@code write}) on {@link Builder#workers} threads.
 * </ul>
 *
 * <p>The source is listed lazily, so memory is about workers × 8 MiB plus the SDK's ~30 MB,
 * whatever the number or size of blobs. Thread-safe and reusable.
 */
public final class BlobCopier {

  /** Default workers of the block engine and of port streaming. */
  public static final int DEFAULT_WORKERS = 8;

  /** Default threads of the local folder copy (a third does not help on a busy 2-core box). */
  public static final int DEFAULT_LOCAL_THREADS = 2;

  private static final int RANGE = AzureBlobStore.BLOCK_SIZE;

  private final int workers;
  private final int localThreads;

  private BlobCopier(Builder b) {
    this.workers = b.workers;
    this.localThreads = b.localThreads;
  }

  /** A copier with the defaults. */
  public static BlobCopier withDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Copies every blob whose name starts with {@code from.prefix()} in {@code source} to {@code
   * to.prefix()} + the same relative name in {@code target}, creating the target container.
   * Existing target blobs of the same names are replaced.
   *
   * @param stopRequested polled before every unit of work (a blob or a range)
   * @return counts and wall time (0 blobs when the source location is empty)
   * @throws IOException on the first failed read or write, naming the blob; already copied blobs stay
   * @throws InterruptedException when the thread is interrupted or {@code stopRequested} turns true
   * @throws IllegalArgumentException when source and target overlap in the same store
   */
  public CopyResult copy(
      BlobStore source, BlobLocation from, BlobStore target, BlobLocation to, BooleanSupplier stopRequested)
      throws IOException, InterruptedException {
    checkNoOverlap(source, from, target, to);
    long t0 = System.nanoTime();
    target.createContainerIfMissing(to.container());
    AtomicLong blobs = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Plan plan = plan(source, from, target, to, blobs, bytes);
    try (WorkPool<byte[][]> pool =
        new WorkPool<>("adf-copy", plan.threads, plan.threads * 2, stopRequested, () -> new byte[1][])) {
      Iterator<BlobItem> it = source.list(from.container(), from.prefix());
      try {
        while (it.hasNext()) {
          BlobItem item = it.next();
          String targetName = to.prefix() + item.name().substring(from.prefix().length());
          plan.feeder.feed(pool, item, targetName);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      pool.finish();
    }
    return new CopyResult(blobs.get(), bytes.get(), Duration.ofNanos(System.nanoTime() - t0));
  }

  /** How the blobs of one copy become units of work. */
  private interface Feeder {
    void feed(WorkPool<byte[][]> pool, BlobItem item, String targetName)
        throws IOException, InterruptedException;
  }

  private record Plan(int threads, Feeder feeder) {}

  private Plan plan(
      BlobStore source, BlobLocation from, BlobStore target, BlobLocation to, AtomicLong blobs, AtomicLong bytes) {
    if (source instanceof LocalFolderBlobStore src && target instanceof LocalFolderBlobStore dst) {
      return new Plan(localThreads, (pool, item, targetName) -> pool.submit(state -> {
        long n = dst.writeFromFile(to.container(), targetName, src.file(from.container(), item.name()));
        blobs.incrementAndGet();
        bytes.addAndGet(n);
      }));
    }
    if (source instanceof BlockBlobStore src && target instanceof BlockBlobStore dst) {
      BlockEngine engine = new BlockEngine(src, from.container(), dst, to.container(), RANGE, blobs, bytes);
      return new Plan(workers, engine::feed);
    }
    return new Plan(workers, (pool, item, targetName) -> pool.submit(state -> {
      try (InputStream in = source.openRead(from.container(), item.name())) {
        target.write(to.container(), targetName, in, item.size());
      }
      blobs.incrementAndGet();
      bytes.addAndGet(item.size());
    }));
  }

  private static void checkNoOverlap(BlobStore source, BlobLocation from, BlobStore target, BlobLocation to) {
    if (source != target || !from.container().equals(to.container())) {
      return;
    }
    if (from.prefix().startsWith(to.prefix()) || to.prefix().startsWith(from.prefix())) {
      throw new IllegalArgumentException(
          "copy source " + from + " and target " + to + " overlap in the same container");
    }
  }

  /** Options of a {@link BlobCopier}, validated at {@link #build()}. */
  public static final class Builder {
    private int workers = DEFAULT_WORKERS;
    private int localThreads = DEFAULT_LOCAL_THREADS;

    private Builder() {}

    /** Workers of the block engine and of port streaming; each may hold one 8 MiB buffer. */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** Threads of the local folder copy. */
    public Builder localThreads(int localThreads) {
      this.localThreads = localThreads;
      return this;
    }

    /** @throws IllegalArgumentException when a count is below 1 or above 256 */
    public BlobCopier build() {
      if (workers < 1 || workers > 256 || localThreads < 1 || localThreads > 256) {
        throw new IllegalArgumentException(
            "copy workers and localThreads must be within 1..256, got " + workers + " and " + localThreads);
      }
      return new BlobCopier(this);
    }
  }
}
