package dev.adf.spark.copy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The blob copy job as a Spark application: copies every file below {@code input=URI} to {@code
 * output=URI} with the same relative names, spread over the executors, so that afterwards the output
 * equals the input (as the built-in {@code adf.BlobCopy} job leaves it). Submitted with spark-submit,
 * a Livy batch ({@code POST /batches} with {@code className} {@value #MAIN_CLASS} and {@code args}) or
 * an HDInsight Spark activity.
 *
 * <p>Arguments: see {@link CopyArguments}. URIs are Hadoop paths ({@code file:/…}, {@code
 * wasb[s]://container@account.blob.core.windows.net/path}); the Hadoop WASB file system (hadoop-azure)
 * must be on the cluster's classpath for wasb, as on HDInsight. Spark conf:
 *
 * <ul>
 *   <li>{@value #CONF_STORAGE_CONNECTION_STRING}: a storage connection string (a secret, never
 *       printed); an {@code AccountName=…;AccountKey=…} string sets Hadoop's {@code
 *       fs.azure.account.key.<account>.blob.<EndpointSuffix>}, and {@code
 *       fs.azure.account.key.<HOST[:port]>} for each input/output URI whose host's first label is the
 *       account (Azurite: {@code wasb://c@devstoreaccount1.blob.localhost:PORT/path}), each unless
 *       already set ({@link StorageCredentials}).
 *   <li>{@value #CONF_STORAGE_LOCAL_ROOT}: the local folder store's root; {@code
 *       wasb[s]://container@local/path} then means {@code file:<root>/container/path} ({@link
 *       BlobPaths}).
 * </ul>
 *
 * <p>Steps: list the input recursively (sizes from the listing); {@code mkdirs(output)} in the driver
 * (WASB's {@code create} fails on a missing container); bin-pack the files by size into {@code
 * min(files, max(2, defaultParallelism))} tasks; each task streams its files (1 MiB buffer, overwrite)
 * and checks each written length against the listing; then the driver deletes output files the input
 * lacks and prunes folders left empty. No {@code _SUCCESS} marker is written.
 *
 * <p>Output: one line on stdout, {@link CopySummary#line()}. Fails with an exception (spark-submit
 * then exits non-zero): {@link IllegalArgumentException} for a missing argument, {@link IOException}
 * {@code input <uri> has no blobs; nothing to copy} for an empty or missing input, or the first failed
 * read or write.
 */
public final class SparkBlobCopy {

  /** This class's name, the {@code className} / {@code --class} to submit. */
  public static final String MAIN_CLASS = "dev.adf.spark.copy.SparkBlobCopy";

  /** The Spark application name. */
  public static final String APP_NAME = "adf-spark-blob-copy";

  /** Spark conf key: the storage connection string (a secret). Same key as the engine's job conf. */
  public static final String CONF_STORAGE_CONNECTION_STRING = "spark.adf.secret.storageConnectionString";

  /** Spark conf key: the local folder store's root folder. Same key as the engine's job conf. */
  public static final String CONF_STORAGE_LOCAL_ROOT = "spark.adf.storage.localRoot";

  /** Name prefix of the local folder store's in-progress writes; never listed, copied or deleted. */
  static final String LOCAL_STORE_TEMP_PREFIX = ".adf-tmp-";

  private SparkBlobCopy() {}

  /**
   * Runs the copy in a new SparkContext (master and conf from spark-submit) and prints the summary
   * line. Exceptions propagate, so the driver fails.
   */
  public static void main(String[] args) throws Exception {
    try (JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setAppName(APP_NAME))) {
      System.out.println(copy(jsc, List.of(args)).line());
    }
  }

  /** {@link #copy(JavaSparkContext, SparkConf, List)} with the context's own Spark conf. */
  public static CopySummary copy(JavaSparkContext jsc, List<String> args) throws IOException {
    return copy(jsc, jsc.getConf(), args);
  }

  /**
   * Copies input to output.
   *
   * @param jsc the context whose executors copy and whose Hadoop conf opens the file systems (an
   *     account key from the connection string is added to it)
   * @param conf where {@value #CONF_STORAGE_CONNECTION_STRING} and {@value #CONF_STORAGE_LOCAL_ROOT}
   *     are read
   * @param args the application arguments ({@link CopyArguments})
   * @throws IllegalArgumentException when an argument is missing (never echoing the others)
   * @throws IOException when the input has no files, or a read, write or length check fails
   */
  public static CopySummary copy(JavaSparkContext jsc, SparkConf conf, List<String> args) throws IOException {
    long start = System.nanoTime();
    CopyArguments parsed = CopyArguments.parse(args);
    String localRoot = conf.get(CONF_STORAGE_LOCAL_ROOT, null);
    Configuration hadoopConf = jsc.hadoopConfiguration();
    StorageCredentials.configure(conf.get(CONF_STORAGE_CONNECTION_STRING, null), hadoopConf,
        List.of(parsed.input(), parsed.output()));

    Path in = BlobPaths.resolve(parsed.input(), localRoot);
    Path out = BlobPaths.resolve(parsed.output(), localRoot);
    FileSystem inFs = BlobPaths.fileSystem(in, hadoopConf);
    FileSystem outFs = BlobPaths.fileSystem(out, hadoopConf);
    in = inFs.makeQualified(in);
    out = outFs.makeQualified(out);

    Map<String, Long> sources = list(inFs, in);
    if (sources.isEmpty()) {
      throw new IOException("input " + parsed.input() + " has no blobs; nothing to copy");
    }
    outFs.mkdirs(out);

    List<CopyItem> items = new ArrayList<>(sources.size());
    long bytes = 0;
    for (Map.Entry<String, Long> e : sources.entrySet()) {
      items.add(new CopyItem(new Path(in, e.getKey()).toString(), new Path(out, e.getKey()).toString(), e.getValue()));
      bytes += e.getValue();
    }
    int tasks = Math.min(items.size(), Math.max(2, jsc.defaultParallelism()));
    Map<String, String> taskConf = new HashMap<>();
    for (Map.Entry<String, String> e : hadoopConf) {
      taskConf.put(e.getKey(), e.getValue());
    }
    long copied = jsc.parallelize(BinPacking.pack(items, tasks), tasks)
        .map(bin -> CopyTask.copyAll(taskConf, bin))
        .collect().stream().mapToLong(Long::longValue).sum();
    if (copied != bytes) {
      throw new IOException("the tasks copied " + copied + " bytes, the input listing has " + bytes);
    }

    long stale = deleteStale(outFs, out, sources.keySet());
    return new CopySummary(items.size(), bytes, Duration.ofNanos(System.nanoTime() - start), tasks, stale);
  }

  /** Relative name → length of every file below {@code root}; empty when root is missing or a file. */
  private static Map<String, Long> list(FileSystem fs, Path root) throws IOException {
    Map<String, Long> files = new HashMap<>();
    String prefix = withSlash(root.toUri().getPath());
    RemoteIterator<LocatedFileStatus> it;
    try {
      it = fs.listFiles(root, true);
    } catch (FileNotFoundException missing) {
      return files;
    }
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      String path = st.getPath().toUri().getPath();
      if (st.isFile() && path.startsWith(prefix) && !st.getPath().getName().startsWith(LOCAL_STORE_TEMP_PREFIX)) {
        files.put(path.substring(prefix.length()), st.getLen());
      }
    }
    return files;
  }

  /** Deletes files below {@code out} not in {@code keep}, then folders that left empty; returns the count. */
  private static long deleteStale(FileSystem fs, Path out, Set<String> keep) throws IOException {
    long deleted = 0;
    Set<Path> parents = new HashSet<>();
    for (String name : list(fs, out).keySet()) {
      if (!keep.contains(name)) {
        Path file = new Path(out, name);
        fs.delete(file, false);
        deleted++;
        parents.add(file.getParent());
      }
    }
    for (Path dir : parents) {
      for (Path d = dir; d != null && !d.equals(out) && isEmptyDir(fs, d); d = d.getParent()) {
        fs.delete(d, false);
      }
    }
    return deleted;
  }

  private static boolean isEmptyDir(FileSystem fs, Path dir) throws IOException {
    try {
      return fs.getFileStatus(dir).isDirectory() && fs.listStatus(dir).length == 0;
    } catch (FileNotFoundException gone) {
      return false;
    }
  }

  private static String withSlash(String path) {
    return path.endsWith("/") ? path : path + "/";
  }
}
