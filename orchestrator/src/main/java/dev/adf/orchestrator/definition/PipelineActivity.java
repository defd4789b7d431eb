package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One activity of a pipeline.
 *
 * @param name unique in its pipeline
 * @param type the ADF activity type ({@code HDInsightMapReduce}, …)
 * @param linkedServiceName the compute linked service, or null
 * @param typeProperties the type's properties, never null (an empty object when absent)
 * @param inputs names of its input datasets, in order
 * @param outputs names of its output datasets, in order (at least one)
 * @param policy its policy with defaults applied
 * @param scheduler its {@code scheduler}, or null to use the first output's availability
 * @param dependencies one per input, in the order of {@code inputs}, with its dependency period
 */
public record PipelineActivity(
    String name,
    String type,
    String linkedServiceName,
    JsonNode typeProperties,
    List<String> inputs,
    List<String> outputs,
    ActivityPolicy policy,
    Availability scheduler,
    List<InputDependency> dependencies) {

  public PipelineActivity {
    inputs = List.copyOf(inputs);
    dependencies = List.copyOf(dependencies);
    outputs = List.copyOf(outputs);
  }
}
