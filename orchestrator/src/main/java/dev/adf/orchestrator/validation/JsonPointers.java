package dev.adf.orchestrator.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** RFC 6901 JSON pointers: building, splitting, and rendering as JSONPath. */
public final class JsonPointers {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]*");

  private JsonPointers() {}

  /** {@code parent} plus one key or index, escaped ({@code ~} as {@code ~0}, {@code /} as {@code ~1}). */
  public static String child(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String parent, int index) {
    return parent + "/" + index;
  }

  /** The unescaped segments; {@code ""} has none. */
  public static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer == null || pointer.isEmpty()) {
      return out;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  /** {@code /a/0/b c} as {@code $.a[0]['b c']}. Digit-only segments are rendered as indexes. */
  public static String toJsonPath(String pointer) {
    StringBuilder out = new StringBuilder("$");
    for (String segment : segments(pointer)) {
      if (INDEX.matcher(segment).matches()) {
        out.append('[').append(segment).append(']');
      } else if (IDENTIFIER.matcher(segment).matches()) {
        out.append('.').append(segment);
      } else {
        out.append("['").append(segment.replace("\\", "\\\\").replace("'", "\\'")).append("']");
      }
    }
    return out.toString();
  }
}
