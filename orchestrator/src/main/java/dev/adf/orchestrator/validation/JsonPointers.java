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

  /**
   * Paths with more segments than this are shown elided by {@link #toJsonPath}: the first {@value
   * #HEAD} segments, {@code …(N levels)…}, the last {@value #TAIL}.
   */
  public static final int MAX_SEGMENTS = 12;

  /** Keys longer than this are shown cut, with their length. */
  public static final int MAX_KEY = 64;

  static final int HEAD = 8;
  static final int TAIL = 2;

  /**
   * {@code /a/0/b c} as {@code $.a[0]['b c']}. Digit-only segments are rendered as indexes. A pointer of
   * more than {@link #MAX_SEGMENTS} segments (nesting that only hostile or broken input has) is elided
   * so that a message stays one readable line: {@code $.properties.activities[0].typeProperties.a.a.a.a
   * …(983 levels)….a.a}, N being the number of segments left out; a key longer than {@link #MAX_KEY}
   * characters is cut and its length given.
   */
  public static String toJsonPath(String pointer) {
    StringBuilder out = new StringBuilder("$");
    List<String> segments = segments(pointer);
    for (int i = 0; i < segments.size(); i++) {
      if (segments.size() > MAX_SEGMENTS && i == HEAD) {
        int skipped = segments.size() - HEAD - TAIL;
        out.append(String.format(java.util.Locale.ROOT, "…(%,d levels)…", skipped));
        i += skipped - 1;
        continue;
      }
      String segment = segments.get(i);
      if (segment.length() > MAX_KEY) {
        segment = segment.substring(0, MAX_KEY - 16) + String.format(java.util.Locale.ROOT, "…(%,d characters)",
            segment.length());
      }
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
