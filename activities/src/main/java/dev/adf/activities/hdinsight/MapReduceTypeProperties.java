package dev.adf.activities.hdinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code typeProperties} of an {@code HDInsightMapReduce} activity. Source: ADF v1 "Invoke
 * MapReduce Programs from Data Factory" (className, jarFilePath, jarLinkedService, arguments,
 * defines, getDebugInfo).
 *
 * @param className the MapReduce program's main class (for the Spark sample: the launcher)
 * @param jarFilePath {@code container/path} of its jar in {@code jarLinkedService}
 * @param jarLinkedService the storage linked service holding the jar, or null for the cluster's
 * @param arguments the program's arguments, in order
 * @param defines Hadoop {@code -D} settings
 * @param getDebugInfo when the job log is kept (default {@link DebugInfo#DEFAULT})
 */
public record MapReduceTypeProperties(
    String className,
    String jarFilePath,
    String jarLinkedService,
    List<String> arguments,
    Map<String, String> defines,
    DebugInfo getDebugInfo) {

  public MapReduceTypeProperties {
    arguments = List.copyOf(arguments);
    defines = Map.copyOf(defines);
  }

  /**
   * Reads typeProperties, keys matched case-insensitively as ADF v1 does.
   *
   * @throws IllegalArgumentException naming the property when className is missing, a value has the
   *     wrong shape or getDebugInfo is not None, Always or Failure
   */
  public static MapReduceTypeProperties from(JsonNode typeProperties) {
    String className = text(typeProperties, "className");
    if (className == null || className.isBlank()) {
      throw new IllegalArgumentException(
          "typeProperties.className is required: the main class of the MapReduce program");
    }
    List<String> args = new ArrayList<>();
    JsonNode a = field(typeProperties, "arguments");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) {
        throw new IllegalArgumentException("typeProperties.arguments must be an array of strings");
      }
      a.forEach(n -> args.add(n.asText()));
    }
    Map<String, String> defines = new LinkedHashMap<>();
    JsonNode d = field(typeProperties, "defines");
    if (d != null && d.isObject()) {
      d.fields().forEachRemaining(e -> defines.put(e.getKey(), e.getValue().asText()));
    }
    DebugInfo debug = DebugInfo.parse(text(typeProperties, "getDebugInfo"), "typeProperties.getDebugInfo");
    return new MapReduceTypeProperties(
        className,
        text(typeProperties, "jarFilePath"),
        text(typeProperties, "jarLinkedService"),
        args,
        defines,
        debug);
  }

  private static JsonNode field(JsonNode node, String name) {
    return AdfJson.member(node, name);
  }

  private static String text(JsonNode node, String name) {
    return AdfJson.text(node, name);
  }
}
