package dev.adf.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.definition.DefinitionLoader.Scope;
import dev.adf.orchestrator.validation.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's acceptance over the real corpus, per file against its manifest record ({@code
 * shared/corpus/adfv1/manifest.json}): every GA linked service, dataset and pipeline without a
 * placeholder, invalid-JSON or non-ISO-date quirk passes {@code validate --each} with no error; every
 * other file gets an error that names its cause and where it is.
 */
class CorpusManifestTest {

  /** Quirks that make a GA file invalid on purpose (issue 3 "Done when"). */
  private static final Set<String> BREAKING_QUIRKS =
      Set.of("placeholders", "parse:invalid", "non-iso-start", "non-iso-end");

  private static Path corpus;
  private static List<JsonNode> stored;

  @BeforeAll
  static void readManifest() throws IOException {
    corpus = TestFiles.corpus();
    JsonNode manifest = new ObjectMapper().readTree(corpus.resolve("manifest.json").toFile());
    stored = new ArrayList<>();
    manifest.forEach(r -> {
      if (r.path("stored").isTextual()) {
        stored.add(r);
      }
    });
  }

  private static Set<String> quirks(JsonNode record) {
    Set<String> out = new HashSet<>();
    record.path("quirks").forEach(q -> out.add(q.asText()));
    return out;
  }

  private static boolean expectedValid(JsonNode r) {
    return "ga".equals(r.path("format").asText())
        && Set.of("pipeline", "dataset", "linkedservice").contains(r.path("kind").asText())
        && quirks(r).stream().noneMatch(BREAKING_QUIRKS::contains);
  }

  private static List<Problem> validateEach(JsonNode record) {
    Path file = corpus.resolve(record.path("stored").asText());
    return new DefinitionLoader().load(List.of(file), EnvironmentConfig.NONE, Scope.EACH).problems();
  }

  @Test
  void manifestHoldsTheFilesTheIssueCounts() {
    assertThat(stored).hasSize(461);
    assertThat(stored.stream().filter(CorpusManifestTest::expectedValid)).hasSize(170);
  }

  @Test
  void everyCleanGaFilePassesValidateEachWithNoError() {
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (JsonNode r : stored) {
      if (!expectedValid(r)) {
        continue;
      }
      checked++;
      List<Problem> errors = validateEach(r).stream().filter(Problem::isError).toList();
      soft.assertThat(errors).as(r.path("stored").asText()).isEmpty();
    }
    soft.assertAll();
    assertThat(checked).isEqualTo(170);
  }

  @Test
  void everyOtherFileGetsAnErrorNamingItsCauseAndPlace() {
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (JsonNode r : stored) {
      if (expectedValid(r)) {
        continue;
      }
      checked++;
      String name = r.path("stored").asText();
      List<Problem> errors = validateEach(r).stream().filter(Problem::isError).toList();
      Predicate<Problem> cause = causeOf(r);
      soft.assertThat(errors).as(name + " errors: " + errors.stream().map(Problem::render)
          .collect(Collectors.joining("\n  ", "\n  ", ""))).anyMatch(cause);
    }
    soft.assertAll();
    assertThat(checked).isEqualTo(461 - 170);
  }

  /** What the first error a user should read must say, by the file's manifest record. */
  private static Predicate<Problem> causeOf(JsonNode r) {
    Set<String> quirks = quirks(r);
    String kind = r.path("kind").asText();
    if (quirks.contains("parse:invalid")) {
      return p -> p.message().startsWith("invalid JSON") && p.line() > 0 && p.column() > 0;
    }
    if ("legacy-preview".equals(r.path("format").asText())) {
      return p -> p.message().contains("2014 preview format") && !p.pointer().isEmpty();
    }
    if (kind.equals("arm-template")) {
      return p -> p.message().contains("Azure Resource Manager template") && p.line() > 0;
    }
    if (kind.equals("activity-fragment")) {
      return p -> p.message().contains("a single activity, not a pipeline") && p.line() > 0;
    }
    if (quirks.contains("placeholders")) {
      return p -> p.message().contains("placeholder") && !p.pointer().isEmpty() && p.line() > 0;
    }
    // non-ISO start/end: some are prose placeholders ("<The start date-time of …>")
    return p -> (p.message().contains("ISO-8601") || p.message().contains("placeholder"))
        && p.pointer().matches("/properties/(start|end)");
  }
}
