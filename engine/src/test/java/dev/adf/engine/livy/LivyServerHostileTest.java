package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.http.HostileHttpContract;
import dev.adf.engine.http.HttpLimits;
import dev.adf.engine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link HostileHttpContract} against the engine's Livy API ({@code adf engine serve}'s server). */
class LivyServerHostileTest extends HostileHttpContract {
  static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("adf:s3cret".getBytes(StandardCharsets.UTF_8));

  @TempDir static Path work;
  static BuiltInEngine engine;
  LivyServer server;

  @BeforeAll
  static void engine() {
    engine = new BuiltInEngine(work, new MutableClock(Instant.parse("2015-11-16T00:00:00Z")), 2);
  }

  @AfterAll
  static void closeEngine() {
    assertThat(engine.jobs()).as("no hostile request started a job").isEmpty();
    engine.close();
  }

  @Override
  protected int start(HttpLimits limits) {
    server = LivyServer.builder(new EngineBatches(engine, work.toString()), "adf", "s3cret").port(0).limits(limits)
        .start();
    return server.port();
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected String[] credentials() {
    return new String[] {"Authorization", AUTH};
  }

  @Override
  protected String readPath() {
    return "/batches";
  }

  @Override
  protected String postPath() {
    return "/batches";
  }

  @Override
  protected String[] postHeaders() {
    return new String[] {LivyServer.REQUESTED_BY, "hostile-test"};
  }

  @Override
  protected List<String> wrongTypedBodies() {
    return List.of("null", "[1,2]", "\"a string\"", "42", "{}", "{\"className\":\"x\"}",
        "{\"file\":\"f\",\"args\":\"notalist\"}", "{\"file\":\"f\",\"driverCores\":\"many\"}",
        "{\"file\":[\"a\"]}", "{\"file\":\"f\",\"conf\":[1]}", "{\"file\":\"f\",\"numExecutors\":99999999999}",
        "{\"file\":\"f\",\"ttl\":\"1h\"}", "{\"file\":{\"nested\":{}}}");
  }

  @Override
  protected String message(int status, String contentType, String body) throws Exception {
    assertThat(contentType).startsWith("application/json");
    JsonNode msg = LivyJson.LENIENT.readTree(body).get("msg");
    assertThat(msg).as("Livy's {\"msg\": …} in %s", body).isNotNull();
    return msg.asText();
  }
}
