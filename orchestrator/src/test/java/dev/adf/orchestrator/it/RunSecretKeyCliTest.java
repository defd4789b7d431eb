package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.secrets.SecretKeys;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adf run} on a home whose secret key cannot open the deployed definitions (the key file lost
 * or replaced; on a shared store, another process's key) refuses to start with exit code 2 instead of
 * failing every attempt that needs a secret for good.
 */
class RunSecretKeyCliTest {
  @TempDir Path tmp;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @Test
  void runRefusesToStartWithoutTheDeployersKeyAndStartsOnceItIsBack() throws Exception {
    Path home = tmp.resolve("home");
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    Result d = CliTest.adf("deploy", factory.toString(), "--config", config.toString(), "--home", home.toString());
    assertThat(d.exit()).as(d.out() + d.err()).isZero();
    SampleFactory.putInput(home.resolve("storage"));
    Path key = home.resolve("keys/secret.key");
    assertThat(key).exists();
    Path saved = tmp.resolve("saved.key");
    Files.move(key, saved);

    Result missing = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(missing.exit()).as(missing.out() + missing.err()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot open", "nothing was started", "HDInsightLinkedService",
        "no secret key here", SecretKeys.KEY_VARIABLE).doesNotContain("Exception", "\tat ");

    // another key in its place: the same refusal, naming the key ids
    byte[] other = new byte[SecretKeys.KEY_BYTES];
    new java.security.SecureRandom().nextBytes(other);
    Files.writeString(key, Base64.getEncoder().encodeToString(other) + "\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Result wrong = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(wrong.exit()).as(wrong.out() + wrong.err()).isEqualTo(2);
    assertThat(wrong.err()).contains("nothing was started", "HDInsightLinkedService").doesNotContain("Exception");

    Result windows = CliTest.adf("windows", "--home", home.toString(), "--format", "json");
    assertThat(windows.exit()).as(windows.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(windows.out());
    assertThat(all).isNotEmpty();
    for (com.fasterxml.jackson.databind.JsonNode w : all) {
      assertThat(w.get("attempts").asInt()).as("no attempt was made: " + w).isZero();
    }

    Files.move(saved, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Result ok = CliTest.adf("run", "--until-idle", "--home", home.toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("Ready=1");
  }
}
