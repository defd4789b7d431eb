package dev.adf.engine.copy;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import dev.adf.engine.JobSpec;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.storage.StorageConnectionString;
import dev.adf.engine.storage.StorageRetry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The built-in blob copy job ({@code adf.BlobCopy}, alias {@code com.adf.spark.demo.Demo}): copies
 * every blob below {@code input=wasb://…} to {@code output=wasb://…} with the same relative names,
 * in the store named by conf {@link JobSpec#CONF_STORAGE_CONNECTION_STRING} (local root: {@link
 * JobSpec#CONF_STORAGE_LOCAL_ROOT}). Workers: conf {@value #CONF_WORKERS} (default {@value
 * BlobCopier#DEFAULT_WORKERS}); server-side copy inside one account: conf {@value
 * #CONF_SERVER_SIDE} = {@code auto} (default) or {@code never} ({@link ServerSide}). How the Azure SDK
 * retries a failed request: conf {@value dev.adf.engine.storage.StorageRetry#CONF_MAX_TRIES} and {@value
 * dev.adf.engine.storage.StorageRetry#CONF_RETRY_DELAY_MS} ({@link dev.adf.engine.storage.StorageRetry};
 * default the SDK's, 4 tries over about 44 s).
 *
 * <p>The job log gets the copy's progress every 5 s (blobs, bytes, MB/s so far), the server-side
 * probe's outcome, the number of stale output blobs deleted and a summary line {@code blob copy
 * done: N blobs, X MB in S s (R MB/s, …)} (MB = 10^6 bytes). Rerunning a window gives the same
 * output: blobs under the output prefix that the input lacks are deleted after a verified copy.
 *
 * <p>Fails (exception, so the job is FAILED) when an argument or the connection string is missing
 * or malformed, when the input has no blobs, or on the first failed read or write.
 */
public final class BlobCopyJob implements EngineJob {

  /** Conf key: number of copy workers (1..256). */
  public static final String CONF_WORKERS = "adf.copy.workers";

  /** Conf key: {@code auto} (default) or {@code never}; see {@link ServerSide}. */
  public static final String CONF_SERVER_SIDE = "adf.copy.serverSide";

  @Override
  public int run(JobContext context) throws Exception {
    CopyArguments args = CopyArguments.parse(context.args());
    String cs = context.conf().get(JobSpec.CONF_STORAGE_CONNECTION_STRING);
    if (cs == null || cs.isBlank()) {
      throw new IllegalArgumentException(
          "job conf " + JobSpec.CONF_STORAGE_CONNECTION_STRING + " is not set: the copy needs a storage connection string");
    }
    String root = context.conf().get(JobSpec.CONF_STORAGE_LOCAL_ROOT);
    StorageConnectionString parsed = StorageConnectionString.parse(cs, root == null ? null : Path.of(root));
    BlobCopier copier = BlobCopier.builder()
        .workers(Integer.parseInt(context.conf().getOrDefault(CONF_WORKERS, String.valueOf(BlobCopier.DEFAULT_WORKERS))))
        .serverSide(ServerSide.parse(context.conf().getOrDefault(CONF_SERVER_SIDE, "auto")))
        .build();
    try (BlobStore store = BlobStores.open(parsed, StorageRetry.fromConf(context.conf()))) {
      context.log().println("blob copy from " + args.input() + " to " + args.output() + " on " + store.describe());
      if (!store.list(args.input().container(), args.input().prefix()).hasNext()) {
        throw new IOException("input " + args.input() + " has no blobs in " + store.describe()
            + "; nothing to copy (upload the input data first)");
      }
      CopyResult result = copier.copy(
          store, args.input(), store, args.output(), context::isStopRequested, context.log()::println);
      context.log().println("blob copy done: " + result.summary());
    }
    return 0;
  }
}
