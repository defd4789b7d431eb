package dev.adf.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real ADF v1 files from shared/corpus/adfv1 (read only; skipped when the corpus is absent). */
class CorpusTest {

  private static final String SPARK = "Azure__Azure-DataFactory/Samples/Spark";

  @Test
  void sparkSamplePipelineIsReportedAsInvalidJsonAtLine36() {
    Path file = TestFiles.corpus().resolve(SPARK + "/Spark-ADF/src/ADFjsons/Pipeline/Pipeline.json");
    LoadResult r = new DefinitionLoader().load(List.of(file), EnvironmentConfig.NONE);
    assertThat(r.factory()).isNull();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo(file.normalize());
      assertThat(e.line()).isEqualTo(36);
      assertThat(e.column()).isEqualTo(119);
      assertThat(e.pointer()).isEqualTo("/properties/activities/0/typeProperties/arguments/23");
      assertThat(e.message()).startsWith("invalid JSON: Unexpected character").doesNotContain("\n");
    });
  }

  @Test
  void everySparkSampleFileLoadsWithoutAnExceptionEscaping() {
    Path root = TestFiles.corpus().resolve(SPARK);
    LoadResult r = new DefinitionLoader().load(List.of(root), EnvironmentConfig.NONE);
    assertThat(r.files()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.render()).doesNotContain("AccountKey=<"));
    // Known: the invalid Pipeline.json, and entities defined twice under ADFjsons/ and main/resources/.
    assertThat(r.errors()).extracting(Problem::message).anyMatch(m -> m.startsWith("invalid JSON"));
    assertThat(r.errors()).extracting(Problem::message).anyMatch(m -> m.contains("is already used in"));
  }

  @Test
  void wholeCorpusLoadsWithoutAnExceptionEscaping() {
    LoadResult r = new DefinitionLoader().load(List.of(TestFiles.corpus()), EnvironmentConfig.NONE);
    assertThat(r.files()).isNotEmpty();
    assertThat(r.problems()).isNotEmpty();
  }
}
