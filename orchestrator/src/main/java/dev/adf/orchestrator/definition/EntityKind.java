package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.orchestrator.catalog.Category;
import dev.adf.orchestrator.catalog.TypeCatalog;
import java.util.Locale;

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
    boolean linkedServiceType = type != null && isLinkedServiceType(type.asText());
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

  /**
   * True for a linked service type of the {@link TypeCatalog} (§2) or a 2014 preview name ({@code
   * …LinkedService}, §1), case-insensitively.
   */
  static boolean isLinkedServiceType(String type) {
    return TypeCatalog.adfV1().find(Category.LINKED_SERVICE, type).isPresent()
        || type.toLowerCase(Locale.ROOT).endsWith("linkedservice");
  }
}
