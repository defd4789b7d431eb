package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.cli.Main;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: exit codes, messages, the quickstart, JSON output. */
class CliTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) {}

  static Result adf(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @Test
  void quickstartRunsTheSampleToReadyAndWindowsJsonHasTheDocumentedFields() throws Exception {
    Path home = tmp.resolve("home");
    Result r = adf("quickstart", "--home", home.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("2015-11-16T00:00:00Z", "Ready");
    assertThat(r.err()).doesNotContain("Exception");
    for (Path f : Files.walk(SampleFactory.inputData()).filter(Files::isRegularFile).toList()) {
      Path copy = home.resolve("storage/output/results").resolve(SampleFactory.inputData().relativize(f).toString());
      assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(f));
    }

    Result json = adf("windows", "--home", home.toString(), "--format", "json");
    assertThat(json.exit()).isZero();
    JsonNode windows = new ObjectMapper().readTree(json.out());
    assertThat(windows).hasSize(1);
    JsonNode w = windows.get(0);
    assertThat(w.get("pipeline").asText()).isEqualTo("SparkSubmit");
    assertThat(w.get("activity").asText()).isEqualTo("Spark Launcher");
    assertThat(w.get("windowStart").asText()).isEqualTo("2015-11-16T00:00:00Z");
    assertThat(w.get("windowEnd").asText()).isEqualTo("2015-11-17T00:00:00Z");
    assertThat(w.get("status").asText()).isEqualTo("Ready");
    assertThat(w.get("substatus").isNull()).isTrue();
    assertThat(w.get("attempts").asInt()).isEqualTo(1);
    assertThat(w.get("lastRunStart").asText()).endsWith("Z");
    assertThat(w.get("lastRunEnd").asText()).endsWith("Z");

    // A second run after a completed one does not run the Ready window again.
    Result again = adf("run", "--until-idle", "--home", home.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    Result runs = adf("runs", "--home", home.toString(), "--pipeline", "SparkSubmit", "--activity",
        "Spark Launcher", "--window", "2015-11-16T00:00:00Z");
    assertThat(runs.exit()).isZero();
    assertThat(runs.out().lines().filter(l -> l.matches("^\\d+\\s.*"))).hasSize(1);
    assertThat(runs.out()).contains("Succeeded", "job-");
    Result runsJson = adf("runs", "--home", home.toString(), "--pipeline", "SparkSubmit", "--activity",
        "Spark Launcher", "--window", "2015-11-16T00:00:00Z", "--format", "json");
    assertThat(runsJson.exit()).isZero();
    JsonNode attempts = new ObjectMapper().readTree(runsJson.out());
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(attempts.get(0).get("status").asText()).isEqualTo("Succeeded");
    assertThat(attempts.get(0).get("runId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(attempts.get(0).get("engineJob").asText()).isNotBlank();
    assertThat(attempts.get(0).get("end").asText()).endsWith("Z");
  }

  @Test
  void validateReportsTheCorpusPipelineAsInvalidJsonWithItsLine() {
    Path corpus = Harness.repoRoot().getParent().resolve(
        "shared/corpus/adfv1/Azure__Azure-DataFactory/Samples/Spark/Spark-ADF/src/ADFjsons/Pipeline/Pipeline.json");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(corpus), "shared corpus not beside the repository");
    Result r = adf("validate", corpus.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Pipeline.json:36:");
    assertThat(r.err()).doesNotContain("at com.fasterxml").doesNotContain("Exception:");
  }

  @Test
  void validateNamesAMissingLinkedServiceAndDeployChangesNothing() throws Exception {
    Path home = tmp.resolve("home");
    Path good = SampleFactory.copy(tmp.resolve("good"));
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    assertThat(adf("validate", "--config", config.toString(), good.toString()).exit()).isZero();
    assertThat(adf("deploy", good.toString(), "--config", config.toString(), "--home", home.toString()).exit())
        .isZero();

    Path bad = SampleFactory.copy(tmp.resolve("bad"));
    Path ds = bad.resolve("Datasets/output.json");
    Files.writeString(ds, Files.readString(ds).replace("\"StorageLinkedService\"", "\"NoSuchStorage\""));
    Result v = adf("validate", "--config", config.toString(), bad.toString());
    assertThat(v.exit()).isEqualTo(2);
    assertThat(v.err()).contains("output.json:").contains("NoSuchStorage").contains("linkedServiceName");

    Result d = adf("deploy", bad.toString(), "--config", config.toString(), "--home", home.toString());
    assertThat(d.exit()).isEqualTo(2);
    assertThat(d.err()).contains("Nothing was deployed");
    Result again = adf("deploy", good.toString(), "--config", config.toString(), "--home", home.toString());
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("No changes");
  }

  @Test
  void runsOfAnUnknownWindowIsAClearErrorWithoutStackTrace() {
    Result r = adf("runs", "--home", tmp.resolve("home").toString(), "--pipeline", "P", "--activity", "A",
        "--window", "not-a-time");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--window 'not-a-time'").doesNotContain("\tat ");
  }
}
