package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.EntityKind.member;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/**
 * Recognises the 2014 preview format (adf-v1-semantics §1: {@code properties.location}, linked service
 * types such as {@code AzureStorageLinkedService} with settings directly under properties, activity
 * {@code transformation}), which is not supported: one ERROR per file saying how to rewrite it, instead
 * of a flood of unknown keys.
 */
final class PreviewFormat {

  /** Preview linked service type → GA type (§1). */
  private static final Map<String, String> LINKED_SERVICE_TYPES = Map.of(
      "azurestoragelinkedservice", "AzureStorage",
      "azuresqllinkedservice", "AzureSqlDatabase",
      "hdinsightbyoclinkedservice", "HDInsight",
      "hdinsightondemandlinkedservice", "HDInsightOnDemand",
      "onpremisessqllinkedservice", "OnPremisesSqlServer");

  private PreviewFormat() {}

  /** The pointer and message of the preview-format problem, or null when {@code root} is not preview format. */
  static Map.Entry<String, String> problem(JsonNode root) {
    JsonNode properties = member(root, "properties");
    if (properties == null || !properties.isObject()) {
      return null;
    }
    if (member(properties, "location") != null) {
      return Map.entry("/properties/location", "2014 preview format (properties.location) is not supported;"
          + " rewrite as \"type\" (e.g. AzureBlob) + \"typeProperties\" + \"linkedServiceName\" (adf-v1-semantics §1)");
    }
    JsonNode type = member(properties, "type");
    String ga = type == null ? null : LINKED_SERVICE_TYPES.get(type.asText().toLowerCase(Locale.ROOT));
    if (ga != null) {
      return Map.entry("/properties/type", "2014 preview linked service type '" + type.asText()
          + "' is not supported; use type '" + ga + "' with its settings under \"typeProperties\" (§1)");
    }
    JsonNode activities = member(properties, "activities");
    if (activities != null && activities.isArray()) {
      for (int i = 0; i < activities.size(); i++) {
        if (member(activities.get(i), "transformation") != null) {
          return Map.entry("/properties/activities/" + i + "/transformation", "2014 preview activity format"
              + " (transformation) is not supported; use a GA type (Copy, HDInsightHive, HDInsightMapReduce,"
              + " DotNetActivity…) with \"typeProperties\" (§1)");
        }
      }
    }
    return null;
  }
}
