package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An activity as a deploy sees it, for {@link Activity#check}: its definition and the datasets and
 * linked services it names, environment config applied, before any window.
 *
 * @param pipelineName the pipeline
 * @param activityName the activity
 * @param typeProperties the activity's {@code typeProperties} (never null; an empty object when absent)
 * @param inputs the input datasets, in order (unknown names left out: validation reports them)
 * @param outputs the output datasets, in order
 * @param linkedServices every linked service of the factory by name; look up with {@link
 *     #linkedService(String)}, case-insensitively as ADF v1 does
 * @param fileShareRoots the folders FileShare datasets may read and write ({@code
 *     fileShare.allowedRoots} in {@code conf/orchestrator.properties}), absolute and normalized
 */
public record ActivityDefinition(String pipelineName, String activityName, JsonNode typeProperties,
    List<DatasetInfo> inputs, List<DatasetInfo> outputs, Map<String, LinkedServiceInfo> linkedServices,
    List<Path> fileShareRoots) {

  /** The linked service named {@code name}, matched case-insensitively. */
  public Optional<LinkedServiceInfo> linkedService(String name) {
    return LinkedServiceInfo.find(linkedServices, name);
  }
}
