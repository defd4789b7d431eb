package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobResourcesTest {

  static JobResources of(Map<String, String> conf) {
    return JobResources.of(new JobSpec("n", "m", List.of(), List.of(), conf, "k"));
  }

  @Test
  void memoryComesFromTheDriverThenTheExecutorSettingInSparkFormat() {
    assertThat(of(Map.of())).isEqualTo(new JobResources(1, 512));
    assertThat(of(Map.of("driverMemory", "2g", "executorMemory", "4g"))).isEqualTo(new JobResources(1, 2048));
    assertThat(of(Map.of("spark.driver.memory", "1G"))).isEqualTo(new JobResources(1, 1024));
    assertThat(of(Map.of("executorMemory", "768m", "executorCores", "3"))).isEqualTo(new JobResources(3, 768));
    assertThat(of(Map.of("spark.executor.memory", "2048", "spark.executor.cores", "2"))).isEqualTo(new JobResources(2, 2048));
    assertThat(JobResources.parseMiB("1025k", "x")).isEqualTo(2);
    assertThat(JobResources.parseMiB("1t", "x")).isEqualTo(1024 * 1024);
    assertThat(JobResources.parseMiB("64mb", "x")).isEqualTo(64);
  }

  @Test
  void malformedValuesNameTheKeyAndValue() {
    assertThatThrownBy(() -> of(Map.of("driverMemory", "2 GB please")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conf driverMemory '2 GB please'");
    assertThatThrownBy(() -> of(Map.of("driverMemory", "1m"))).hasMessageContaining("driverMemory '1m'");
    assertThatThrownBy(() -> of(Map.of("executorCores", "two"))).hasMessageContaining("conf executorCores 'two'");
  }
}
