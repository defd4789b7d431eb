package dev.adf.spark.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** What one Spark task runs: streams its files from source to target. */
final class CopyTask {

  /** Stream buffer size: 1 MiB. */
  static final int BUFFER_BYTES = 1 << 20;

  private CopyTask() {}

  /**
   * Copies every item of a bin, overwriting targets.
   *
   * @param hadoopConf the driver's Hadoop conf as a map (a {@link Configuration} is not serializable)
   * @return the bytes copied
   * @throws IOException on a failed read or write, or when a copy's length is not the listed source
   *     length (naming the file)
   */
  static long copyAll(Map<String, String> hadoopConf, List<CopyItem> bin) throws IOException {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    byte[] buffer = new byte[BUFFER_BYTES];
    long total = 0;
    for (CopyItem item : bin) {
      total += copy(conf, item, buffer);
    }
    return total;
  }

  private static long copy(Configuration conf, CopyItem item, byte[] buffer) throws IOException {
    Path src = new Path(item.source());
    Path dst = new Path(item.target());
    var dstFs = BlobPaths.fileSystem(dst, conf);
    long written = 0;
    try (InputStream in = BlobPaths.fileSystem(src, conf).open(src);
        OutputStream out = dstFs.create(dst, true)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        written += n;
      }
    }
    long stored = dstFs.getFileStatus(dst).getLen();
    if (written != item.length() || stored != item.length()) {
      throw new IOException("copy of " + item.source() + " to " + item.target() + " has the wrong length: listed "
          + item.length() + " bytes, read " + written + ", written " + stored
          + " (did the input change during the copy?)");
    }
    return written;
  }
}
