package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.adf.engine.JobState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LivyState, the state mapping and the records' JSON. */
class LivyStateTest {

  @Test
  void everyLivyStateParsesFromItsWireName() {
    assertThat(Arrays.stream(LivyState.values()).map(LivyState::wireName)).containsExactly("not_started", "starting",
        "recovering", "idle", "running", "busy", "shutting_down", "error", "dead", "killed", "success");
    for (LivyState s : LivyState.values()) {
      assertThat(LivyState.parse(s.wireName())).isSameAs(s);
    }
    assertThatThrownBy(() -> LivyState.parse("RUNNING")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LivyState.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void finalStatesAreSuccessDeadKilledAndError() {
    assertThat(Arrays.stream(LivyState.values()).filter(LivyState::isFinal))
        .containsExactlyInAnyOrder(LivyState.SUCCESS, LivyState.DEAD, LivyState.KILLED, LivyState.ERROR);
    assertThat(Arrays.stream(LivyState.values()).filter(LivyState::isSuccess)).containsExactly(LivyState.SUCCESS);
  }

  @Test
  void engineStatesMapToBatchStatesAndTerminalToFinal() {
    for (JobState s : JobState.values()) {
      assertThat(EngineBatches.stateOf(s).isFinal()).as(s.name()).isEqualTo(s.isTerminal());
      assertThat(EngineBatches.stateOf(s).isSuccess()).as(s.name()).isEqualTo(s.isSuccessful());
    }
    assertThat(EngineBatches.stateOf(JobState.SUBMITTED)).isEqualTo(LivyState.STARTING);
    assertThat(EngineBatches.stateOf(JobState.LOST)).isEqualTo(LivyState.DEAD);
    assertThat(EngineBatches.stateOf(JobState.KILLED)).isEqualTo(LivyState.KILLED);
  }

  @Test
  void requestsOmitNullsAndUnknownFieldsAreRejected() throws Exception {
    CreateBatchRequest r = CreateBatchRequest.of("f.jar", "a.B", null).withConf(Map.of("k", "v"));
    assertThat(LivyJson.STRICT.writeValueAsString(r)).isEqualTo("{\"file\":\"f.jar\",\"className\":\"a.B\",\"conf\":{\"k\":\"v\"}}");
    assertThat(LivyJson.STRICT.readValue("{\"file\":\"f.jar\",\"driverCores\":2,\"jars\":[\"a\"]}",
        CreateBatchRequest.class)).satisfies(c -> {
          assertThat(c.driverCores()).isEqualTo(2);
          assertThat(c.jars()).containsExactly("a");
          assertThat(c.args()).isNull();
        });
    assertThatThrownBy(() -> LivyJson.STRICT.readValue("{\"file\":\"f\",\"ttl\":\"5m\"}", CreateBatchRequest.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
    assertThat(r.toString()).doesNotContain("v");
  }

  @Test
  void theLogPageFollowsLivysArithmetic() {
    List<String> lines = List.of("0", "1", "2", "3", "4");
    assertThat(EngineBatches.page(1, lines, null, null)).isEqualTo(new BatchLog(1, 0, 5, lines));
    assertThat(EngineBatches.page(1, lines, null, 2)).isEqualTo(new BatchLog(1, 3, 5, List.of("3", "4")));
    assertThat(EngineBatches.page(1, lines, 1, 2)).isEqualTo(new BatchLog(1, 1, 5, List.of("1", "2")));
    assertThat(EngineBatches.page(1, lines, 4, 100)).isEqualTo(new BatchLog(1, 4, 5, List.of("4")));
    assertThat(EngineBatches.page(1, lines, 9, 100)).isEqualTo(new BatchLog(1, 9, 5, List.of()));
    assertThat(EngineBatches.page(1, lines, -3, 2)).isEqualTo(new BatchLog(1, 3, 5, List.of("3", "4")));
    assertThat(EngineBatches.page(1, lines, 2, Integer.MAX_VALUE).log()).containsExactly("2", "3", "4");
    assertThat(EngineBatches.page(1, List.of(), null, null)).isEqualTo(new BatchLog(1, 0, 0, List.of()));
  }
}
