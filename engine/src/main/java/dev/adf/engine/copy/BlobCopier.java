package dev.adf.engine.copy;

import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlockBlobStore;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.storage.StagedFolder;
import dev.adf.engine.storage.StoreWriteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Copies every blob below one location to another, keeping relative names and bytes, so that the
 * target prefix ends up holding exactly the source's blobs. Picks the fastest path the two stores
 * allow (measurements: docs/bench-copy.md):
 *
 * <ul>
 *   <li><b>local folder → local folder, output a folder</b> ({@code …/results}): {@code Files.copy}
 *       per blob on {@link Builder#localThreads} threads into a hidden staging folder, swapped in
 *       with two directory renames at the end ({@link StagedFolder}): no per-file rename, stale
 *       blobs go with the old folder;
 *   <li><b>local → local, output a whole container, and {@link #copyEach}</b>: a kernel copy
 *       ({@link java.nio.channels.FileChannel#transferTo}) per blob into a hidden temp file next to
 *       it and an atomic rename; files under 1 MiB on the listing thread, larger ones on {@link
 *       Builder#localThreads} threads;
 *   <li><b>Azure → Azure, same account, {@link ServerSide#AUTO}</b>: the service copies (Copy Blob
 *       From URL up to 256 MiB, Put Block From URL per 8 MiB range beyond), probed once per API with
 *       a fall-back to streaming;
 *   <li><b>block store → block store</b> otherwise (also across accounts): the block engine, a
 *       bounded queue of (blob, {@value AzureBlobStore#BLOCK_SIZE}-byte range) units drained by
 *       {@link Builder#workers} workers that each own one buffer, every upload with a Content-MD5;
 *   <li><b>any other pair</b>: each blob streamed through the {@link BlobStore} port ({@code
 *       openRead} → {@code write}) on {@link Builder#workers} threads.
 * </ul>
 *
 * <p><b>Verified</b>: after the bytes moved, one merge-walk of the source and target listings
 * (sorted alike, {@link dev.adf.engine.storage.BlobNames#ORDER}) checks every target size, and the
 * Content-MD5 where both listings carry one; blobs whose bytes pass through one worker in order are
 * also hashed against the source's Content-MD5. <b>Idempotent</b>: the same walk deletes target
 * blobs under the output prefix that the source lacks (stale blobs of an earlier attempt). <b>No
 * partial blob</b> is ever visible under its final name: block blobs appear at Put Block List,
 * local files at a rename. Memory is about workers × 8 MiB plus the SDK's ~30 MB whatever the
 * number or size of blobs (both listings are walked lazily). Thread-safe and reusable.
 */
public final class BlobCopier {

  /** Default workers of the block engine, server-side copy and port streaming. */
  public static final int DEFAULT_WORKERS = 8;

  /**
   * Default worker threads of the local folder copy (files of 1 MiB and more into an output
   * folder; files below are copied by the listing thread). Measured on the 2-core box
   * (docs/bench-copy.md): 2 workers 1.7 × cp -r on 20 × 64 MiB, 1 worker 1.0 ×.
   */
  public static final int DEFAULT_LOCAL_THREADS = 2;

  /** Default wall-time interval of progress lines. */
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

  /**
   * Largest blob copied with one synchronous Copy Blob From URL: 256 MiB, the service's limit
   * (https://learn.microsoft.com/rest/api/storageservices/copy-blob-from-url).
   */
  public static final long DEFAULT_SINGLE_SHOT_LIMIT = 256L * 1024 * 1024;

  private static final int RANGE = AzureBlobStore.BLOCK_SIZE;

  /** Local staged copy: files smaller than this are copied on the listing thread. */
  private static final long LOCAL_INLINE_BYTES = 1024 * 1024;

  private final int workers;
  private final int localThreads;
  private final ServerSide serverSide;
  private final Duration progressInterval;
  private final long singleShotLimit;

  private BlobCopier(Builder b) {
    this.workers = b.workers;
    this.localThreads = b.localThreads;
    this.serverSide = b.serverSide;
    this.progressInterval = b.progressInterval;
    this.singleShotLimit = b.singleShotLimit;
  }

  /** A copier with the defaults. */
  public static BlobCopier withDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** As {@link #copy(BlobStore, BlobLocation, BlobStore, BlobLocation, BooleanSupplier, Consumer)} without a log. */
  public CopyResult copy(
      BlobStore source, BlobLocation from, BlobStore target, BlobLocation to, BooleanSupplier stopRequested)
      throws IOException, InterruptedException {
    return copy(source, from, target, to, stopRequested, line -> {});
  }

  /**
   * Copies every blob whose name starts with {@code from.prefix()} in {@code source} to {@code
   * to.prefix()} + the same relative name in {@code target}, creating the target container, then
   * verifies the target and deletes stale target blobs below {@code to.prefix()}.
   *
   * @param stopRequested polled before every unit of work (a blob or a range)
   * @param log receives a progress line every {@link Builder#progressInterval} of wall time (blobs
   *     and bytes done, MB/s so far; MB = 10^6 bytes), the server-side probe's outcome and the
   *     number of stale blobs deleted
   * @return counts and wall time (0 blobs when the source location is empty)
   * @throws IOException on the first failed read or write, or a verification failure (size or MD5
   *     mismatch), naming the blob; blobs already copied stay, no partial blob is visible, and
   *     nothing stale is deleted
   * @throws InterruptedException when the thread is interrupted or {@code stopRequested} turns true
   * @throws IllegalArgumentException when source and target overlap in the same store
   */
  public CopyResult copy(BlobStore source, BlobLocation from, BlobStore target, BlobLocation to,
      BooleanSupplier stopRequested, Consumer<String> log) throws IOException, InterruptedException {
    checkNoOverlap(source, from, target, to);
    long t0 = System.nanoTime();
    target.createContainerIfMissing(to.container());
    try (Progress progress = new Progress(log, progressInterval, t0)) {
      long stale;
      String method;
      try {
        if (source instanceof LocalFolderBlobStore src && target instanceof LocalFolderBlobStore dst
            && !to.path().isEmpty()) {
          try {
            stale = stagedFolderCopy(src, from, dst, to, stopRequested, progress);
          } catch (IOException e) {
            throw StoreWriteException.of(e, dst.file(to.container(), to.path()));
          }
          method = "local staged folder";
        } else {
          method = copyUnits(source, from, target, to, stopRequested, progress, log);
          stale = verifyAndPrune(source, from, target, to);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (stale > 0) {
        log.accept("deleted " + stale + " stale blob" + (stale == 1 ? "" : "s") + " under "
            + to.container() + "/" + to.prefix() + " that the source does not have");
      }
      return new CopyResult(progress.blobs.get(), progress.bytes.get(),
          Duration.ofNanos(System.nanoTime() - t0), stale, method);
    }
  }

  /** One blob to copy and the name it gets in the target container. */
  public record Mapping(BlobItem source, String targetName) {}

  /**
   * Copies each source blob to its target name, byte for byte, on the fastest path the two stores
   * allow (as {@link #copy}: local file copy, server-side, block engine, port streaming), creating the
   * target container. Unlike {@link #copy} nothing is pruned: blobs of the target that no mapping names
   * stay as they are. Sizes are checked per blob, and the Content-MD5 where the source has one.
   *
   * @param mappings read lazily, once, on this thread
   * @return counts (blobs and source bytes), wall time and the method
   * @throws IOException on the first failed read, write or check, naming the blob; blobs already
   *     copied stay, no partial blob is visible
   * @throws InterruptedException when the thread is interrupted or {@code stopRequested} turns true
   */
  public CopyResult copyEach(BlobStore source, String sourceContainer, BlobStore target, String targetContainer,
      Iterator<Mapping> mappings, BooleanSupplier stopRequested, Consumer<String> log)
      throws IOException, InterruptedException {
    return copyEach(source, sourceContainer, target, targetContainer, "", mappings, stopRequested, log);
  }

  /**
   * As {@link #copyEach(BlobStore, String, BlobStore, String, Iterator, BooleanSupplier, Consumer)},
   * for mappings whose target names all lie below {@code targetFolder}. Between local folder stores,
   * with a folder ({@code "a/b/"}, not ""), the files are created under their final relative names
   * in a hidden staging folder next to it ({@link LocalFolderBlobStore#TEMP_PREFIX}, never listed);
   * at the end the staging folder is renamed into place when the folder does not exist (one rename
   * for the whole copy, the first attempt of a window), else each file is renamed into the existing
   * folder, replacing a file of the same name and leaving the others. Readers never see a partial
   * file; after a failure nothing of this copy is visible. (Measured: per-file temp + rename was
   * 0.40 × {@code cp -r} for 1,000 × 64 KiB; docs/BENCHMARKS.md "Copy activity (issue 13)".)
   *
   * @param targetFolder "" or a folder prefix ending in '/'
   * @throws IllegalArgumentException when a mapping's target name is not below {@code targetFolder}
   */
  public CopyResult copyEach(BlobStore source, String sourceContainer, BlobStore target, String targetContainer,
      String targetFolder, Iterator<Mapping> mappings, BooleanSupplier stopRequested, Consumer<String> log)
      throws IOException, InterruptedException {
    if (!targetFolder.isEmpty() && !targetFolder.endsWith("/")) {
      throw new IllegalArgumentException("not a folder prefix: '" + targetFolder + "'");
    }
    long t0 = System.nanoTime();
    target.createContainerIfMissing(targetContainer);
    try (Progress progress = new Progress(log, progressInterval, t0)) {
      String method;
      try {
        if (!targetFolder.isEmpty() && source instanceof LocalFolderBlobStore src
            && target instanceof LocalFolderBlobStore dst) {
          try {
            method = stagedEach(src, sourceContainer, dst, targetContainer, targetFolder, mappings, stopRequested,
                progress);
          } catch (IOException e) {
            throw StoreWriteException.of(e, dst.file(targetContainer, targetFolder.substring(0, targetFolder.length() - 1)));
          }
        } else {
          method = copyUnits(source, new BlobLocation(null, sourceContainer, ""), target,
              new BlobLocation(null, targetContainer, ""), mappings, stopRequested, progress, log);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return new CopyResult(progress.blobs.get(), progress.bytes.get(),
          Duration.ofNanos(System.nanoTime() - t0), 0, method);
    }
  }

  /** Copies through a {@link WorkPool}; returns the method used. */
  private String copyUnits(BlobStore source, BlobLocation from, BlobStore target, BlobLocation to,
      BooleanSupplier stop, Progress progress, Consumer<String> log)
      throws IOException, InterruptedException {
    Iterator<BlobItem> listing = source.list(from.container(), from.prefix());
    Iterator<Mapping> mappings = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return listing.hasNext();
      }

      @Override
      public Mapping next() {
        BlobItem item = listing.next();
        return new Mapping(item, to.prefix() + item.name().substring(from.prefix().length()));
      }
    };
    return copyUnits(source, from, target, to, mappings, stop, progress, log);
  }

  private String copyUnits(BlobStore source, BlobLocation from, BlobStore target, BlobLocation to,
      Iterator<Mapping> mappings, BooleanSupplier stop, Progress progress, Consumer<String> log)
      throws IOException, InterruptedException {
    Feeder feeder;
    int threads;
    String method;
    BlockEngine engine = null;
    if (source instanceof LocalFolderBlobStore src && target instanceof LocalFolderBlobStore dst) {
      Set<Path> dirs = ConcurrentHashMap.newKeySet();
      threads = localThreads;
      method = "local file copy";
      feeder = (pool, item, targetName) -> {
        // as in the staged copy: files under 1 MiB on the feeding thread, larger ones on the workers.
        // Two threads creating and renaming small files in one folder contend on it (JFR: 64 % of the
        // samples in open(2) with 2 threads; measured 0.40 x cp -r for 1,000 x 64 KiB, see
        // docs/BENCHMARKS.md "Copy activity (issue 13)").
        Action copy = () -> {
          publishCopy(src.file(from.container(), item.name()), item.size(), dst.file(to.container(), targetName), dirs);
          progress.blobs.incrementAndGet();
          progress.bytes.addAndGet(item.size());
        };
        if (item.size() < LOCAL_INLINE_BYTES) {
          if (stop.getAsBoolean()) {
            throw new InterruptedException("copy stopped on request");
          }
          copy.run();
        } else {
          pool.submit(state -> copy.run());
        }
      };
    } else if (source instanceof BlockBlobStore src && target instanceof BlockBlobStore dst) {
      boolean tryServer = serverSide == ServerSide.AUTO
          && dst instanceof AzureBlobStore az && az.canCopyServerSideFrom(src);
      if (serverSide == ServerSide.AUTO && !tryServer) {
        log.accept("server-side copy not possible (not the same storage account, or no account key"
            + " to sign a source SAS); streaming through this client");
      }
      engine = new BlockEngine(src, from.container(), dst, to.container(), RANGE, singleShotLimit,
          tryServer, progress, log);
      threads = workers;
      method = "block engine";
      feeder = engine::feed;
    } else {
      threads = workers;
      method = "port streaming";
      feeder = (pool, item, targetName) -> pool.submit(state -> {
        streamOne(source, from.container(), item, target, to.container(), targetName);
        progress.blobs.incrementAndGet();
        progress.bytes.addAndGet(item.size());
      });
    }
    try (WorkPool<byte[][]> pool =
        new WorkPool<>("adf-copy", threads, threads * 2, stop, () -> new byte[1][])) {
      while (mappings.hasNext()) {
        Mapping m = mappings.next();
        feeder.feed(pool, m.source(), m.targetName());
      }
      pool.finish();
    }
    if (engine != null && engine.serverSideBlobs() > 0) {
      method = engine.serverSide() ? "server-side" : "server-side, then block engine";
    }
    return method;
  }

  private static void streamOne(BlobStore source, String sourceContainer, BlobItem item,
      BlobStore target, String targetContainer, String targetName) throws IOException {
    try (InputStream raw = source.openRead(sourceContainer, item.name())) {
      if (item.contentMd5() == null) {
        target.write(targetContainer, targetName, raw, item.size());
        return;
      }
      MessageDigest md = md5();
      // hashing as the bytes pass; a mismatch is only known at the end, so a bad blob may be written
      target.write(targetContainer, targetName, new DigestInputStream(raw, md), item.size());
      try {
        BlockEngine.checkMd5(item, md.digest());
      } catch (IOException e) {
        target.delete(targetContainer, targetName);
        throw e;
      }
    }
  }

  private long verifyAndPrune(BlobStore source, BlobLocation from, BlobStore target, BlobLocation to)
      throws IOException {
    java.util.Comparator<String> order = mergeOrder(source, target);
    String place = "container " + to.container() + " on " + target.describe();
    long stale = ListingMerge.walk(order, source.list(from.container(), from.prefix()), from.prefix(),
        target.list(to.container(), to.prefix()), to.prefix(), place, name -> {});
    if (stale == 0) {
      return 0;
    }
    return ListingMerge.walk(order, source.list(from.container(), from.prefix()), from.prefix(),
        target.list(to.container(), to.prefix()), to.prefix(), place,
        name -> target.delete(to.container(), name));
  }

  private long stagedFolderCopy(LocalFolderBlobStore src, BlobLocation from, LocalFolderBlobStore dst,
      BlobLocation to, BooleanSupplier stop, Progress progress) throws IOException, InterruptedException {
    try (StagedFolder stage = dst.stageFolder(to.container(), to.prefix())) {
      try (WorkPool<Object> pool = new WorkPool<>("adf-copy", localThreads, localThreads * 2, stop, () -> null)) {
        // Files under 1 MiB are copied on the listing thread itself: creating a small file costs
        // about as much as handing it to a worker, and parallel creates in one folder contend
        // (measured: 0.96 x cp -r inline vs 0.77 on 2 workers for 1,000 x 64 KiB). Larger files
        // go to the workers, where 2 threads gain (1.7 vs 1.0 x cp -r for 20 x 64 MiB).
        Iterator<BlobItem> it = src.list(from.container(), from.prefix());
        while (it.hasNext()) {
          BlobItem item = it.next();
          Path file = src.file(from.container(), item.name());
          String rel = item.name().substring(from.prefix().length());
          if (item.size() < LOCAL_INLINE_BYTES) {
            if (stop.getAsBoolean()) {
              throw new InterruptedException("copy stopped on request");
            }
            stage.copyIn(file, rel, item.size());
            progress.blobs.incrementAndGet();
            progress.bytes.addAndGet(item.size());
          } else {
            pool.submit(state -> {
              stage.copyIn(file, rel, item.size());
              progress.blobs.incrementAndGet();
              progress.bytes.addAndGet(item.size());
            });
          }
        }
        pool.finish();
      }
      // sizes were verified per file (byte count of the kernel copy); the staging folder is new, so
      // it holds nothing stale; the old folder's blobs that the source lacks are counted, then go
      long stale = 0;
      if (java.nio.file.Files.isDirectory(stage.target())) {
        stale = countStale(src.list(from.container(), from.prefix()), from.prefix(), stage.listTarget());
      }
      stage.commit();
      return stale;
    }
  }

  /**
   * The stores' common listing order; when they differ (Azurite and Azure or local) UTF-8 byte
   * order, and a listing that breaks it fails the walk instead of deleting the wrong blobs.
   */
  private static java.util.Comparator<String> mergeOrder(BlobStore source, BlobStore target) {
    return source.listingOrder() == target.listingOrder()
        ? target.listingOrder() : dev.adf.engine.storage.BlobNames.ORDER;
  }

  /** Target blobs (relative names) the source lacks, by merge; sizes are not compared. */
  private static long countStale(Iterator<BlobItem> source, String prefix, Iterator<BlobItem> old) {
    long stale = 0;
    BlobItem s = source.hasNext() ? source.next() : null;
    while (old.hasNext()) {
      String rel = old.next().name();
      int c;
      while (s != null && (c = dev.adf.engine.storage.BlobNames.ORDER.compare(
          s.name().substring(prefix.length()), rel)) < 0) {
        s = source.hasNext() ? source.next() : null;
      }
      if (s == null || !s.name().substring(prefix.length()).equals(rel)) {
        stale++;
      }
    }
    return stale;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /** {@link #copyEach} between local folders into a staged folder; returns the method. */
  private String stagedEach(LocalFolderBlobStore src, String sourceContainer, LocalFolderBlobStore dst,
      String targetContainer, String folder, Iterator<Mapping> mappings, BooleanSupplier stop, Progress progress)
      throws IOException, InterruptedException {
    Path dir = dst.file(targetContainer, folder.substring(0, folder.length() - 1));
    makeDir(dir.getParent());
    Path staging = dir.resolveSibling(LocalFolderBlobStore.TEMP_PREFIX + dir.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.createDirectory(staging);
    boolean swapped = false;
    try {
      Set<Path> dirs = ConcurrentHashMap.newKeySet();
      dirs.add(staging);
      try (WorkPool<Object> pool = new WorkPool<>("adf-copy", localThreads, localThreads * 2, stop, () -> null)) {
        while (mappings.hasNext()) {
          Mapping m = mappings.next();
          String name = m.targetName();
          if (!name.startsWith(folder)) {
            throw new IllegalArgumentException("target blob '" + name + "' is not below '" + folder + "'");
          }
          dst.file(targetContainer, name); // checks the name
          Path file = src.file(sourceContainer, m.source().name());
          Path staged = staging.resolve(name.substring(folder.length()));
          long size = m.source().size();
          Action copy = () -> {
            Path d = staged.getParent();
            if (dirs.add(d)) {
              Files.createDirectories(d);
            }
            transfer(file, size, staged);
            progress.blobs.incrementAndGet();
            progress.bytes.addAndGet(size);
          };
          if (size < LOCAL_INLINE_BYTES) { // see copyUnits
            if (stop.getAsBoolean()) {
              throw new InterruptedException("copy stopped on request");
            }
            copy.run();
          } else {
            pool.submit(state -> copy.run());
          }
        }
        pool.finish();
      }
      if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
          swapped = true;
          return "local staged folder, swapped in";
        } catch (IOException appearedMeanwhile) {
          // another writer created the folder since: publish file by file below
        }
      }
      publishEach(staging, dir);
      return "local staged files, renamed into the existing folder";
    } finally {
      if (!swapped) {
        deleteTree(staging);
      }
    }
  }

  /** Renames every file below {@code staging} to the same relative path below {@code dir}. */
  private static void publishEach(Path staging, Path dir) throws IOException {
    Set<Path> made = new java.util.HashSet<>();
    try (java.util.stream.Stream<Path> files = Files.walk(staging)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path t = dir.resolve(staging.relativize(f).toString());
        if (made.add(t.getParent())) {
          makeDir(t.getParent());
        }
        try {
          Files.move(f, t, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (Files.isDirectory(t)) {
            throw new IOException("cannot write blob " + t + ": a folder of that name holds other blobs", e);
          }
          throw e;
        }
      }
    }
  }

  private static void makeDir(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create folder " + dir + " for blob: a blob (file) with that name exists", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Kernel copy ({@link FileChannel#transferTo}, sendfile on Linux) of a {@code size}-byte file into
   * a new file {@code to} (O_EXCL).
   *
   * @throws IOException when the source is not {@code size} bytes (it changed since it was listed)
   */
  private static void transfer(Path source, long size, Path to) throws IOException {
    long pos = 0;
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (pos < size) {
        long n = in.transferTo(pos, size - pos, out);
        if (n <= 0) {
          break;
        }
        pos += n;
      }
      long now = in.size();
      if (pos != size || now != size) {
        throw new IOException("blob " + source + " changed during the copy: listed with " + size
            + " bytes, now " + now + " bytes");
      }
    }
  }

  /**
   * Copies {@code size} bytes of a local file to {@code target} through a hidden temporary file next
   * to it ({@link LocalFolderBlobStore#TEMP_PREFIX}, never listed) renamed into place: readers never
   * see a partial blob. What {@link LocalFolderBlobStore#writeFromFile} does, in 7 system calls
   * instead of about 18 (JFR/strace of 1,000 × 64 KiB, docs/BENCHMARKS.md "Copy activity (issue
   * 13)"): each folder is created once per copy ({@code dirs}), the temp file is created with
   * O_EXCL instead of looked up and replaced, the size is the kernel copy's byte count, and the
   * target is checked for a folder only when the rename fails.
   *
   * @throws IOException when the source is not {@code size} bytes (it changed since it was listed),
   *     the copy or the rename fails, or a folder holds the target's name
   */
  private static void publishCopy(Path source, long size, Path target, Set<Path> dirs) throws IOException {
    Path dir = target.getParent();
    if (!dirs.contains(dir)) {
      makeDir(dir);
      dirs.add(dir);
    }
    Path tmp = dir.resolve(LocalFolderBlobStore.TEMP_PREFIX + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    boolean done = false;
    try {
      transfer(source, size, tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (Files.isDirectory(target)) {
          throw new IOException("cannot write blob " + target + ": a folder of that name holds other blobs", e);
        }
        throw e;
      }
      done = true;
    } catch (IOException e) {
      throw StoreWriteException.of(e, target);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** One local file copy. */
  private interface Action {
    void run() throws IOException;
  }

  /** How the blobs of one copy become units of work. */
  private interface Feeder {
    void feed(WorkPool<byte[][]> pool, BlobItem item, String targetName)
        throws IOException, InterruptedException;
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
    private ServerSide serverSide = ServerSide.AUTO;
    private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
    private long singleShotLimit = DEFAULT_SINGLE_SHOT_LIMIT;

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

    /** Whether a copy inside one Azure account may be done by the service (default AUTO). */
    public Builder serverSide(ServerSide serverSide) {
      this.serverSide = java.util.Objects.requireNonNull(serverSide, "serverSide");
      return this;
    }

    /** Wall time between progress lines (default 5 s). */
    public Builder progressInterval(Duration interval) {
      this.progressInterval = interval;
      return this;
    }

    /** Blobs up to this many bytes use Copy Blob From URL, larger ones Put Block From URL (tests). */
    Builder singleShotLimit(long bytes) {
      this.singleShotLimit = bytes;
      return this;
    }

    /**
     * @throws IllegalArgumentException when a count is below 1 or above 256, or the progress
     *     interval is not positive
     */
    public BlobCopier build() {
      if (workers < 1 || workers > 256 || localThreads < 1 || localThreads > 256) {
        throw new IllegalArgumentException(
            "copy workers and localThreads must be within 1..256, got " + workers + " and " + localThreads);
      }
      if (progressInterval == null || progressInterval.isNegative() || progressInterval.isZero()) {
        throw new IllegalArgumentException("copy progress interval must be positive, got " + progressInterval);
      }
      return new BlobCopier(this);
    }
  }
}
