package dev.adf.orchestrator.failpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The setting's grammar; the points' effect is tested by {@code it.OrchestratorCrashTest} in child JVMs. */
class FailpointsTest {
  @Test
  void offUnlessSetAndEveryNamedPointIsKnown() {
    assertThat(Failpoints.parse(null)).isNull();
    assertThat(Failpoints.parse(" ")).isNull();
    assertThat(Failpoints.parse("attempt.submitted=pause, deploy.commit=halt")).hasSize(2)
        .containsKeys(Failpoints.ATTEMPT_SUBMITTED, Failpoints.DEPLOY_COMMIT);
    // This JVM sets no failpoint: every hit passes.
    assertThat(Failpoints.refused()).isNull();
    Failpoints.POINTS.forEach(Failpoints::hit);
  }

  @Test
  void aTypoIsRefusedNamingTheEntryAndThePoints() {
    assertThatThrownBy(() -> Failpoints.parse("attempt.submited=pause"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'attempt.submited=pause'").hasMessageContaining("attempt.submitted");
    assertThatThrownBy(() -> Failpoints.parse("attempt.claimed=sleep")).hasMessageContaining("POINT=pause");
    assertThatThrownBy(() -> Failpoints.parse("attempt.claimed")).hasMessageContaining("POINT=halt");
  }
}
