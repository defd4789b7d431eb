package dev.adf.activities.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.activities.Activity;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityDefinition;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.DeployProblem;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.activities.hdinsight.DebugInfo;
import dev.adf.activities.hdinsight.HDInsightMapReduceActivity;
import dev.adf.activities.hdinsight.LivyBatchRun;
import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.JobSpec;
import dev.adf.engine.filecopy.CopyOutcome;
import dev.adf.engine.filecopy.CopyPlan;
import dev.adf.engine.filecopy.FileCopyJob;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyBatches;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * ADF's {@code Copy} activity between file stores (AzureBlob, FileShare), run as the built-in
 * engine's {@code adf.Copy} job ({@link FileCopyJob}) through the same Livy batch API as the
 * launchers, so engine capacity, the policy timeout (the batch is deleted and its job killed), crash
 * resume by the batch name, logs and the run history work as for them. Sources: ADF v1 "Copy
 * Activity", "Data movement activities", "Azure Blob connector", "File System connector", "Supported
 * file and compression formats".
 *
 * <p>What a definition may hold, and what it means, is {@link CopySpec}; the checks run at deploy
 * ({@link #check}), so what this type cannot run is refused before any window. For each attempt the
 * datasets are resolved for the slice (folderPath, fileName, fileFilter with partitionedBy or {@code
 * $$} expressions, .NET date formats), turned into a {@link CopyPlan}, and submitted with the two
 * stores' connection strings in the batch's secret conf. Generated names use {@code Data.<guid>},
 * the guid derived from (pipeline, activity, WindowStart), the same for every attempt of a window.
 *
 * <p>Outcome: success with ADF's copy outcome ({@link CopyOutcome}: dataRead, dataWritten,
 * filesRead, filesWritten, rowsRead, rowsCopied, throughput, duration, copyBehavior, method) as the
 * attempt's output; a failed job fails the attempt with its root cause (for an empty source, {@code
 * UserErrorSourceBlobNotExist … BlobCount: 0} with the resolved path), retryable; a definition that
 * cannot be resolved for the slice fails permanently.
 */
public final class CopyActivity implements Activity {

  /** The ADF activity type this class runs. */
  public static final String TYPE = "Copy";

  /** Heap of the copy job's JVM: codec buffers and one text record per file in flight. */
  static final String DRIVER_MEMORY = "512m";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public List<DeployProblem> check(ActivityDefinition d) {
    List<DeployProblem> problems = new ArrayList<>();
    CopySpec.read(d.activityName(), d.typeProperties(), d.inputs(), d.outputs(), d::linkedService, d.fileShareRoots(),
        problems::add);
    return problems;
  }

  @Override
  public ActivityOutcome run(ActivityContext ctx) throws InterruptedException {
    List<DeployProblem> problems = new ArrayList<>();
    Optional<CopySpec> read = CopySpec.read(ctx.activityName(), ctx.typeProperties(), ctx.inputs(), ctx.outputs(),
        ctx::linkedService, ctx.fileShareRoots(), problems::add);
    if (read.isEmpty()) {
      return ActivityOutcome.failedPermanently(problems.stream().filter(DeployProblem::error).findFirst()
          .map(DeployProblem::message).orElse("the Copy activity cannot run as defined"));
    }
    problems.stream().filter(p -> !p.error()).forEach(p -> ctx.log().debug("{}", p.message()));
    CopySpec spec = read.get();
    SliceVariables slice = SliceVariables.of(ctx.windowStart(), ctx.windowEnd());
    FileDataset.Resolved source;
    FileDataset.Resolved sink;
    CopyPlan plan;
    try {
      source = spec.source.resolve(slice, spec.recursive, linked(ctx, spec.source), ctx.fileShareRoots(),
          spec.sourceFormat);
      sink = spec.sink.resolve(slice, false, linked(ctx, spec.sink), ctx.fileShareRoots(), spec.sinkFormat);
      plan = new CopyPlan(source.endpoint(), sink.endpoint(), spec.behavior, spec.method,
          generatedName(ctx), spec.parallelCopies);
    } catch (IllegalArgumentException | ExpressionException e) {
      return ActivityOutcome.failedPermanently("Copy activity '" + ctx.activityName() + "': " + e.getMessage());
    }
    ctx.log().info("copy {} -> {}: {}, {}", source.endpoint().label(), sink.endpoint().label(),
        plan.copyBehavior().adfName(), plan.method().label());
    LivyBatches batches;
    try {
      batches = ctx.engines().builtIn();
    } catch (IllegalStateException e) {
      return ActivityOutcome.failedPermanently(e.getMessage());
    }
    return new LivyBatchRun(ctx, batches, DebugInfo.ALWAYS, lines -> {})
        .withOutput(CopyActivity::output)
        .run(request(ctx, plan, source.connectionString(), sink.connectionString()));
  }

  /** The batch of one attempt: the built-in copy job, the plan as its arguments, the stores in secret conf. */
  static CreateBatchRequest request(ActivityContext ctx, CopyPlan plan, String sourceConnection, String sinkConnection) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(FileCopyJob.CONF_SOURCE_CONNECTION_STRING, sourceConnection);
    conf.put(FileCopyJob.CONF_SINK_CONNECTION_STRING, sinkConnection);
    if (ctx.localStoreRoot() != null) {
      conf.put(JobSpec.CONF_STORAGE_LOCAL_ROOT, ctx.localStoreRoot().toString());
    }
    return new CreateBatchRequest("builtin:" + BuiltInJobs.FILE_COPY, null, BuiltInJobs.FILE_COPY,
        FileCopyJob.arguments(plan), null, null, null, null, DRIVER_MEMORY, null, null, null, null, null,
        HDInsightMapReduceActivity.batchName(ctx.idempotencyKey()), conf);
  }

  /** {@code Data.<guid>}, the guid a name-based UUID of (pipeline, activity, WindowStart). */
  static String generatedName(ActivityContext ctx) {
    String key = ctx.pipelineName() + "/" + ctx.activityName() + "/" + ctx.windowStart();
    return "Data." + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The copy outcome the job printed last, as the attempt's output; null when the log holds none. */
  static JsonNode output(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      Optional<CopyOutcome> o = CopyOutcome.fromLogLine(lines.get(i));
      if (o.isPresent()) {
        com.fasterxml.jackson.databind.node.ObjectNode n = JSON.valueToTree(o.get());
        n.put("throughputMBps", Math.round(o.get().throughputMBps() * 1000) / 1000.0);
        return n;
      }
    }
    return null;
  }

  private static LinkedServiceInfo linked(ActivityContext ctx, FileDataset d) {
    return ctx.linkedService(d.info.linkedServiceName()).orElseThrow(() -> new IllegalArgumentException(
        "linked service '" + d.info.linkedServiceName() + "' of dataset '" + d.info.name() + "' is not deployed"));
  }
}
