package dev.adf.spark.testjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the test jobs' main methods in local mode (SparkConf reads spark.* system properties). */
class TestJobsTest {

  private static final Map<String, String> PROPS = Map.of(
      "spark.master", "local[1]",
      "spark.ui.enabled", "false",
      "spark.driver.host", "127.0.0.1",
      "spark.driver.bindAddress", "127.0.0.1");

  @BeforeAll
  static void localMode() {
    PROPS.forEach(System::setProperty);
  }

  @AfterAll
  static void clear() {
    PROPS.keySet().forEach(System::clearProperty);
  }

  @Test
  void sleepJobReturnsAfterItsSeconds() throws Exception {
    long start = System.nanoTime();
    SleepJob.main(new String[] {"1"});
    assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void failJobFailsWithTheTaskExceptionAsRootCause() {
    assertThatThrownBy(() -> FailJob.main(new String[0]))
        .hasMessageContaining(FailJob.MESSAGE)
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(FailJob.MESSAGE);
  }
}
