package dev.adf.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.validation.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark sample (LinkedServices/, DataSets/, Pipeline/ with valid JSON), as the Azure doc prints it:
 * its placeholders are reported; filled by an environment config, it loads cleanly.
 */
class DefinitionLoaderSparkSampleTest {

  @TempDir static Path tmp;
  private static LoadResult result;

  @BeforeAll
  static void loadWithPlaceholdersFilled() throws IOException {
    Path config = TestFiles.write(tmp, "filled.json", """
        {
          "StorageLinkedService": [
            {"name": "$.properties.typeProperties.connectionString", "value": "UseLocalStore=true"}],
          "HDInsightLinkedService": [
            {"name": "$.properties.typeProperties.clusterUri", "value": "embedded:"},
            {"name": "$.properties.typeProperties.userName", "value": "admin"},
            {"name": "$.properties.typeProperties.password", "value": "pw"}],
          "Pipeline": [
            {"name": "$.properties.activities[0].typeProperties.arguments[19]", "value": "UseLocalStore=true"},
            {"name": "$.properties.activities[0].typeProperties.arguments[20]", "value": "input=wasb://input@local/data"},
            {"name": "$.properties.activities[0].typeProperties.arguments[21]", "value": "output=wasb://output@local/r"}]
        }
        """);
    result = new DefinitionLoader().load(List.of(TestFiles.resource("spark")), EnvironmentConfig.load(config));
  }

  @Test
  void loadsWithoutProblemsOnceItsPlaceholdersAreFilled() {
    assertThat(result.rendered()).isEmpty();
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.files()).hasSize(5);
  }

  @Test
  void asPrintedEachPlaceholderIsAnErrorAtItsPathAndSecretsAreNotShown() {
    LoadResult raw = new DefinitionLoader().load(List.of(TestFiles.resource("spark")), EnvironmentConfig.NONE);
    assertThat(raw.factory()).isNull();
    assertThat(raw.errors()).allSatisfy(e -> assertThat(e.message()).contains("placeholder"))
        .extracting(Problem::jsonPath).containsExactlyInAnyOrder(
            "$.properties.typeProperties.connectionString",
            "$.properties.typeProperties.clusterUri",
            "$.properties.typeProperties.userName",
            "$.properties.typeProperties.password",
            "$.properties.activities[0].typeProperties.arguments[19]",
            "$.properties.activities[0].typeProperties.arguments[20]",
            "$.properties.activities[0].typeProperties.arguments[21]");
    assertThat(raw.errors()).filteredOn(e -> e.pointer().endsWith("clusterUri")).singleElement()
        .satisfies(e -> {
          assertThat(e.message()).contains("<ClusterName>");
          assertThat(e.line()).isEqualTo(7);
        });
    assertThat(raw.errors()).filteredOn(e -> e.pointer().endsWith("password")).singleElement()
        .satisfies(e -> assertThat(e.message()).doesNotContain("<Password>").contains("not shown"));
  }

  @Test
  void bindsEntities() {
    Factory f = result.factory();
    assertThat(f.linkedServices()).extracting(LinkedService::name)
        .containsExactly("HDInsightLinkedService", "StorageLinkedService");
    assertThat(f.dataset("INPUT")).get().satisfies(d -> {
      assertThat(d.external()).isTrue();
      assertThat(d.availability()).isEqualTo(Availability.of(Frequency.Day, 1));
      assertThat(d.typeProperties().get("folderPath").asText()).isEqualTo("input/data");
    });
    Pipeline p = f.pipeline("SparkSubmit").orElseThrow();
    assertThat(p.start()).isEqualTo(Instant.parse("2015-11-16T00:00:01Z"));
    assertThat(p.end()).isEqualTo(Instant.parse("2015-11-16T23:59:00Z"));
    assertThat(p.pipelineMode()).isEqualTo("Scheduled");
    PipelineActivity a = p.activities().get(0);
    assertThat(a.name()).isEqualTo("Spark Launcher");
    assertThat(a.type()).isEqualTo("HDInsightMapReduce");
    assertThat(a.linkedServiceName()).isEqualTo("HDInsightLinkedService");
    assertThat(a.inputs()).containsExactly("input");
    assertThat(a.outputs()).containsExactly("output");
    assertThat(a.policy()).isEqualTo(new ActivityPolicy(1, ExecutionPriorityOrder.OldestFirst, 1, 1,
        Duration.ZERO, Duration.ofHours(1), Duration.ZERO));
    assertThat(a.scheduler()).isEqualTo(Availability.of(Frequency.Day, 1));
    assertThat(a.typeProperties().get("className").asText()).isEqualTo("com.adf.spark.SparkJob");
    assertThat(p.source().json()).contains("\"SparkSubmit\"");
  }
}
