package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every expression in the shared corpus of real ADF v1 JSON ({@code shared/corpus/adfv1}) parses
 * and evaluates against one daily slice, and every {@code partitionedBy} resolves its folderPath
 * and fileName. Collected: each string value starting with {@code $$}, each {@code
 * startTime}/{@code endTime} of an activity input, each {@code partitionedBy} array.
 */
class AdfV1CorpusExpressionsTest {
  private static final SliceVariables SLICE =
      SliceVariables.of(Instant.parse("2016-07-12T00:00:00Z"), Instant.parse("2016-07-13T00:00:00Z"));

  /**
   * Values known not to evaluate, with the reason. Empty: the values with placeholders such as
   * {@code <storageaccountname>} or {@code <tablename>} keep them inside string literals, so they
   * parse and evaluate like any other text.
   */
  private static final Set<String> EXCLUDED = Set.of();

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .build();

  private final List<String> expressions = new ArrayList<>();
  private final List<String> dependencies = new ArrayList<>();
  private final List<JsonNode> partitioned = new ArrayList<>();

  @Test
  void everyCorpusExpressionParsesAndEvaluates() throws IOException {
    Path corpus = findCorpus();
    assumeTrue(corpus != null, "shared/corpus/adfv1 is not present above the working directory");
    int parsedFiles = 0;
    try (Stream<Path> files = Files.walk(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode tree = read(file);
        if (tree != null) {
          parsedFiles++;
          collect(tree);
        }
      }
    }
    List<String> failures = new ArrayList<>();
    int evaluated = 0;
    for (String text : expressions) {
      if (EXCLUDED.contains(text)) {
        continue;
      }
      try {
        Expressions.evaluateText(text, SLICE);
        evaluated++;
      } catch (ExpressionException e) {
        failures.add(e.getMessage());
      }
    }
    for (String text : dependencies) {
      try {
        Expressions.evaluateDateTime(text, SLICE);
      } catch (ExpressionException e) {
        failures.add(e.getMessage());
      }
    }
    int resolvedPaths = 0;
    for (JsonNode typeProperties : partitioned) {
      try {
        PartitionedBy p = PartitionedBy.parse(member(typeProperties, "partitionedBy"));
        for (String key : List.of("folderPath", "fileName")) {
          JsonNode path = member(typeProperties, key);
          if (path != null && path.isTextual()) {
            p.resolve(path.textValue(), SLICE);
            resolvedPaths++;
          }
        }
      } catch (ExpressionException e) {
        failures.add(e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(parsedFiles).isGreaterThan(400);
    assertThat(evaluated).isGreaterThanOrEqualTo(100);
    assertThat(partitioned).hasSizeGreaterThanOrEqualTo(40);
    assertThat(resolvedPaths).isGreaterThanOrEqualTo(60);
    // The corpus has no custom input dependencies (startTime/endTime); they are covered by
    // ExpressionsTest. The list is collected so that new corpus files are checked too.
    assertThat(dependencies).allSatisfy(d -> assertThat(d).isNotBlank());
  }

  private static Path findCorpus() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus/adfv1");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static JsonNode read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    try (JsonParser parser = LENIENT.createParser(text)) {
      return LENIENT.readTree(parser);
    } catch (IOException e) {
      return null; // not JSON even leniently (templates, fragments): skipped
    }
  }

  private void collect(JsonNode node) {
    if (node == null) {
      return;
    }
    if (node.isTextual() && Expressions.isExpression(node.textValue())) {
      expressions.add(node.textValue());
    }
    if (node.isObject()) {
      if (member(node, "partitionedBy") != null && member(node, "partitionedBy").isArray()) {
        partitioned.add(node);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equalsIgnoreCase("inputs") && e.getValue().isArray()) {
          for (JsonNode input : e.getValue()) {
            for (String key : List.of("startTime", "endTime")) {
              JsonNode v = member(input, key);
              if (v != null && v.isTextual()) {
                dependencies.add(v.textValue());
              }
            }
          }
        }
        collect(e.getValue());
      }
    }
    if (node.isArray()) {
      node.forEach(this::collect);
    }
  }

  private static JsonNode member(JsonNode node, String key) {
    return dev.adf.activities.AdfJson.member(node, key);
  }
}
