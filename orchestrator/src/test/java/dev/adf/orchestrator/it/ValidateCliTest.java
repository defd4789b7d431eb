package dev.adf.orchestrator.it;

import static dev.adf.orchestrator.it.CliTest.adf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.testing.SampleFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adf validate --each} and {@code adf validate --format json}. */
class ValidateCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void eachChecksAFileWithoutTheEntitiesItReferences() throws Exception {
    Path pipeline = SampleFactory.copy(tmp.resolve("f")).resolve("Pipeline/SparkSubmit.json");

    CliTest.Result set = adf("validate", "--config", SampleFactory.localConfig(), pipeline.toString());
    assertThat(set.exit()).isEqualTo(2);
    assertThat(set.err()).contains("dataset 'input' does not exist");

    CliTest.Result each = adf("validate", "--each", "--config", SampleFactory.localConfig(), pipeline.toString());
    assertThat(each.exit()).as(each.err()).isZero();
    assertThat(each.err()).isEmpty();
    assertThat(each.out()).contains("1 file, 0 errors");
  }

  @Test
  void eachStillReportsWhatIsWrongInsideAFile() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> SampleFactory.policy(a).put("timeout", "abc"));
    CliTest.Result each = adf("validate", "--each", factory.resolve("Pipeline").toString());
    assertThat(each.exit()).isEqualTo(2);
    assertThat(each.err()).contains("SparkSubmit.json:", "timeout").doesNotContain("\tat ");
  }

  @Test
  void jsonHasOneElementPerFileInPathOrderAndNothingElseOnStdout() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    CliTest.Result ok = adf("validate", "--format", "json", "--config", SampleFactory.localConfig(),
        factory.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    JsonNode files = JSON.readTree(ok.out());
    assertThat(files.isArray()).isTrue();
    List<String> names = new ArrayList<>();
    for (JsonNode f : files) {
      names.add(f.get("file").asText());
      assertThat(f.get("ok").asBoolean()).isTrue();
      assertThat(f.get("problems").isArray()).isTrue();
      assertThat(f.get("problems")).isEmpty();
    }
    assertThat(names).containsExactly(
        factory.resolve("Datasets/input.json").toString(),
        factory.resolve("Datasets/output.json").toString(),
        factory.resolve("LinkedServices/HDInsightLinkedService.json").toString(),
        factory.resolve("LinkedServices/StorageLinkedService.json").toString(),
        factory.resolve("Pipeline/SparkSubmit.json").toString());
  }

  @Test
  void jsonMarksTheFileWithAnErrorAndGivesItsPlace() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path ds = factory.resolve("Datasets/output.json");
    Files.writeString(ds, Files.readString(ds).replace("\"StorageLinkedService\"", "\"NoSuchStorage\""));
    Path missing = tmp.resolve("missing.json");

    CliTest.Result r = adf("validate", "--format", "json", "--config", SampleFactory.localConfig(),
        factory.toString(), missing.toString());
    assertThat(r.exit()).isEqualTo(2);
    JsonNode files = JSON.readTree(r.out());
    assertThat(files).hasSize(6);
    JsonNode output = byFile(files, ds);
    assertThat(output.get("ok").asBoolean()).isFalse();
    JsonNode p = output.get("problems").get(0);
    assertThat(p.get("severity").asText()).isEqualTo("error");
    assertThat(p.get("pointer").asText()).isEqualTo("/properties/linkedServiceName");
    assertThat(p.get("line").asInt()).isPositive();
    assertThat(p.get("column").asInt()).isPositive();
    assertThat(p.get("message").asText()).contains("NoSuchStorage");
    assertThat(byFile(files, factory.resolve("Datasets/input.json")).get("ok").asBoolean()).isTrue();
    // A file a problem points at that was not read (here: a path that does not exist) gets its element.
    JsonNode last = files.get(5);
    assertThat(last.get("file").asText()).isEqualTo(missing.toString());
    assertThat(last.get("ok").asBoolean()).isFalse();
    assertThat(last.get("problems").get(0).get("line").asInt()).isZero();

    CliTest.Result each = adf("validate", "--each", "--format", "json", "--config", SampleFactory.localConfig(),
        factory.toString());
    assertThat(each.exit()).as(each.out()).isZero();
    assertThat(JSON.readTree(each.out())).hasSize(5).allSatisfy(f -> assertThat(f.get("ok").asBoolean()).isTrue());
  }

  @Test
  void jsonNamesTheEnvironmentConfigWhenItIsWrong() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path config = tmp.resolve("env.json");
    Files.writeString(config, "{\"NoSuchFile\": [{\"name\": \"$.properties.x\", \"value\": \"y\"}]}");
    CliTest.Result r = adf("validate", "--format", "json", "--config", config.toString(), factory.toString());
    JsonNode files = JSON.readTree(r.out());
    assertThat(files).hasSize(6);
    assertThat(files.get(5).get("file").asText()).isEqualTo(config.toString());
    assertThat(files.get(5).get("problems")).isNotEmpty();
  }

  @Test
  void secretsOfAnInvalidLinkedServiceNeverReachTheJsonOutput() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ls"));
    Files.writeString(dir.resolve("a.json"), """
        {
          "name": "Storage1",
          "properties": {
            "type": "AzureStorage",
            "password": "TopSecretPw456",
            "typeProperties": "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=TopSecretKey789=="
          }
        }
        """);
    Files.writeString(dir.resolve("b.json"), """
        {
          "name": "Storage2",
          "properties": {
            "type": ["DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=TopSecretKeyABC"],
            "typeProperties": {"connectionString": "AccountName=acct;AccountKey=TopSecretKeyDEF"}
          }
        }
        """);
    for (String[] args : List.of(
        new String[] {"validate", "--format", "json", dir.toString()},
        new String[] {"validate", "--each", "--format", "json", dir.toString()})) {
      CliTest.Result r = adf(args);
      assertThat(r.exit()).isEqualTo(2);
      JsonNode files = JSON.readTree(r.out());
      assertThat(files).hasSize(2).allSatisfy(f -> assertThat(f.get("ok").asBoolean()).isFalse());
      assertThat(r.out()).contains("AccountKey=***");
      assertThat(r.out() + r.err())
          .doesNotContain("TopSecretKey789").doesNotContain("TopSecretKeyABC")
          .doesNotContain("TopSecretKeyDEF").doesNotContain("TopSecretPw456");
    }
  }

  private static JsonNode byFile(JsonNode files, Path file) {
    for (JsonNode f : files) {
      if (f.get("file").asText().equals(file.toString())) {
        return f;
      }
    }
    throw new AssertionError("no element for " + file + " in " + files);
  }
}
