package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/**
 * The three kinds of ADF v1 entity, told apart by a file's content, never its folder or name:
 * {@code properties.activities} makes a pipeline (§4); {@code properties.availability}, or a top-level
 * {@code properties.linkedServiceName} with a type that is not a linked service type, makes a dataset
 * (§3); a known linked service {@code properties.type} (§2) makes a linked service.
 */
public enum EntityKind {
  LINKED_SERVICE("linked service"),
  DATASET("dataset"),
  PIPELINE("pipeline");

  /** Linked service types of the 2015-10-01 schema plus the 2014 preview names (§1, §2). */
  public static final Set<String> LINKED_SERVICE_TYPES = lower(Set.of(
      "AzureStorage", "AzureStorageSas", "HDInsight", "HDInsightOnDemand", "AzureSqlDatabase", "AzureSqlDW",
      "OnPremisesSqlServer", "AzureBatch", "AzureML", "AzureDataLakeStore", "AzureDataLakeAnalytics",
      "DocumentDb", "OnPremisesFileServer", "OnPremisesOracle", "OnPremisesPostgreSql", "OnPremisesMySql",
      "OnPremisesTeradata", "OnPremisesDb2", "OnPremisesSybase", "OnPremisesCassandra", "OnPremisesOdbc",
      "OnPremisesMongoDb", "Hdfs", "Web", "OData", "Salesforce", "CustomDataSource", "AmazonRedshift",
      "AmazonS3", "AzureSearch", "FtpServer", "Http", "Sftp", "AzureStorageLinkedService",
      "AzureSqlLinkedService", "HDInsightBYOCLinkedService", "HDInsightOnDemandLinkedService",
      "OnPremisesSqlLinkedService"));

  private final String label;

  EntityKind(String label) {
    this.label = label;
  }

  /** Lower-case words for messages: "linked service", "dataset", "pipeline". */
  public String label() {
    return label;
  }

  /** The kind of an entity document {@code {name, properties}}, or null when its content does not say. */
  public static EntityKind of(JsonNode root) {
    JsonNode properties = member(root, "properties");
    if (properties == null || !properties.isObject()) {
      return null;
    }
    if (member(properties, "activities") != null) {
      return PIPELINE;
    }
    JsonNode type = member(properties, "type");
    boolean linkedServiceType = type != null && LINKED_SERVICE_TYPES.contains(type.asText().toLowerCase(Locale.ROOT));
    if (member(properties, "availability") != null
        || (member(properties, "linkedServiceName") != null && !linkedServiceType)) {
      return DATASET;
    }
    return linkedServiceType ? LINKED_SERVICE : null;
  }

  /** A member of an object matched case-insensitively, as ADF v1 matched keys; null when absent. */
  public static JsonNode member(JsonNode node, String key) {
    return dev.adf.activities.AdfJson.member(node, key);
  }

  private static Set<String> lower(Set<String> names) {
    return Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
  }
}
