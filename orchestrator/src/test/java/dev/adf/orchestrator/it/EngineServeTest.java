package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adf engine serve} as a user runs it, in its own process: it refuses requests without
 * credentials, and the sample pipeline, whose HDInsight linked service's clusterUri points at it,
 * runs its window to Ready through the Livy batch API with the data copied by the served engine.
 */
class EngineServeTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Pattern LISTENING = Pattern.compile("Livy batch API at (http://\\S+) ");

  @TempDir Path tmp;
  Process server;

  @AfterEach
  void stop() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts {@code adf engine serve --port 0} and returns its base URL, read from its first line. */
  private URI serve(Path home, String password) throws Exception {
    Path pw = Files.writeString(tmp.resolve("password"), password + "\n");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main", "engine", "serve", "--home", home.toString(), "--port", "0",
        "--user", "admin", "--password-file", pw.toString()));
    server = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "engine-serve-output");
        drain.setDaemon(true);
        drain.start();
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("adf engine serve ended without listening:\n" + seen);
  }

  @Test
  void theSamplePipelineRunsOnAServedEngineThroughTheLivyApi() throws Exception {
    URI uri = serve(tmp.resolve("engine-home"), "s3cret-pw");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> anonymous = http.send(
        HttpRequest.newBuilder(uri.resolve("/batches")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    Path config = SampleFactory.config(tmp.resolve("remote.json"), "UseLocalStore=true");
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(config.toFile());
    var hdi = root.withArray("HDInsightLinkedService");
    ((ObjectNode) hdi.get(0)).put("value", uri.toString());
    ((ObjectNode) hdi.get(2)).put("value", "s3cret-pw");
    Files.writeString(config, json.writeValueAsString(root));

    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(SampleFactory.copy(tmp.resolve("factory")), config);
      SampleFactory.putInput(h.orchestrator.storageRoot());

      h.runUntilIdle();

      var w = h.windows().get(0);
      assertThat(w.state().status()).as(String.valueOf(w)).isEqualTo(WindowStatus.Ready);
      Attempt a = h.attempts(w).get(0);
      assertThat(a.engineJobId()).isEqualTo("1");
      assertThat(a.logLocation()).startsWith(tmp.resolve("engine-home").resolve("engine-server").toString());
      assertThat(h.engine.jobs()).as("nothing ran on the embedded engine").isEmpty();
      try (Stream<Path> files = Files.walk(SampleFactory.inputData())) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path copy = h.orchestrator.storageRoot().resolve("output/results")
              .resolve(SampleFactory.inputData().relativize(f).toString());
          assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(f));
        }
      }
    }

    server.destroy(); // SIGTERM: the server closes and its engine kills running jobs
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void withoutAPasswordItRefusesToStartWithExitCode2() throws Exception {
    var r = CliTest.adf("engine", "serve", "--home", tmp.resolve("h").toString(), "--port", "0",
        "--password-file", Files.writeString(tmp.resolve("empty"), "").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("needs a password", "--password-file", "ADF_ENGINE_PASSWORD");
  }
}
