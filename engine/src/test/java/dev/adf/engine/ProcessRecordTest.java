package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A recorded job JVM is recognised by its pid and its start time, give or take the JVMs' boot-time skew. */
class ProcessRecordTest {
  static final Instant T = Instant.parse("2026-12-04T22:36:40.780Z");

  @Test
  void aStartTimeSeenASecondOffByAnotherJvmIsTheSameProcess() {
    JobJournal.ProcessRecord r = new JobJournal.ProcessRecord(42, T);
    assertThat(r.isStartedAt(Optional.of(T))).isTrue();
    assertThat(r.isStartedAt(Optional.of(T.plusSeconds(1)))).isTrue();
    assertThat(r.isStartedAt(Optional.of(T.minusSeconds(1)))).isTrue();
    assertThat(r.isStartedAt(Optional.of(T.plus(JobJournal.ProcessRecord.START_TOLERANCE)))).isTrue();
  }

  @Test
  void aProcessStartedLaterUnderTheSamePidIsAnother() {
    JobJournal.ProcessRecord r = new JobJournal.ProcessRecord(42, T);
    assertThat(r.isStartedAt(Optional.of(T.plusSeconds(6)))).isFalse();
    assertThat(r.isStartedAt(Optional.of(T.plusSeconds(3600)))).isFalse();
  }

  @Test
  void anUnknownStartOnEitherSideIsNotAReason() {
    assertThat(new JobJournal.ProcessRecord(42, null).isStartedAt(Optional.of(T))).isTrue();
    assertThat(new JobJournal.ProcessRecord(42, T).isStartedAt(Optional.empty())).isTrue();
  }
}
