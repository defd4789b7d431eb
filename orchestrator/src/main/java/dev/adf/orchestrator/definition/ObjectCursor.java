package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.validation.JsonPointers;
import dev.adf.orchestrator.validation.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the members of one JSON object with ADF's lenient rules: keys case-insensitive (§1), values
 * converted with a problem naming the value and the expected form, keys never asked for reported as
 * unknown (a WARNING, ARCHITECTURE "unknown keys are warnings"). A value that fails to convert reads
 * as null.
 */
final class ObjectCursor {
  private final ObjectNode node;
  private final String pointer;
  private final FileProblems problems;
  private final Set<String> known = new LinkedHashSet<>();

  ObjectCursor(ObjectNode node, String pointer, FileProblems problems) {
    this.node = node;
    this.pointer = pointer;
    this.problems = problems;
  }

  String pointer() {
    return pointer;
  }

  FileProblems problems() {
    return problems;
  }

  /** The pointer of {@code key}, spelled as in the file when present. */
  String pointerOf(String key) {
    String actual = actualKey(key);
    return JsonPointers.child(pointer, actual == null ? key : actual);
  }

  /** The raw value, or null when absent or JSON null. */
  JsonNode any(String key) {
    known.add(key);
    String actual = actualKey(key);
    JsonNode value = actual == null ? null : node.get(actual);
    return value == null || value.isNull() ? null : value;
  }

  /** Accepts keys without reading them ({@code $schema}, {@code published}, {@code hubName}). */
  void accept(String... keys) {
    known.addAll(Arrays.asList(keys));
  }

  String text(String key) {
    JsonNode v = any(key);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode() || v.isBoolean()) {
      return fail(key, v, "must be a text value");
    }
    return v.asText();
  }

  Integer integer(String key) {
    JsonNode v = any(key);
    if (v == null) {
      return null;
    }
    if (v.canConvertToInt() && v.isIntegralNumber()) {
      return v.intValue();
    }
    if (v.isTextual() && v.asText().strip().matches("-?\\d{1,9}")) {
      return Integer.valueOf(v.asText().strip());
    }
    return fail(key, v, "must be a whole number");
  }

  Boolean bool(String key) {
    JsonNode v = any(key);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && v.asText().strip().matches("(?i)true|false")) {
      return Boolean.valueOf(v.asText().strip());
    }
    return fail(key, v, "must be true or false");
  }

  ObjectCursor object(String key) {
    JsonNode v = any(key);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      return fail(key, v, "must be a JSON object {…}");
    }
    return new ObjectCursor((ObjectNode) v, pointerOf(key), problems);
  }

  /** The elements of an array member with their pointers, or null when absent. */
  List<Map.Entry<String, JsonNode>> array(String key) {
    JsonNode v = any(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      return fail(key, v, "must be a JSON array […]");
    }
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(Map.entry(JsonPointers.child(pointerOf(key), i), v.get(i)));
    }
    return out;
  }

  /** An enum value matched case-insensitively; the problem lists the allowed values. */
  <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.strip())) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    return fail(key, any(key), "must be one of " + allowed);
  }

  /** A .NET TimeSpan via {@link TimeSpan#parse}; negative values are refused when {@code nonNegative}. */
  Duration timeSpan(String key, boolean nonNegative) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    try {
      Duration d = TimeSpan.parse(text);
      if (nonNegative && d.isNegative()) {
        return fail(key, any(key), "must not be negative; write " + TimeSpan.FORM);
      }
      return d;
    } catch (IllegalArgumentException e) {
      return fail(key, any(key), "is not a TimeSpan; write " + TimeSpan.FORM
          + " (note: 24:00:00 means 24 days, adf-v1-semantics §1)");
    }
  }

  /**
   * An ISO-8601 date-time as a UTC instant (§1: UTC by default, offsets allowed): {@code
   * 2016-02-27T06:00:00-05:00}, {@code 2016-07-12T00:00:00Z}, {@code 2016-07-12T00:00:00} (UTC),
   * {@code 9999-09-09} (midnight UTC).
   */
  Instant instant(String key) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    Instant parsed = parseInstant(text.strip());
    if (parsed == null) {
      return fail(key, any(key),
          "is not an ISO-8601 date-time; write e.g. 2016-07-12T00:00:00Z or 2016-02-27T06:00:00-05:00");
    }
    if (parsed.isBefore(MIN_DATE_TIME) || parsed.isAfter(MAX_DATE_TIME)) {
      return fail(key, any(key), "is outside the years 0001-9999 that ADF (.NET DateTime) allows");
    }
    return parsed;
  }

  private static final Instant MIN_DATE_TIME = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_DATE_TIME = Instant.parse("9999-12-31T23:59:59Z");

  /** The instant of an ISO-8601 text with offset, local (UTC) or date only; null when it is none of them. */
  private static Instant parseInstant(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          return null;
        }
      }
    }
  }

  /** Reports every member never asked for as an unknown key (a WARNING). */
  void warnUnknown(String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.stream().noneMatch(name::equalsIgnoreCase)) {
        problems.warning(JsonPointers.child(pointer, name),
            "unknown key '" + name + "' in " + where + " is ignored; known keys: " + String.join(", ", known));
      }
    }
  }

  private String actualKey(String key) {
    return AdfJson.key(node, key);
  }

  /** Reports a bad value; returns null. */
  private <T> T fail(String key, JsonNode value, String what) {
    String at = pointerOf(key);
    problems.error(at, key + " " + Secrets.show(at, value) + " " + what);
    return null;
  }
}
