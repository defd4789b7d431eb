package dev.adf.orchestrator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every GA linked service, dataset and pipeline of the real-world corpus ({@code
 * shared/corpus/adfv1}, manifest.json) passes {@link TypeCatalog#checkEntity} without errors.
 */
class CatalogCorpusTest {

  /** Per manifest.json: format "ga", kind linkedservice/dataset/pipeline, stored, not parse:invalid. */
  private static final int EXPECTED_FILES = 251;

  /**
   * GA files that truly violate ADF v1 (all carry the "placeholders" quirk: unfinished templates).
   * Stored path → reason.
   */
  private static final Map<String, String> EXCLUDED = Map.of();

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .build();

  private final TypeCatalog catalog = TypeCatalog.adfV1();

  @Test
  void everyGaFileOfTheCorpusChecksWithoutErrors() throws IOException {
    Path corpus = findCorpus();
    assumeTrue(corpus != null, "shared/corpus/adfv1 not found above the working directory");
    JsonNode manifest = LENIENT.readTree(corpus.resolve("manifest.json").toFile());
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    List<String> warnings = new ArrayList<>();
    for (JsonNode record : manifest) {
      if (!selected(record)) {
        continue;
      }
      String stored = record.get("stored").asText();
      checked++;
      if (EXCLUDED.containsKey(stored)) {
        assertThat(quirks(record)).as("excluded file %s must be a placeholders file", stored).contains("placeholders");
        continue;
      }
      Recorded problems = new Recorded();
      checkFile(record.get("kind").asText(), parse(corpus.resolve(stored)), problems);
      soft.assertThat(problems.errors()).as("errors in %s", stored).isEmpty();
      problems.warnings().forEach(w -> warnings.add(stored + ": " + w));
    }
    warnings.forEach(System.out::println);
    soft.assertThat(checked).as("GA files checked").isEqualTo(EXPECTED_FILES);
    soft.assertAll();
  }

  private static boolean selected(JsonNode record) {
    return "ga".equals(record.path("format").asText())
        && Set.of("linkedservice", "dataset", "pipeline").contains(record.path("kind").asText())
        && record.hasNonNull("stored")
        && !quirks(record).contains("parse:invalid");
  }

  private static List<String> quirks(JsonNode record) {
    List<String> out = new ArrayList<>();
    record.path("quirks").forEach(q -> out.add(q.asText()));
    return out;
  }

  private void checkFile(String kind, JsonNode root, Recorded problems) {
    Member properties = member(root, "properties", "");
    switch (kind) {
      case "linkedservice" -> catalog.checkEntity(Category.LINKED_SERVICE, properties.value(), properties.pointer(), problems);
      case "dataset" -> catalog.checkEntity(Category.DATASET, properties.value(), properties.pointer(), problems);
      default -> {
        Member activities = member(properties.value(), "activities", properties.pointer());
        for (int i = 0; i < activities.value().size(); i++) {
          catalog.checkEntity(Category.ACTIVITY, activities.value().get(i), activities.pointer() + "/" + i, problems);
        }
      }
    }
  }

  private record Member(JsonNode value, String pointer) {}

  private static Member member(JsonNode object, String key, String parent) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(key)) {
        return new Member(e.getValue(), parent + "/" + e.getKey());
      }
    }
    throw new AssertionError("no '" + key + "' under " + (parent.isEmpty() ? "the root" : parent));
  }

  private static JsonNode parse(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return LENIENT.readTree(text);
  }

  /** Walks up from the working directory to the first {@code shared/corpus/adfv1}; null if none. */
  static Path findCorpus() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus/adfv1");
      if (Files.isRegularFile(candidate.resolve("manifest.json"))) {
        return candidate;
      }
    }
    return null;
  }
}
