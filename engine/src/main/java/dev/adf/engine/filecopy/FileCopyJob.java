package dev.adf.engine.filecopy;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import dev.adf.engine.JobSpec;
import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.storage.StorageRetry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The built-in job behind ADF's Copy activity ({@code adf.Copy}): executes the {@link CopyPlan} given
 * as {@code --plan <json>} with {@link FileCopy}, between the store named by conf {@value
 * #CONF_SOURCE_CONNECTION_STRING} and the one named by {@value #CONF_SINK_CONNECTION_STRING} (local
 * folder store root for {@code UseLocalStore=true}: {@link JobSpec#CONF_STORAGE_LOCAL_ROOT}). Both
 * keys hold secrets and are masked wherever the job's conf is shown. Conf {@code adf.copy.serverSide} ({@code
 * auto} or {@code never}) and the stores' retry policy ({@link dev.adf.engine.storage.StorageRetry}) as for the
 * blob copy job.
 *
 * <p>The log gets the plan's two sides (never a connection string), the chosen method and, as its
 * last line, the outcome ({@link CopyOutcome#toLogLine}), which the Copy activity reads back into
 * the attempt's history.
 *
 * <p>Fails (so the job is FAILED, the message in its log) on a malformed plan or conf, a source that
 * selects no file ({@link NoSourceFilesException}), or the first failed read or write.
 */
public final class FileCopyJob implements EngineJob {

  /** Conf key: connection string of the source store. */
  public static final String CONF_SOURCE_CONNECTION_STRING = "spark.adf.secret.copySourceConnectionString";

  /** Conf key: connection string of the sink store. */
  public static final String CONF_SINK_CONNECTION_STRING = "spark.adf.secret.copySinkConnectionString";

  /** The argument before the plan's JSON. */
  public static final String PLAN_ARG = "--plan";

  /** The job's arguments for a plan. */
  public static List<String> arguments(CopyPlan plan) {
    return List.of(PLAN_ARG, plan.toJson());
  }

  @Override
  public int run(JobContext context) throws Exception {
    List<String> args = context.args();
    int at = args.indexOf(PLAN_ARG);
    if (at < 0 || at + 1 >= args.size()) {
      throw new IllegalArgumentException("the copy job needs " + PLAN_ARG + " <json>, as the Copy activity passes it");
    }
    CopyPlan plan = CopyPlan.fromJson(args.get(at + 1));
    Map<String, String> conf = context.conf();
    String root = conf.get(JobSpec.CONF_STORAGE_LOCAL_ROOT);
    Path localRoot = root == null ? null : Path.of(root);
    String sourceCs = required(conf, CONF_SOURCE_CONNECTION_STRING, "source");
    String sinkCs = required(conf, CONF_SINK_CONNECTION_STRING, "sink");
    boolean same = sourceCs.equals(sinkCs);
    StorageRetry retry = StorageRetry.fromConf(conf);
    try (BlobStore source = BlobStores.open(sourceCs, localRoot, retry);
        BlobStore sink = same ? null : BlobStores.open(sinkCs, localRoot, retry)) {
      BlobStore target = same ? source : sink;
      context.log().println("copy from " + plan.source().label() + " on " + source.describe() + " to "
          + plan.sink().label() + " on " + target.describe() + ": " + plan.copyBehavior().adfName() + ", "
          + plan.method().label());
      BlobCopier copier = BlobCopier.builder().serverSide(dev.adf.engine.copy.ServerSide.parse(
          conf.getOrDefault(dev.adf.engine.copy.BlobCopyJob.CONF_SERVER_SIDE, "auto"))).build();
      CopyOutcome outcome = new FileCopy(copier)
          .run(plan, source, target, same, context::isStopRequested, context.log()::println);
      context.log().println("copy done: " + outcome.summary());
      context.log().println(outcome.toLogLine());
    }
    return 0;
  }

  private static String required(Map<String, String> conf, String key, String side) {
    String v = conf.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("job conf " + key + " is not set: the copy needs the " + side
          + " store's connection string");
    }
    return v;
  }
}
