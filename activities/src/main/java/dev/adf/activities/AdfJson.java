package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Reading ADF v1 JSON the way ADF v1 did: object keys matched case-insensitively. */
public final class AdfJson {
  private AdfJson() {}

  /** The member of an object whose key equals {@code key} ignoring case; null when absent or not an object. */
  public static JsonNode member(JsonNode node, String key) {
    if (node == null || !node.isObject()) {
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
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
