package dev.adf.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Spark sample (LinkedServices/, DataSets/, Pipeline/ with valid JSON) loads cleanly. */
class DefinitionLoaderSparkSampleTest {

  private final LoadResult result =
      new DefinitionLoader().load(List.of(TestFiles.resource("spark")), EnvironmentConfig.NONE);

  @Test
  void loadsWithoutProblems() {
    assertThat(result.rendered()).isEmpty();
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.files()).hasSize(5);
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
