package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An attempt's idempotency key: the engine job (Livy batch name) it names must be its own. */
class AttemptKeyTest {
  static final WindowKey KEY = new WindowKey("SparkSubmit", "Spark Launcher", Instant.parse("2015-11-16T00:00:00Z"));

  private static Attempt attempt(int number, String runId) {
    return new Attempt(KEY, number, Instant.parse("2026-01-01T00:00:00Z"), null, AttemptStatus.InProgress, null,
        null, null, runId);
  }

  @Test
  void theKeyEndsWithTheRunIdSoTwoHomesNeverShareIt() {
    assertThat(attempt(2, "593d7722-ea4d-468c-80ad-05a91cc18b36").idempotencyKey())
        .isEqualTo("SparkSubmit/Spark Launcher/2015-11-16T00:00:00Z/2/593d7722-ea4d-468c-80ad-05a91cc18b36");
    assertThat(attempt(2, "a").idempotencyKey()).isNotEqualTo(attempt(2, "b").idempotencyKey());
  }

  @Test
  void anAttemptFromBeforeRunIdsKeepsTheKeyItWasSubmittedWith() {
    // rows written before V7 have no run id: a resumed attempt must find the job it submitted then
    assertThat(attempt(1, null).idempotencyKey()).isEqualTo("SparkSubmit/Spark Launcher/2015-11-16T00:00:00Z/1");
  }
}
