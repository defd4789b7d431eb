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

  @Override
  public String toString() {
    return "LinkedService[" + name + ", " + type + "]";
  }
}
