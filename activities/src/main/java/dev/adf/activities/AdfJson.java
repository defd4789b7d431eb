package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/** Reading ADF v1 JSON the way ADF v1 did: object keys matched case-insensitively. */
public final class AdfJson {
  private AdfJson() {}

  /** The member of an object whose key equals {@code key} ignoring case; null when absent or not an object. */
  public static JsonNode member(JsonNode node, String key) {
    String actual = key(node, key);
    return actual == null ? null : node.get(actual);
  }

  /**
   * The key of {@code node} that equals {@code key} ignoring case, spelled as in the document (for
   * JSON pointers and messages); null when absent or {@code node} is not an object.
   */
  public static String key(JsonNode node, String key) {
    if (node == null || !node.isObject()) {
      return null;
    }
    if (node.has(key)) {
      return key;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equalsIgnoreCase(key)) {
        return name;
      }
    }
    return null;
  }

  /** A member's text ({@link JsonNode#asText()}); null when absent or JSON null. */
  public static String text(JsonNode node, String key) {
    JsonNode v = member(node, key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
