package dev.adf.spark.copy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Turns the job's URIs into Hadoop paths, and opens their file systems.
 *
 * <p>A URI is a Hadoop path: {@code file:/…}, or {@code wasb[s]://container@account.blob.core.windows.net/path},
 * served by Hadoop's WASB file system ({@code NativeAzureFileSystem}, hadoop-azure), as on HDInsight
 * (HDInsight docs, "Use Azure Blob storage with HDInsight clusters"; Hadoop docs, "Hadoop Azure
 * Support: Azure Blob Storage"). The local folder store convention: when a local root is given,
 * {@code wasb[s]://container@local/path} and {@code wasb[s]://container@local.blob.core.windows.net/path}
 * mean {@code file:<localRoot>/container/path}, the layout of the engine's local folder store.
 */
final class BlobPaths {

  /** {@code wasb[s]://container@local[.blob.core.windows.net][/path]}, scheme and host case-insensitive. */
  private static final Pattern LOCAL_STORE =
      Pattern.compile("(?i:wasbs?)://([^@/]+)@(?i:local|local\\.blob\\.core\\.windows\\.net)(/.*)?");

  private BlobPaths() {}

  /**
   * The Hadoop path of a job URI.
   *
   * @param uri a Hadoop path URI as given in the arguments
   * @param localRoot the local folder store's root (absolute, or relative to the working directory),
   *     or null when the local mapping is off
   * @throws IllegalArgumentException when Hadoop cannot parse the URI (message from Hadoop)
   */
  static Path resolve(String uri, String localRoot) {
    if (localRoot != null && !localRoot.isBlank()) {
      Matcher m = LOCAL_STORE.matcher(uri.trim());
      if (m.matches()) {
        String root = java.nio.file.Path.of(localRoot.trim()).toAbsolutePath().normalize().toString();
        String rest = m.group(2) == null ? "" : m.group(2);
        return new Path("file", null, root + "/" + m.group(1) + rest);
      }
    }
    return new Path(uri.trim());
  }

  /**
   * The file system of {@code path}; for {@code file:} the raw local file system, so that no
   * {@code .crc} side files are written or hidden from listings (the output must equal the input).
   */
  static FileSystem fileSystem(Path path, Configuration conf) throws java.io.IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }
}
