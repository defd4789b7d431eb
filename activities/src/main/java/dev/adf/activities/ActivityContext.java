package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Everything an {@link Activity} gets for one attempt of one activity window.
 *
 * @param pipelineName the pipeline
 * @param activityName the activity
 * @param activityType the activity's ADF type (e.g. {@code HDInsightMapReduce})
 * @param windowStart WindowStart, inclusive, UTC
 * @param windowEnd WindowEnd, exclusive, UTC
 * @param attempt the attempt number, from 1
 * @param idempotencyKey unique per attempt, across homes too ({@code pipeline/activity/WindowStart/number/runId});
 *     the same when a crashed orchestrator resumes the attempt; pass it to the engine
 * @param typeProperties the activity's {@code typeProperties} after environment config (never null)
 * @param linkedService the activity's own linked service (the compute), if it names one
 * @param linkedServices every linked service of the factory, by name, matched case-insensitively
 *     through {@link #linkedService(String)}
 * @param inputs the input datasets, in order
 * @param outputs the output datasets, in order
 * @param localStoreRoot root folder of the local blob store, used by {@code UseLocalStore=true}
 *     connection strings
 * @param fileShareRoots the folders FileShare datasets may use ({@code fileShare.allowedRoots}),
 *     absolute and normalized; empty when none is allowed
 * @param engines finds the compute engine a compute linked service points to
 * @param listener receives the engine job as soon as it is submitted
 * @param log the attempt's logger
 */
public record ActivityContext(
    String pipelineName,
    String activityName,
    String activityType,
    Instant windowStart,
    Instant windowEnd,
    int attempt,
    String idempotencyKey,
    JsonNode typeProperties,
    Optional<LinkedServiceInfo> linkedService,
    Map<String, LinkedServiceInfo> linkedServices,
    List<DatasetInfo> inputs,
    List<DatasetInfo> outputs,
    java.nio.file.Path localStoreRoot,
    List<java.nio.file.Path> fileShareRoots,
    EngineResolver engines,
    AttemptListener listener,
    Logger log) {

  /** The linked service named {@code name}, matched case-insensitively as ADF v1 does. */
  public Optional<LinkedServiceInfo> linkedService(String name) {
    return LinkedServiceInfo.find(linkedServices, name);
  }
}
