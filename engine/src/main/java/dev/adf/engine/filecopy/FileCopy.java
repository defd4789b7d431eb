package dev.adf.engine.filecopy;

import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.copy.CopyResult;
import dev.adf.engine.copy.WorkPool;
import dev.adf.engine.filecopy.CopyPlan.Behavior;
import dev.adf.engine.filecopy.CopyPlan.Method;
import dev.adf.engine.filecopy.format.Codec;
import dev.adf.engine.filecopy.format.Compression;
import dev.adf.engine.filecopy.format.Level;
import dev.adf.engine.filecopy.format.TextFormatSpec;
import dev.adf.engine.filecopy.format.TextTranscoder;
import dev.adf.engine.filecopy.format.ZipEntries;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobOutput;
import dev.adf.engine.storage.BlobStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Executes a {@link CopyPlan}: selects the source files ({@link Selection}), names them in the sink
 * by the plan's copyBehavior, moves their bytes by the plan's method, and removes files that an
 * earlier attempt of the same window generated and this one did not write again.
 *
 * <p>Naming (ADF v1 Azure Blob connector, "recursive and copyBehavior examples"):
 *
 * <ul>
 *   <li>the sink's {@code fileName}, when set: the one output file (more than one source file without
 *       MergeFiles is an error naming them, since ADF does not say which would win);
 *   <li>PreserveHierarchy: the sink folder + the file's path relative to the source folder;
 *   <li>FlattenHierarchy: the sink folder + {@code <generatedName>.<guid of the relative path>} +
 *       {@code .txt} when the sink has a TextFormat + the compression's extension ({@code .gz}, …);
 *   <li>MergeFiles: one file, the sink's fileName, else {@code <generatedName>} + the same extensions.
 * </ul>
 *
 * <p>Bytes: {@link Method#BINARY} through {@link BlobCopier#copyEach} (kernel copy between local
 * folders into a hidden staging folder, renamed into place in one go when the sink folder is new,
 * else file by file; server-side or the block engine between Azure accounts; sizes and Content-MD5
 * checked);
 * {@link Method#TRANSCODE} and {@link Method#RESERIALIZE} stream each file through decode, (records,)
 * encode into a {@link BlobOutput}, published at its end. A ZipDeflate source is read as its entries,
 * each a file of its own below the archive's folder. MergeFiles concatenates in listing order; with a
 * TextFormat on both sides it re-serializes, so a header is written once and rows never run together.
 *
 * <p>Memory: per file in flight one codec buffer and one record (text) or one 8 MiB block (Azure
 * sink), whatever the file sizes. Thread-safe and reusable.
 */
public final class FileCopy {

  /** Files re-compressed or re-serialized at once when the plan gives no parallelCopies. */
  public static final int DEFAULT_STREAM_THREADS = 2;

  private static final int BUFFER = 256 * 1024;

  private final BlobCopier binary;

  /** @param binary the copier of binary copies */
  public FileCopy(BlobCopier binary) {
    this.binary = binary;
  }

  /**
   * Runs the plan.
   *
   * @param sameStore true when source and sink are one store (same connection string): then a sink
   *     folder inside what the source selects is refused
   * @param log gets a progress line now and then and the method chosen
   * @return the outcome
   * @throws NoSourceFilesException when the source selects no file
   * @throws IOException on the first failed read, write or check, naming the file; files already
   *     published stay, none is visible half-written
   * @throws IllegalArgumentException when the plan cannot be executed as given (several files into one
   *     named file, a sink inside the source)
   * @throws InterruptedException when a stop was requested
   */
  public CopyOutcome run(CopyPlan plan, BlobStore source, BlobStore sink, boolean sameStore,
      BooleanSupplier stop, Consumer<String> log) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    CopyPlan.Endpoint src = plan.source();
    CopyPlan.Endpoint dst = plan.sink();
    if (sameStore && src.container().equals(dst.container()) && (dst.folder().equals(src.folder())
        || src.recursive() && (src.folder().isEmpty() || dst.prefix().startsWith(src.prefix())))) {
      throw new IllegalArgumentException("the sink folder " + dst.container() + "/" + dst.folder()
          + " is inside what the source " + src.label() + " reads: a rerun would copy the copy; choose a sink"
          + " folder outside the source folder");
    }
    Iterator<Selection.File> files;
    try {
      files = Selection.of(src, source);
      if (!files.hasNext()) {
        throw new NoSourceFilesException(src, source.describe());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Naming naming = new Naming(plan);
    Method method = plan.method();
    if (plan.copyBehavior() == Behavior.MERGE_FILES && src.format() != null && dst.format() != null) {
      method = Method.RESERIALIZE; // one header, and no row glued to the next file's first row
    } else if (plan.copyBehavior() == Behavior.MERGE_FILES && method == Method.BINARY
        && Codec.parse(src.compression()) != Codec.NONE) {
      method = Method.TRANSCODE; // concatenated deflate or zip streams are not one stream
    }
    Counters c = new Counters();
    Set<String> written = ConcurrentHashMap.newKeySet();
    String transport;
    try (Ticker ticker = new Ticker(c, log, t0)) {
      if (plan.copyBehavior() == Behavior.MERGE_FILES) {
        merge(plan, method, files, source, sink, naming, c, written, stop);
        transport = "merge, streaming";
      } else {
        Selection.File first = files.next();
        if (dst.fileName() != null && files.hasNext()) {
          Selection.File second = files.next();
          throw new IllegalArgumentException("the source " + src.label() + " has several files ("
              + first.relative() + ", " + second.relative() + ", …) and the sink names one file, '" + dst.fileName()
              + "': set the sink's copyBehavior to MergeFiles to merge them, or remove the sink's fileName");
        }
        Iterator<Selection.File> all = prepend(first, files);
        if (method == Method.BINARY) {
          transport = binary(plan, all, source, sink, naming, c, written, stop, log);
        } else {
          streamEach(plan, method, all, source, sink, naming, c, written, stop, log);
          transport = "streaming";
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    verifyWritten(sink, dst, written);
    long stale = naming.generates() ? deleteStale(sink, dst, plan.generatedName(), written) : 0;
    return new CopyOutcome(c.dataRead.get(), c.dataWritten.get(), c.filesRead.get(), c.filesWritten.get(),
        method == Method.RESERIALIZE ? c.rowsRead.get() : -1, method == Method.RESERIALIZE ? c.rowsCopied.get() : -1,
        (System.nanoTime() - t0) / 1_000_000, plan.copyBehavior().adfName(), method.label(), transport, stale);
  }

  private String binary(CopyPlan plan, Iterator<Selection.File> files, BlobStore source, BlobStore sink,
      Naming naming, Counters c, Set<String> written, BooleanSupplier stop, Consumer<String> log)
      throws IOException, InterruptedException {
    Iterator<BlobCopier.Mapping> mappings = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return files.hasNext();
      }

      @Override
      public BlobCopier.Mapping next() {
        Selection.File f = files.next();
        String target = naming.target(f.relative());
        written.add(target);
        return new BlobCopier.Mapping(f.item(), target);
      }
    };
    BlobCopier copier = plan.parallelCopies() > 0
        ? BlobCopier.builder().workers(plan.parallelCopies()).localThreads(plan.parallelCopies()).build() : binary;
    // every target lies below the sink folder: lets a local copy stage the folder (BlobCopier.copyEach)
    CopyResult r = copier.copyEach(source, plan.source().container(), sink, plan.sink().container(),
        plan.sink().prefix(), mappings, stop, log);
    c.filesRead.addAndGet(r.blobs());
    c.filesWritten.addAndGet(r.blobs());
    c.dataRead.addAndGet(r.bytes());
    c.dataWritten.addAndGet(r.bytes());
    return r.method();
  }

  private void streamEach(CopyPlan plan, Method method, Iterator<Selection.File> files, BlobStore source,
      BlobStore sink, Naming naming, Counters c, Set<String> written, BooleanSupplier stop, Consumer<String> log)
      throws IOException, InterruptedException {
    int threads = plan.parallelCopies() > 0 ? plan.parallelCopies() : DEFAULT_STREAM_THREADS;
    Codecs codecs = new Codecs(plan);
    try (WorkPool<byte[]> pool = new WorkPool<>("adf-filecopy", threads, threads, stop, () -> new byte[BUFFER])) {
      while (files.hasNext()) {
        Selection.File f = files.next();
        pool.submit(buffer -> {
          try (InputStream raw = new CountingInput(source.openRead(plan.source().container(), f.item().name()), c.dataRead)) {
            c.filesRead.incrementAndGet();
            if (codecs.source.codec() == Codec.ZIPDEFLATE) {
              try (ZipEntries zip = new ZipEntries(raw)) {
                String dir = parent(f.relative());
                for (String entry = zip.next(); entry != null; entry = zip.next()) {
                  writeOne(plan, method, codecs, zip.stream(), dir + entry, sink, naming, c, written, stop, buffer);
                }
              }
            } else {
              writeOne(plan, method, codecs, codecs.source.decode(raw), f.relative(), sink, naming, c, written, stop,
                  buffer);
            }
          } catch (dev.adf.engine.storage.StoreWriteException e) {
            throw e; // names the sink's path: the source file is not the problem
          } catch (IOException e) {
            throw new IOException(plan.source().container() + "/" + f.item().name() + ": " + e.getMessage(), e);
          }
        });
      }
      pool.finish();
    }
    log.accept("copied " + c.filesWritten.get() + " files by " + method.label());
  }

  private void writeOne(CopyPlan plan, Method method, Codecs codecs, InputStream decoded, String relative,
      BlobStore sink, Naming naming, Counters c, Set<String> written, BooleanSupplier stop, byte[] buffer)
      throws IOException, InterruptedException {
    String target = naming.target(relative);
    try (BlobOutput out = sink.create(plan.sink().container(), target)) {
      try (OutputStream enc = codecs.sink.encode(new Shield(out), entryName(target, codecs.sink.codec()))) {
        if (method == Method.RESERIALIZE) {
          TextTranscoder.Counts n = TextTranscoder.transcode(decoded, codecs.sourceText, enc, codecs.sinkText, true, stop);
          c.rowsRead.addAndGet(n.rowsRead());
          c.rowsCopied.addAndGet(n.rowsWritten());
        } else {
          pump(decoded, enc, buffer, stop);
        }
      }
      c.dataWritten.addAndGet(out.commit());
    }
    written.add(target);
    c.filesWritten.incrementAndGet();
  }

  private void merge(CopyPlan plan, Method method, Iterator<Selection.File> files, BlobStore source, BlobStore sink,
      Naming naming, Counters c, Set<String> written, BooleanSupplier stop) throws IOException, InterruptedException {
    Codecs codecs = new Codecs(plan);
    String target = naming.merged();
    byte[] buffer = new byte[BUFFER];
    try (BlobOutput out = sink.create(plan.sink().container(), target)) {
      try (OutputStream enc = codecs.sink.encode(new Shield(out), entryName(target, codecs.sink.codec()))) {
        boolean first = true;
        while (files.hasNext()) {
          Selection.File f = files.next();
          if (stop.getAsBoolean()) {
            throw new InterruptedException("copy stopped on request");
          }
          try (InputStream raw = new CountingInput(source.openRead(plan.source().container(), f.item().name()), c.dataRead)) {
            c.filesRead.incrementAndGet();
            if (codecs.source.codec() == Codec.ZIPDEFLATE) {
              try (ZipEntries zip = new ZipEntries(raw)) {
                for (String entry = zip.next(); entry != null; entry = zip.next()) {
                  mergeOne(method, codecs, zip.stream(), enc, first, c, stop, buffer);
                  first = false;
                }
              }
            } else {
              mergeOne(method, codecs, codecs.source.decode(raw), enc, first, c, stop, buffer);
              first = false;
            }
          } catch (dev.adf.engine.storage.StoreWriteException e) {
            throw e; // names the sink's path: the source file is not the problem
          } catch (IOException e) {
            throw new IOException(plan.source().container() + "/" + f.item().name() + ": " + e.getMessage(), e);
          }
        }
      }
      c.dataWritten.addAndGet(out.commit());
    }
    written.add(target);
    c.filesWritten.incrementAndGet();
  }

  private static void mergeOne(Method method, Codecs codecs, InputStream decoded, OutputStream enc, boolean first,
      Counters c, BooleanSupplier stop, byte[] buffer) throws IOException, InterruptedException {
    if (method == Method.RESERIALIZE) {
      TextTranscoder.Counts n = TextTranscoder.transcode(decoded, codecs.sourceText, new Shield(enc), codecs.sinkText,
          first, stop);
      c.rowsRead.addAndGet(n.rowsRead());
      c.rowsCopied.addAndGet(n.rowsWritten());
    } else {
      pump(decoded, enc, buffer, stop);
    }
  }

  private static void pump(InputStream in, OutputStream out, byte[] buffer, BooleanSupplier stop)
      throws IOException, InterruptedException {
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      if (stop.getAsBoolean()) {
        throw new InterruptedException("copy stopped on request");
      }
    }
  }

  /**
   * Deletes the files directly in the sink folder whose names start with {@code generatedName} and
   * that this attempt did not write: what an earlier attempt of the same window generated.
   */
  /**
   * Lists the sink folder once and fails when a file this copy wrote is not there: a store that lost
   * writes it had acknowledged (Azurite restarted after a SIGKILL forgets its last seconds) must not
   * make the attempt succeed with files missing.
   *
   * @throws IOException naming the first missing file, the container, the store and how many are missing
   */
  private static void verifyWritten(BlobStore sink, CopyPlan.Endpoint dst, Set<String> written) throws IOException {
    Set<String> missing = new java.util.HashSet<>(written);
    for (Iterator<BlobItem> it = sink.list(dst.container(), dst.prefix()); it.hasNext() && !missing.isEmpty(); ) {
      missing.remove(it.next().name());
    }
    if (!missing.isEmpty()) {
      String first = missing.stream().sorted().findFirst().orElseThrow();
      throw new IOException("file " + first + " (and " + (missing.size() - 1) + " more of the " + written.size()
          + " this copy wrote) is not in container " + dst.container() + " on " + sink.describe()
          + " after the copy although its write was acknowledged: the sink store lost it (it restarted during"
          + " the copy?); run the copy again");
    }
  }

  private static long deleteStale(BlobStore sink, CopyPlan.Endpoint dst, String generatedName, Set<String> written)
      throws IOException {
    List<String> stale = new ArrayList<>();
    String prefix = dst.prefix() + generatedName;
    for (Iterator<BlobItem> it = sink.list(dst.container(), prefix); it.hasNext(); ) {
      String name = it.next().name();
      if (name.indexOf('/', dst.prefix().length()) < 0 && !written.contains(name)) {
        stale.add(name);
      }
    }
    for (String name : stale) {
      sink.delete(dst.container(), name);
    }
    return stale.size();
  }

  /** The zip entry of a ZipDeflate sink file: its name without the directory and a trailing {@code .zip}. */
  private static String entryName(String target, Codec codec) {
    String name = target.substring(target.lastIndexOf('/') + 1);
    return codec == Codec.ZIPDEFLATE && name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
  }

  private static String parent(String relative) {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? "" : relative.substring(0, slash + 1);
  }

  private static <T> Iterator<T> prepend(T first, Iterator<T> rest) {
    return new Iterator<>() {
      private boolean took;

      @Override
      public boolean hasNext() {
        return !took || rest.hasNext();
      }

      @Override
      public T next() {
        if (!took) {
          took = true;
          return first;
        }
        return rest.next();
      }
    };
  }

  /** Sink names of a plan. */
  static final class Naming {
    private final CopyPlan plan;
    private final String extension;

    Naming(CopyPlan plan) {
      this.plan = plan;
      this.extension = (plan.sink().format() != null ? ".txt" : "") + Codec.parse(plan.sink().compression()).extension();
    }

    /** True when some sink name is generated (so earlier attempts' generated files can be found). */
    boolean generates() {
      return plan.sink().fileName() == null && plan.copyBehavior() != Behavior.PRESERVE_HIERARCHY;
    }

    String target(String relative) {
      CopyPlan.Endpoint dst = plan.sink();
      if (dst.fileName() != null) {
        return dst.prefix() + dst.fileName();
      }
      return switch (plan.copyBehavior()) {
        case PRESERVE_HIERARCHY -> dst.prefix() + relative;
        case FLATTEN_HIERARCHY -> dst.prefix() + plan.generatedName() + "."
            + UUID.nameUUIDFromBytes(relative.getBytes(StandardCharsets.UTF_8)) + extension;
        case MERGE_FILES -> merged();
      };
    }

    String merged() {
      CopyPlan.Endpoint dst = plan.sink();
      return dst.prefix() + (dst.fileName() != null ? dst.fileName() : plan.generatedName() + extension);
    }
  }

  private static final class Codecs {
    final Compression source;
    final Compression sink;
    final TextFormatSpec sourceText;
    final TextFormatSpec sinkText;

    Codecs(CopyPlan plan) {
      source = new Compression(Codec.parse(plan.source().compression()), Level.parse(plan.source().level()));
      sink = new Compression(Codec.parse(plan.sink().compression()), Level.parse(plan.sink().level()));
      sourceText = plan.source().format() == null ? null : plan.source().format().toSpec();
      sinkText = plan.sink().format() == null ? null : plan.sink().format().toSpec();
    }
  }

  /**
   * Logs the counters every {@value #TICK_SECONDS} s of wall time while a copy runs (the binary path
   * also logs its own progress): files, bytes read and written, rows, MB/s so far.
   */
  private static final class Ticker implements AutoCloseable {
    private final java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "adf-filecopy-progress");
          t.setDaemon(true);
          return t;
        });

    Ticker(Counters c, Consumer<String> log, long t0) {
      timer.scheduleAtFixedRate(() -> {
        double s = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(java.util.Locale.ROOT,
            "copy progress: %d files read, %d written, %.1f MB read, %.1f MB written%s, %.1f MB/s read",
            c.filesRead.get(), c.filesWritten.get(), c.dataRead.get() / 1e6, c.dataWritten.get() / 1e6,
            c.rowsRead.get() == 0 ? "" : ", " + c.rowsRead.get() + " rows", c.dataRead.get() / 1e6 / s));
      }, TICK_SECONDS, TICK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  private static final long TICK_SECONDS = 5;

  private static final class Counters {
    final AtomicLong dataRead = new AtomicLong();
    final AtomicLong dataWritten = new AtomicLong();
    final AtomicLong filesRead = new AtomicLong();
    final AtomicLong filesWritten = new AtomicLong();
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong rowsCopied = new AtomicLong();
  }

  /** Keeps a codec's close() from closing (and so discarding) the blob output under it. */
  private static final class Shield extends FilterOutputStream {
    Shield(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Counts the bytes read from a source file. */
  private static final class CountingInput extends java.io.FilterInputStream {
    private final AtomicLong count;

    CountingInput(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count.addAndGet(s);
      return s;
    }
  }
}
