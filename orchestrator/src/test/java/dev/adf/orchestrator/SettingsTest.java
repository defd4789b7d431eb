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

  @Test
  void theHttpServersLimitsHaveDefaultsAndEachKeyIsReadOrRefusedNamingFileAndKey() throws Exception {
    assertThat(load("").http()).isEqualTo(dev.adf.engine.http.HttpLimits.defaults());
    assertThat(Settings.defaults().http().readTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));
    Settings s = load("http.readTimeout=PT5S\nhttp.idleTimeout=PT2M\nhttp.maxBodyBytes=4096\n"
        + "http.maxHeaderBytes=8192\nhttp.threads=3\nhttp.maxConnections=40\n");
    assertThat(s.http()).isEqualTo(new dev.adf.engine.http.HttpLimits(java.time.Duration.ofSeconds(5),
        java.time.Duration.ofMinutes(2), 4096, 8192, 3, 40));
    assertThat(s.withStore(null, Settings.DEFAULT_LEASE).http()).isEqualTo(s.http());
    String file = conf.resolve("orchestrator.properties").toString();
    assertThatThrownBy(() -> load("http.readTimeout=30s\n")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ": http.readTimeout '30s' is not an ISO-8601 duration of at least PT0.1S, such as PT30S");
    assertThatThrownBy(() -> load("http.idleTimeout=PT0.01S\n")).hasMessageContaining("http.idleTimeout 'PT0.01S'");
    assertThatThrownBy(() -> load("http.maxBodyBytes=1m\n"))
        .hasMessage(file + ": http.maxBodyBytes '1m' is not a whole number in 1..9223372036854775807");
    assertThatThrownBy(() -> load("http.maxHeaderBytes=100\n")).hasMessageContaining("http.maxHeaderBytes '100'");
    assertThatThrownBy(() -> load("http.threads=0\n")).hasMessageContaining("http.threads '0'");
    assertThatThrownBy(() -> load("http.maxConnections=-1\n")).hasMessageContaining("http.maxConnections '-1'");
  }
}
