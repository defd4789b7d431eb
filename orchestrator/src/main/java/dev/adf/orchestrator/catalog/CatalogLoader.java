package dev.adf.orchestrator.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code /catalog/adf-v1-types.json} (format: see that file's {@code _about}). */
final class CatalogLoader {

  static final String RESOURCE = "/catalog/adf-v1-types.json";

  private CatalogLoader() {}

  static TypeCatalog load() {
    try (InputStream in = CatalogLoader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("catalog resource " + RESOURCE + " is not on the classpath");
      }
      return fromJson(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static TypeCatalog fromJson(JsonNode root) {
    Map<Category, List<TypeSpec>> types = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      List<TypeSpec> list = new ArrayList<>();
      for (JsonNode t : root.path("categories").path(c.name())) {
        list.add(new TypeSpec(c, t.get("type").asText(), t.path("source").asText(), shape(t)));
      }
      if (list.isEmpty()) {
        throw new IllegalStateException(RESOURCE + " has no types for " + c);
      }
      types.put(c, list);
    }
    Map<String, ObjectShape> shapes = new LinkedHashMap<>();
    root.path("shapes").fields().forEachRemaining(e -> shapes.put(e.getKey(), shape(e.getValue())));
    Map<String, JsonNode> examples = new LinkedHashMap<>();
    root.path("examples").fields().forEachRemaining(e -> examples.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    Map<String, String> legacy = new LinkedHashMap<>();
    root.path("legacyNames").fields().forEachRemaining(e -> legacy.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
    types.values().forEach(l -> l.forEach(t -> requireShapes(t.shape(), shapes)));
    shapes.values().forEach(s -> requireShapes(s, shapes));
    return new TypeCatalog(types, shapes, examples, legacy);
  }

  /** Fails at load time, not mid-check, when a kind names a shape the resource lacks. */
  private static void requireShapes(ObjectShape shape, Map<String, ObjectShape> shapes) {
    for (KeySpec k : shape.keys()) {
      ValueKind kind = k.kind();
      while (kind instanceof ValueKind.ArrayOf || kind instanceof ValueKind.MapOf) {
        kind = kind instanceof ValueKind.ArrayOf a ? a.item() : ((ValueKind.MapOf) kind).value();
      }
      if (kind instanceof ValueKind.Shape s && !shapes.containsKey(s.name())) {
        throw new IllegalStateException(RESOURCE + ": key " + k.name() + " names unknown shape " + s.name());
      }
    }
  }

  private static ObjectShape shape(JsonNode t) {
    List<KeySpec> keys = new ArrayList<>();
    t.path("keys").fields().forEachRemaining(e -> keys.add(new KeySpec(e.getKey(), ValueKind.parse(e.getValue().asText()))));
    List<List<String>> groups = new ArrayList<>();
    t.path("required").forEach(r -> groups.add(List.of(r.asText())));
    for (JsonNode g : t.path("oneOf")) {
      List<String> group = new ArrayList<>();
      g.forEach(k -> group.add(k.asText()));
      groups.add(group);
    }
    return new ObjectShape(keys, groups);
  }
}
