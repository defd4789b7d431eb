package dev.adf.orchestrator.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.adf.orchestrator.definition.TimeSpan;
import dev.adf.orchestrator.validation.JsonPointers;
import dev.adf.orchestrator.validation.Secrets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One walk of {@link TypeCatalog#check}; rules in the {@link TypeCatalog} Javadoc. */
final class Checker {

  private static final Pattern INTEGER_TEXT = Pattern.compile("\\s*[+-]?\\d+\\s*");
  private static final Pattern NUMBER_TEXT = Pattern.compile("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*");

  private final TypeCatalog catalog;
  private final ProblemSink sink;

  Checker(TypeCatalog catalog, ProblemSink sink) {
    this.catalog = catalog;
    this.sink = sink;
  }

  /** A member found ignoring case: the key as spelled in the file, and its value. */
  private record Member(String key, JsonNode value) {}

  private static Optional<Member> member(JsonNode object, String key) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isNull()) {
        return Optional.of(new Member(e.getKey(), e.getValue()));
      }
    }
    return Optional.empty();
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }

  void checkEntity(Category c, JsonNode properties, String pointer) {
    if (absent(properties) || !properties.isObject()) {
      sink.error(pointer, "the " + c.label() + " has no properties object; write {\"type\": …, \"typeProperties\": {…}}");
      return;
    }
    Optional<Member> type = member(properties, "type");
    if (type.isEmpty() || !type.get().value().isTextual()) {
      sink.error(
          type.map(m -> JsonPointers.child(pointer, m.key())).orElse(pointer),
          "the " + c.label() + " has no text \"type\"; write e.g. \"type\": \"" + catalog.names(c).get(0)
              + "\" (known: " + String.join(", ", catalog.names(c)) + ")");
      return;
    }
    Optional<Member> tp = member(properties, "typeProperties");
    String tpPointer = JsonPointers.child(pointer, tp.map(Member::key).orElse("typeProperties"));
    Optional<TypeSpec> spec = catalog.find(c, type.get().value().asText());
    if (spec.isEmpty()) {
      unknownType(c, type.get().value().asText(), JsonPointers.child(pointer, type.get().key()));
      return;
    }
    checkTypeProperties(spec.get(), tp.map(Member::value).orElse(null), tpPointer);
  }

  void checkTyped(Category c, String type, JsonNode typeProperties, String pointer) {
    Optional<TypeSpec> spec = catalog.find(c, type);
    if (spec.isEmpty()) {
      unknownType(c, type, pointer);
      return;
    }
    checkTypeProperties(spec.get(), typeProperties, pointer);
  }

  private void checkTypeProperties(TypeSpec spec, JsonNode node, String pointer) {
    String what = spec.name() + " " + spec.category().label();
    boolean nested = isNested(spec.category());
    String label = nested ? "the " + what : "typeProperties of the " + what;
    if (absent(node)) {
      if (!spec.shape().requiredGroups().isEmpty()) {
        List<String> first = spec.shape().requiredGroups().get(0);
        sink.error(pointer, label + " is missing; it needs " + describeGroups(spec.shape())
            + ", e.g. {" + exampleMember(first.get(first.size() - 1), spec.shape()) + "}");
      }
      return;
    }
    if (!node.isObject()) {
      sink.error(pointer, label + " is " + Secrets.show(pointer, node) + "; expected a JSON object {…}");
      return;
    }
    checkObject(spec.shape(), label, node, pointer, nested);
  }

  private static boolean isNested(Category c) {
    return c != Category.LINKED_SERVICE && c != Category.DATASET && c != Category.ACTIVITY;
  }

  private void unknownType(Category c, String type, String pointer) {
    List<String> known = catalog.names(c);
    String hint =
        catalog.legacyName(type)
            .map(g -> "'" + type + "' is the 2014 preview name; ADF v1 GA calls it '" + g + "'. ")
            .or(() -> Names.closest(type, known).map(g -> "Did you mean '" + g + "'? "))
            .orElse("");
    sink.error(pointer, "unknown " + c.label() + " type '" + type + "'. " + hint
        + "Known " + c.label() + " types: " + String.join(", ", known) + ".");
  }

  /** Checks keys of an object against a shape; {@code typed} objects may also hold their own {@code type}. */
  private void checkObject(ObjectShape shape, String label, JsonNode object, String pointer, boolean typed) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String childPointer = JsonPointers.child(pointer, e.getKey());
      Optional<KeySpec> key = shape.key(e.getKey());
      if (key.isPresent()) {
        checkValue(key.get().kind(), e.getValue(), childPointer, key.get().name());
      } else if (!(typed && e.getKey().equalsIgnoreCase("type"))) {
        String suggestion = Names.closest(e.getKey(), shape.keyNames()).map(k -> " Did you mean '" + k + "'?").orElse("");
        sink.warning(childPointer, "unknown key '" + e.getKey() + "' in " + label + "; ADF ignores it." + suggestion
            + (shape.keys().isEmpty() ? " This type has no documented keys." : " Known keys: " + String.join(", ", shape.keyNames()) + "."));
      }
    }
    for (List<String> group : shape.requiredGroups()) {
      if (group.stream().noneMatch(k -> member(object, k).isPresent())) {
        String example = exampleMember(group.get(group.size() == 1 ? 0 : group.size() - 1), shape);
        String needs = group.size() == 1 ? "required key '" + group.get(0) + "'" : "one of " + quoted(group);
        sink.error(pointer, label + " is missing " + needs + "; add e.g. " + example);
      }
    }
  }

  private void checkValue(ValueKind kind, JsonNode value, String pointer, String key) {
    if (value.isNull()) {
      return;
    }
    if (kind.scalar() && value.isTextual() && value.asText().startsWith("$$")) {
      return; // ADF expression, checked elsewhere
    }
    if (kind instanceof ValueKind.Text) {
      expect(value.isValueNode(), kind, value, pointer, key);
    } else if (kind instanceof ValueKind.Integer) {
      expect(
          (value.isNumber() && value.canConvertToExactIntegral())
              || (value.isTextual() && INTEGER_TEXT.matcher(value.asText()).matches()),
          kind, value, pointer, key);
    } else if (kind instanceof ValueKind.Number) {
      expect(
          value.isNumber() || (value.isTextual() && NUMBER_TEXT.matcher(value.asText()).matches()),
          kind, value, pointer, key);
    } else if (kind instanceof ValueKind.Bool) {
      expect(
          value.isBoolean()
              || (value.isTextual() && List.of("true", "false").contains(value.asText().strip().toLowerCase(Locale.ROOT))),
          kind, value, pointer, key);
    } else if (kind instanceof ValueKind.TimeSpanText) {
      expect(value.isTextual() && isTimeSpan(value.asText()), kind, value, pointer, key);
    } else if (kind instanceof ValueKind.Enum en) {
      boolean ok = value.isTextual() && en.values().stream().anyMatch(v -> v.equalsIgnoreCase(value.asText().strip()));
      if (!ok) {
        String hint = value.isTextual()
            ? Names.closest(value.asText(), en.values()).map(v -> " Did you mean '" + v + "'?").orElse("") : "";
        sink.error(pointer, "'" + key + "' is " + Secrets.show(pointer, value) + "; expected " + kind.form() + "." + hint);
      }
    } else if (kind instanceof ValueKind.AnyObject) {
      expect(value.isObject(), kind, value, pointer, key);
    } else if (kind instanceof ValueKind.AnyArray) {
      expect(value.isArray(), kind, value, pointer, key);
    } else if (kind instanceof ValueKind.ScalarMap) {
      if (expect(value.isObject(), kind, value, pointer, key)) {
        value.fields().forEachRemaining(e ->
            checkValue(new ValueKind.Text(), e.getValue(), JsonPointers.child(pointer, e.getKey()), key + "." + e.getKey()));
      }
    } else if (kind instanceof ValueKind.MapOf m) {
      if (expect(value.isObject(), kind, value, pointer, key)) {
        value.fields().forEachRemaining(e ->
            checkValue(m.value(), e.getValue(), JsonPointers.child(pointer, e.getKey()), key + "." + e.getKey()));
      }
    } else if (kind instanceof ValueKind.ArrayOf a) {
      if (expect(value.isArray(), kind, value, pointer, key)) {
        for (int i = 0; i < value.size(); i++) {
          checkValue(a.item(), value.get(i), JsonPointers.child(pointer, i), key + "[" + i + "]");
        }
      }
    } else if (kind instanceof ValueKind.Shape s) {
      if (expect(value.isObject(), kind, value, pointer, key)) {
        checkObject(catalog.shape(s.name()), "'" + key + "'", value, pointer, false);
      }
    } else if (kind instanceof ValueKind.Typed t) {
      if (expect(value.isObject(), kind, value, pointer, key)) {
        checkNestedTyped(t.category(), value, pointer, key);
      }
    }
    // ValueKind.Any: anything goes
  }

  private void checkNestedTyped(Category c, JsonNode value, String pointer, String key) {
    Optional<Member> type = member(value, "type");
    if (type.isEmpty() || !type.get().value().isTextual()) {
      sink.error(type.map(m -> JsonPointers.child(pointer, m.key())).orElse(pointer),
          "'" + key + "' needs a text \"type\", e.g. \"type\": \"" + catalog.names(c).get(0)
              + "\" (known " + c.label() + " types: " + String.join(", ", catalog.names(c)) + ")");
      return;
    }
    String name = type.get().value().asText();
    Optional<TypeSpec> spec = catalog.find(c, name);
    if (spec.isEmpty()) {
      unknownType(c, name, JsonPointers.child(pointer, type.get().key()));
      return;
    }
    checkObject(spec.get().shape(), "'" + key + "' (" + spec.get().name() + ")", value, pointer, true);
  }

  private boolean expect(boolean ok, ValueKind kind, JsonNode value, String pointer, String key) {
    if (!ok) {
      sink.error(pointer, "'" + key + "' is " + Secrets.show(pointer, value) + "; expected " + kind.form() + ".");
    }
    return ok;
  }

  private static boolean isTimeSpan(String text) {
    try {
      TimeSpan.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String exampleMember(String key, ObjectShape shape) {
    ValueKind kind = shape.key(key).map(KeySpec::kind).orElse(new ValueKind.Text());
    JsonNode example = catalog.example(key).orElseGet(() -> defaultExample(kind));
    return "\"" + key + "\": " + example;
  }

  private JsonNode defaultExample(ValueKind kind) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (kind instanceof ValueKind.Integer || kind instanceof ValueKind.Number) {
      return f.numberNode(1);
    } else if (kind instanceof ValueKind.Bool) {
      return f.booleanNode(true);
    } else if (kind instanceof ValueKind.TimeSpanText) {
      return f.textNode("01:00:00");
    } else if (kind instanceof ValueKind.Enum e) {
      return f.textNode(e.values().get(0));
    } else if (kind instanceof ValueKind.ArrayOf a) {
      return f.arrayNode().add(defaultExample(a.item()));
    } else if (kind instanceof ValueKind.Typed t) {
      return f.objectNode().put("type", catalog.names(t.category()).get(0));
    } else if (kind instanceof ValueKind.AnyArray) {
      return f.arrayNode();
    } else if (kind.scalar()) {
      return f.textNode("…");
    }
    return f.objectNode();
  }

  private String describeGroups(ObjectShape shape) {
    return shape.requiredGroups().stream()
        .map(g -> g.size() == 1 ? "'" + g.get(0) + "'" : "one of " + quoted(g))
        .collect(Collectors.joining(", "));
  }

  private static String quoted(List<String> keys) {
    return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(" or "));
  }
}
