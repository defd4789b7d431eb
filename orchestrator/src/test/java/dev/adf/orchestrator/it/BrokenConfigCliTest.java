package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.reliability.Cli;
import dev.adf.orchestrator.reliability.CliOracle;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken environment configs ({@code --config}, issue 16): bad JSON paths, paths that do not exist,
 * unknown entity files, unset {@code ${env:…}} variables, broken JSON and shapes. {@code adf validate}
 * and {@code adf deploy} exit 2 and name the config file with line:column and the entry's JSONPath
 * (as {@link CliOracle} checks for every error); the deploy changes nothing.
 */
class BrokenConfigCliTest {
  private static final String UNSET = "ADF_TEST_SURELY_UNSET_VARIABLE_16";

  @TempDir Path tmp;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  private Path config(String json) throws Exception {
    return Files.writeString(tmp.resolve("env.json"), json);
  }

  /** The sample's local config with one more member, {@code "extraKey": extraValue}, on its line 2. */
  private static String local(String extraKey, String extraValue) throws Exception {
    String text = Files.readString(Path.of(SampleFactory.localConfig()));
    return text.replaceFirst("\\{\\s*\"StorageLinkedService\"", java.util.regex.Matcher.quoteReplacement(
        "{\n  \"" + extraKey + "\": " + extraValue + ",\n  \"StorageLinkedService\""));
  }

  /** Validate and deploy with {@code config}; both exit 2, every error located; returns validate's stderr. */
  private String refused(Path config) throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f" + System.nanoTime()));
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(factory)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    files.add(config);
    Cli cli = Cli.inProcess();
    Cli.Run v = cli.run(Duration.ofSeconds(60), List.of("validate", "--config", config.toString(), factory.toString()));
    assertThat(v.exit()).as(v.err()).isEqualTo(2);
    assertThat(CliOracle.check("validate", v, files)).isEmpty();
    Cli.Run d = cli.run(Duration.ofSeconds(60), List.of("deploy", factory.toString(), "--config", config.toString(),
        "--home", tmp.resolve("home").toString()));
    assertThat(d.exit()).as(d.err()).isEqualTo(2);
    assertThat(CliOracle.check("deploy", d, files)).isEmpty();
    assertThat(d.err()).contains("Nothing was deployed");
    return v.err();
  }

  @Test
  void aJsonPathThatIsNotOneNamesTheEntry() throws Exception {
    Path config = config(local("output", "[{\"name\": \"properties.description\", \"value\": \"x\"}]"));
    assertThat(refused(config)).contains(config + ":2:", "$.output[0].name",
        "'properties.description' is not a config path; write $.name.name[0].name");
  }

  @Test
  void aJsonPathWithAnUnclosedIndexNamesTheEntry() throws Exception {
    Path config = config(local("output", "[{\"name\": \"$.properties.structure[0\", \"value\": \"x\"}]"));
    assertThat(refused(config)).contains(config + ":2:", "$.output[0].name", "is not a config path");
  }

  @Test
  void aJsonPathThatDoesNotExistInItsFileNamesTheEntryAndTheFile() throws Exception {
    Path config = config(local("output", "[{\"name\": \"$.properties.typeProperties.compression.level\","
        + " \"value\": \"Optimal\"}, {\"name\": \"$.properties.availability[2]\", \"value\": 1}]"));
    String err = refused(config);
    assertThat(err).contains(config + ":2:", "$.output[0].name",
        "path $.properties.typeProperties.compression.level does not exist in", "output.json",
        "$.properties.typeProperties has no key 'compression'");
    assertThat(err).contains("$.output[1].name", "path $.properties.availability[2] does not exist",
        "$.properties.availability is not an array");
  }

  @Test
  void anUnknownEntityFileIsAnErrorNamingTheEntryAndTheFileMeant() throws Exception {
    Path config = config(local("Outptu", "[{\"name\": \"$.properties.description\", \"value\": \"x\"}]"));
    assertThat(refused(config)).contains(config + ":2:", "$.Outptu",
        "settings for 'Outptu' match none of the 5 loaded files", "did you mean 'output'?");
  }

  @Test
  void anUnsetEnvironmentVariableNamesTheVariableTheEntryAndItsPath() throws Exception {
    assertThat(System.getenv(UNSET)).isNull();
    Path config = config(Files.readString(Path.of(SampleFactory.localConfig()))
        .replace("\"UseLocalStore=true\"", "\"${env:" + UNSET + "}\""));
    assertThat(refused(config)).contains(config + ":", "$.StorageLinkedService[0].value",
        "environment variable '" + UNSET + "' is not set (needed for $.properties.typeProperties.connectionString"
            + " of StorageLinkedService)");
  }

  @Test
  void aConfigThatIsNotJsonIsLocated() throws Exception {
    String text = Files.readString(Path.of(SampleFactory.localConfig()));
    Path config = config(text.substring(0, text.indexOf("\"value\"")));
    assertThat(refused(config)).contains(config + ":5:", "invalid JSON");
  }

  @Test
  void settingsOfTheWrongShapeNameTheEntry() throws Exception {
    Path config = config(local("output", "[{\"name\": \"$.properties.description\"}]"));
    assertThat(refused(config)).contains(config + ":2:", "$.output[0]", "with both keys");
    Path notArray = config(local("output", "{\"name\": \"$.properties.description\", \"value\": 1}"));
    assertThat(refused(notArray)).contains("$.output", "must be an array");
  }

  @Test
  void aConfigFileThatDoesNotExistIsNamedWithoutAStackTrace() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path missing = tmp.resolve("no-such-env.json");
    for (List<String> args : List.of(List.of("validate", "--config", missing.toString(), factory.toString()),
        List.of("deploy", factory.toString(), "--config", missing.toString(), "--home", tmp.resolve("h").toString()))) {
      Cli.Run r = Cli.inProcess().run(Duration.ofSeconds(60), args);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("error   " + missing + "  $  no such environment config file")
          .doesNotContain("Exception").doesNotContain("\tat ");
    }
  }
}
