package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A deployed linked service as activities see it, environment config already applied.
 *
 * @param name its name
 * @param type its ADF type ({@code AzureStorage}, {@code HDInsight}, …)
 * @param typeProperties its {@code typeProperties}; may hold secrets, never log it
 */
public record LinkedServiceInfo(String name, String type, JsonNode typeProperties) {

  /** A text property of typeProperties matched case-insensitively, or null. */
  public String text(String property) {
    JsonNode v = AdfJson.member(typeProperties, property);
    return v != null && v.isValueNode() ? v.asText() : null;
  }

  /** The linked service named {@code name} in {@code byName}, matched case-insensitively as ADF v1 does. */
  public static java.util.Optional<LinkedServiceInfo> find(java.util.Map<String, LinkedServiceInfo> byName, String name) {
    if (name == null) {
      return java.util.Optional.empty();
    }
    return byName.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(java.util.Map.Entry::getValue)
        .findFirst();
  }

  @Override
  public String toString() {
    return "LinkedService[" + name + ", " + type + "]";
  }
}
