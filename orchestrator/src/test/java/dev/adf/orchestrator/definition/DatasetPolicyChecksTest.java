package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.TestFiles.OUTPUT;
import static dev.adf.orchestrator.definition.TestFiles.PIPELINE;
import static dev.adf.orchestrator.definition.TestFiles.STORAGE;
import static dev.adf.orchestrator.definition.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy-time checks of a dataset's policy: externalData and validation (adf-v1-semantics §3.2). */
class DatasetPolicyChecksTest {

  @TempDir Path dir;

  private LoadResult load(String external, String policy) {
    write(dir, "ls/StorageLinkedService.json", STORAGE);
    write(dir, "ds/output.json", OUTPUT);
    write(dir, "p/P.json", PIPELINE);
    write(dir, "ds/input.json", """
        {
          "name": "input",
          "properties": {
            "type": "AzureBlob", "linkedServiceName": "StorageLinkedService", %s
            "typeProperties": { "folderPath": "input/data" },
            "availability": { "frequency": "Day", "interval": 1 },
            "policy": %s
          }
        }
        """.formatted(external, policy));
    return new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE);
  }

  @Test
  void externalDataOnADatasetThatIsNotExternalIsAWarningAndIgnored() {
    LoadResult r = load("", "{\"externalData\": {\"retryInterval\": \"00:01:00\", \"maximumRetry\": 3}}");
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).singleElement().satisfies(p -> {
      assertThat(p.pointer()).isEqualTo("/properties/policy/externalData");
      assertThat(p.message()).contains("ignored: only meaningful with \"external\": true");
    });
    assertThat(ExternalDataPolicy.of(r.factory().dataset("input").orElseThrow())).isEmpty();
  }

  @Test
  void maximumRetryOutsideOneToTenIsAnErrorAtItsPath() {
    LoadResult r = load("\"external\": true,", "{\"externalData\": {\"maximumRetry\": 11}}");
    assertThat(r.factory()).isNull();
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.pointer()).isEqualTo("/properties/policy/externalData/maximumRetry");
      assertThat(p.message()).contains("maximumRetry must be 1 to 10").contains("was 11");
    });
    assertThat(load("\"external\": true,", "{\"externalData\": {\"maximumRetry\": 0}}").errors())
        .extracting(p -> p.pointer()).containsExactly("/properties/policy/externalData/maximumRetry");
  }

  @Test
  void badTimeSpansAndSizesAreErrors() {
    LoadResult r = load("\"external\": true,", """
        {"externalData": {"retryTimeout": "00:00:00", "dataDelay": "soon"},
         "validation": {"minimumSizeMB": "big", "validationPriorityOrder": "Random"}}""");
    assertThat(r.errors()).extracting(p -> p.pointer()).containsExactlyInAnyOrder(
        "/properties/policy/externalData/retryTimeout",
        "/properties/policy/externalData/dataDelay",
        "/properties/policy/validation/minimumSizeMB",
        "/properties/policy/validation/validationPriorityOrder");
  }

  @Test
  void aValidPolicyIsReadWithItsDefaults() {
    LoadResult r = load("\"external\": true,", """
        {"externalData": {"dataDelay": "00:10:00", "maximumRetry": 5},
         "validation": {"minimumSizeMB": 0.5, "validationPriorityOrder": "NewestFirst"}, "latency": {}}""");
    assertThat(r.rendered()).isEmpty();
    var ds = r.factory().dataset("input").orElseThrow();
    assertThat(ExternalDataPolicy.of(ds)).contains(new ExternalDataPolicy(
        Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(10), 5));
    ValidationPolicy v = ValidationPolicy.of(ds).orElseThrow();
    assertThat(v.minimumSizeMB()).isEqualByComparingTo(new BigDecimal("0.5"));
    assertThat(v.minimumBytes()).isEqualTo(524_288L);
    assertThat(v.order()).isEqualTo(ExecutionPriorityOrder.NewestFirst);
    assertThat(v.judgeSize(524_288L)).isNull();
    assertThat(v.judgeSize(524_287L)).contains("below minimumSizeMB 0.5 (524288 bytes)");
  }
}
