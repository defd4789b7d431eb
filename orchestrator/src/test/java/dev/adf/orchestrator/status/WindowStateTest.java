package dev.adf.orchestrator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowStateTest {
  @Test
  void everySubstatusBelongsToOneStatusAndRejectsTheOthers() {
    for (WindowSubstatus s : WindowSubstatus.values()) {
      assertThat(WindowState.of(s).status()).isEqualTo(s.status());
      for (WindowStatus other : WindowStatus.values()) {
        if (other != s.status()) {
          assertThatThrownBy(() -> new WindowState(other, s)).isInstanceOf(IllegalArgumentException.class);
        }
      }
    }
  }

  @Test
  void theTableAllowsTheAdfTransitionsAndNothingFromNoneButWaiting() {
    assertThat(WindowState.allowedFrom(WindowStatus.None)).containsExactly(WindowStatus.Waiting);
    assertThat(WindowState.of(WindowStatus.InProgress).canBecome(WindowState.of(WindowStatus.Ready))).isTrue();
    assertThat(WindowState.of(WindowStatus.Waiting).canBecome(WindowState.of(WindowStatus.Ready))).isFalse();
    assertThat(WindowState.of(WindowStatus.Ready).canBecome(WindowState.of(WindowSubstatus.Retry))).isTrue();
    assertThatThrownBy(() -> WindowState.of(WindowStatus.Skipped).checkTransition(WindowState.of(WindowStatus.Ready)))
        .hasMessageContaining("Skipped -> Ready");
  }

  @Test
  void failedValidationIsShownWithItsAdfName() {
    assertThat(WindowState.of(WindowSubstatus.ValidationFailed).toString()).isEqualTo("Failed/Validation");
    assertThat(WindowSubstatus.parse(WindowStatus.Failed, "Validation")).isEqualTo(WindowSubstatus.ValidationFailed);
    assertThat(WindowSubstatus.parse(WindowStatus.Waiting, "Validation")).isEqualTo(WindowSubstatus.Validation);
  }
}
