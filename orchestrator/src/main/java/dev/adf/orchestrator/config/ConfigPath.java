package dev.adf.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON path of an ADF v1 deployment-config entry: {@code $.properties.typeProperties.connectionString},
 * {@code $.properties.activities[0].typeProperties.arguments[3]}: dotted names and {@code [n]} indexes
 * only, keys matched case-insensitively (adf-v1-semantics §1).
 *
 * @param text the path as written
 * @param segments names (String) and indexes (Integer), in order; never empty
 */
public record ConfigPath(String text, List<Object> segments) {

  private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]");

  public ConfigPath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses {@code $.a.b[0].c}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static ConfigPath parse(String text) {
    if (text == null || !text.startsWith("$") || text.length() < 2) {
      throw invalid(text);
    }
    List<Object> segments = new ArrayList<>();
    Matcher m = SEGMENT.matcher(text);
    int at = 1;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw invalid(text);
      }
      segments.add(m.group(1) != null ? m.group(1).strip() : Integer.valueOf(m.group(2)));
      at = m.end();
    }
    return new ConfigPath(text, segments);
  }

  /**
   * Sets the value at this path in {@code root}: every element but the last must exist; the last is
   * replaced, or added when it is a key of an existing object.
   *
   * @return null when set, else why not (e.g. "$.properties.typeProperties has no key 'x'")
   */
  public String set(JsonNode root, JsonNode value) {
    JsonNode node = root;
    StringBuilder walked = new StringBuilder("$");
    for (int i = 0; i < segments.size(); i++) {
      Object segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (segment instanceof Integer index) {
        if (!(node instanceof ArrayNode array) || index >= array.size()) {
          return walked + (node instanceof ArrayNode a ? " has only " + a.size() + " elements" : " is not an array");
        }
        if (last) {
          array.set(index, value);
          return null;
        }
        node = array.get(index);
        walked.append('[').append(index).append(']');
      } else {
        String key = (String) segment;
        if (!(node instanceof ObjectNode object)) {
          return walked + " is not an object";
        }
        String actual = actualKey(object, key);
        if (last) {
          object.set(actual == null ? key : actual, value);
          return null;
        }
        if (actual == null) {
          return walked + " has no key '" + key + "'";
        }
        node = object.get(actual);
        walked.append('.').append(actual);
      }
    }
    return null;
  }

  /**
   * The JSON pointer of this path in {@code root}, with each key as {@code root} spells it (keys match
   * case-insensitively), e.g. {@code /properties/typeProperties/connectionString}; for a path {@link
   * #set} has set.
   */
  public String pointer(JsonNode root) {
    StringBuilder out = new StringBuilder();
    JsonNode node = root;
    for (Object segment : segments) {
      String name;
      if (segment instanceof Integer index) {
        name = index.toString();
        node = node == null ? null : node.get(index);
      } else {
        String key = (String) segment;
        String actual = node instanceof ObjectNode o ? actualKey(o, key) : null;
        name = actual == null ? key : actual;
        node = node == null ? null : node.get(name);
      }
      out.append('/').append(name.replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  private static String actualKey(ObjectNode object, String key) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equalsIgnoreCase(key)) {
        return name;
      }
    }
    return null;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("'" + text + "' is not a config path; write $.name.name[0].name,"
        + " e.g. $.properties.typeProperties.connectionString");
  }

  @Override
  public String toString() {
    return text;
  }
}
