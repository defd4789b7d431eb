package dev.adf.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conf/orchestrator.properties} as {@link Settings#load} reads it. */
class SettingsTest {
  @TempDir Path conf;

  Settings load(String properties) throws Exception {
    Files.writeString(conf.resolve("orchestrator.properties"), properties);
    return Settings.load(conf, Map.of());
  }

  @Test
  void warmExecutorsAreOnUnlessTurnedOffAndAnythingButTrueOrFalseIsRefusedNamingFileAndKey() throws Exception {
    assertThat(load("").warmExecutors()).isTrue();
    assertThat(Settings.defaults().warmExecutors()).isTrue();
    assertThat(load("engine.warmExecutors=false\n").warmExecutors()).isFalse();
    assertThat(load("engine.warmExecutors = TRUE \n").warmExecutors()).isTrue();
    assertThat(load("engine.warmExecutors=false\n").withStore(null, Settings.DEFAULT_LEASE).warmExecutors()).isFalse();
    assertThatThrownBy(() -> load("engine.warmExecutors=yes\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(conf.resolve("orchestrator.properties") + ": engine.warmExecutors 'yes' is neither true nor false");
  }
}
