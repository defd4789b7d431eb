package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.TestFiles.OUTPUT;
import static dev.adf.orchestrator.definition.TestFiles.PIPELINE;
import static dev.adf.orchestrator.definition.TestFiles.STORAGE;
import static dev.adf.orchestrator.definition.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each problem is reported with its file, pointer, line:column and a message that says what to do. */
class DefinitionLoaderProblemsTest {

  @TempDir Path dir;

  private LoadResult load() {
    return new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE);
  }

  private void valid() {
    write(dir, "ls/StorageLinkedService.json", STORAGE);
    write(dir, "ds/output.json", OUTPUT);
    write(dir, "p/P.json", PIPELINE);
  }

  @Test
  void minimalFactoryLoads() {
    valid();
    LoadResult r = load();
    assertThat(r.rendered()).isEmpty();
    assertThat(r.factory().entities()).hasSize(3);
  }

  @Test
  void datasetNamingMissingLinkedServiceIsReportedByNameWithLineAndColumn() {
    valid();
    Path ds = write(dir, "ds/output.json", OUTPUT.replace("\"linkedServiceName\": \"StorageLinkedService\"",
        "\"linkedServiceName\": \"NoSuchStore\""));
    LoadResult r = load();
    assertThat(r.factory()).isNull();
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(ds);
      assertThat(p.pointer()).isEqualTo("/properties/linkedServiceName");
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.column()).isEqualTo(5);
      assertThat(p.message()).contains("'NoSuchStore'").contains("known linked services: StorageLinkedService");
      assertThat(p.render()).startsWith(ds + ":5:5  $.properties.linkedServiceName  linked service 'NoSuchStore'");
    });
  }

  @Test
  void unknownKeyIsAWarningAndTheFactoryStillLoads() {
    valid();
    write(dir, "ds/output.json", OUTPUT.replace("\"type\": \"AzureBlob\",", "\"type\": \"AzureBlob\", \"colour\": 1,"));
    LoadResult r = load();
    assertThat(r.hasErrors()).isFalse();
    assertThat(r.factory()).isNotNull();
    assertThat(r.warnings()).singleElement().satisfies(p -> {
      assertThat(p.pointer()).isEqualTo("/properties/colour");
      assertThat(p.message()).contains("unknown key 'colour'");
      assertThat(p.render()).contains("warning: unknown key");
    });
  }

  @Test
  void keysAreMatchedCaseInsensitively() {
    valid();
    write(dir, "ds/output.json", OUTPUT.replace("\"name\"", "\"Name\"").replace("\"properties\"", "\"Properties\"")
        .replace("\"frequency\": \"Day\"", "\"Frequency\": \"day\""));
    LoadResult r = load();
    assertThat(r.rendered()).isEmpty();
    assertThat(r.factory().dataset("output").orElseThrow().availability().frequency()).isEqualTo(Frequency.Day);
  }

  @Test
  void constraintViolationsCarryPointerLineAndValue() {
    valid();
    Path p = write(dir, "p/P.json", PIPELINE.replace("\"retry\": 1", "\"retry\": 1, \"concurrency\": 11"));
    LoadResult r = load();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo(p);
      assertThat(e.pointer()).isEqualTo("/properties/activities/0/policy/concurrency");
      assertThat(e.line()).isEqualTo(9);
      assertThat(e.message()).contains("concurrency must be 1 to 10").contains("was 11");
      assertThat(e.render()).contains("$.properties.activities[0].policy.concurrency");
    });
  }

  @Test
  void badValuesNameTheValueAndTheAllowedForms() {
    valid();
    write(dir, "p/P.json", PIPELINE.replace("\"01:00:00\"", "\"abc\"").replace("\"frequency\": \"Day\"", "\"frequency\": \"Daily\""));
    write(dir, "ds/output.json", OUTPUT.replace("\"interval\": 1", "\"interval\": 0"));
    LoadResult r = load();
    assertThat(r.errors()).extracting(Problem::jsonPath, Problem::message).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("$.properties.availability.interval",
            "interval must be at least 1 (it multiplies frequency), was 0"),
        org.assertj.core.groups.Tuple.tuple("$.properties.activities[0].policy.timeout",
            "timeout 'abc' is not a TimeSpan; write [d.]hh:mm:ss, e.g. 01:00:00 or 1.00:00:00"
                + " (note: 24:00:00 means 24 days, adf-v1-semantics §1)"),
        org.assertj.core.groups.Tuple.tuple("$.properties.activities[0].scheduler.frequency",
            "frequency 'Daily' must be one of Minute, Hour, Day, Week, Month"));
  }

  @Test
  void requiredFieldsAndOutputs() {
    valid();
    write(dir, "p/P.json", PIPELINE.replace("\"outputs\": [ { \"name\": \"output\" } ],", "")
        .replace("\"type\": \"HDInsightMapReduce\",", ""));
    LoadResult r = load();
    assertThat(r.errors()).extracting(Problem::pointer).containsExactlyInAnyOrder(
        "/properties/activities/0/outputs", "/properties/activities/0/type");
    assertThat(r.errors()).allSatisfy(e -> assertThat(e.line()).isEqualTo(5)); // the activity object
  }

  @Test
  void invalidNamesAreRejected() {
    valid();
    write(dir, "ds/output.json", OUTPUT.replace("\"name\": \"output\"", "\"name\": \"out.put\""));
    LoadResult r = load();
    assertThat(r.errors()).extracting(Problem::pointer).contains("/name");
    assertThat(r.errors().get(0).message()).contains("'out.put' is not a valid ADF name");
  }

  @Test
  void crossReferencesAreAllReportedAtOnce() {
    valid();
    write(dir, "p/P.json", PIPELINE.replace("\"outputs\": [ { \"name\": \"output\" } ],",
        "\"inputs\": [ { \"name\": \"nope1\" } ], \"outputs\": [ { \"name\": \"nope2\" } ], \"linkedServiceName\": \"nope3\","));
    LoadResult r = load();
    assertThat(r.errors()).extracting(Problem::pointer).containsExactlyInAnyOrder(
        "/properties/activities/0/inputs/0/name", "/properties/activities/0/outputs/0/name",
        "/properties/activities/0/linkedServiceName");
  }

  @Test
  void duplicateNamesPerKindAreErrors() {
    valid();
    write(dir, "ds/output2.json", OUTPUT.replace("\"name\": \"output\"", "\"name\": \"OUTPUT\""));
    LoadResult r = load();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/name");
      assertThat(e.message()).contains("dataset name 'OUTPUT' is already used in").contains("output.json:2");
    });
  }

  @Test
  void schedulerMustHaveTheGridOfTheOutputAvailability() {
    valid();
    write(dir, "p/P.json", PIPELINE.replace("\"scheduler\": { \"frequency\": \"Day\"", "\"scheduler\": { \"frequency\": \"Hour\""));
    LoadResult r = load();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/activities/0/scheduler");
      assertThat(e.message()).contains("scheduler Hour×1 differs from the availability Day×1 of output dataset 'output'");
    });
  }

  @Test
  void activePeriodRules() {
    valid();
    write(dir, "p/P.json", PIPELINE.replace("2015-11-17T00:00:00Z", "2015-11-15T00:00:00-05:00"));
    assertThat(load().errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/end");
      assertThat(e.message()).contains("end 2015-11-15T05:00:00Z must not be before start 2015-11-16T00:00:00Z");
    });
    write(dir, "p/P.json", PIPELINE.replace("2015-11-17T00:00:00Z", "2015-11-16T00:00:00Z"));
    LoadResult empty = load();
    assertThat(empty.hasErrors()).isFalse();
    assertThat(empty.warnings()).singleElement().satisfies(w -> {
      assertThat(w.pointer()).isEqualTo("/properties/end");
      assertThat(w.message()).contains("end equals start").contains("no activity window runs");
    });
    write(dir, "p/P.json", PIPELINE.replace("\"end\": \"2015-11-17T00:00:00Z\"", "\"isPaused\": false"));
    assertThat(load().errors()).extracting(Problem::message).singleElement().asString().contains("end is missing");
  }

  @Test
  void offsetsAreConvertedToUtc() {
    valid();
    write(dir, "p/P.json", PIPELINE.replace("2015-11-16T00:00:00Z", "2015-11-15T20:00:00-05:00"));
    LoadResult r = load();
    assertThat(r.factory().pipeline("P").orElseThrow().start()).hasToString("2015-11-16T01:00:00Z");
  }

  @Test
  void nonEntityJsonIsAWarningAndSkipped() {
    valid();
    write(dir, "DevConfig.json", "{ \"StorageLinkedService\": [ { \"name\": \"$.properties.type\", \"value\": \"x\" } ] }");
    write(dir, "package.json", "{ \"version\": \"1.0\" }");
    LoadResult r = load();
    assertThat(r.hasErrors()).isFalse();
    assertThat(r.warnings()).extracting(Problem::message).containsExactly(
        "this is an environment config, not an ADF entity; file skipped (pass it as the environment config instead)",
        "not an ADF entity (no \"name\" and \"properties\"); file skipped");
  }

  @Test
  void entityOfUnknownKindIsAnError() {
    write(dir, "x.json", "{ \"name\": \"X\", \"properties\": { \"type\": \"Quantum\", \"typeProperties\": {} } }");
    assertThat(load().errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/type");
      assertThat(e.message()).contains("type \"Quantum\" is not a known linked service type");
    });
  }

  @Test
  void invalidJsonIsOneReadableProblemAndOtherFilesStillLoad() {
    valid();
    Path bad = write(dir, "bad.json", "{\n  \"name\": \"x\",\n  \"properties\": { \"a\": 1 \"b\": 2 }\n}");
    LoadResult r = load();
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.file()).isEqualTo(bad);
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.column()).isEqualTo(26);
      assertThat(e.message()).startsWith("invalid JSON: Unexpected character ('\"' (code 34))")
          .doesNotContain("\n").doesNotContain("at [Source");
    });
  }

  @Test
  void byteOrderMarkIsTolerated() {
    valid();
    write(dir, "ls/StorageLinkedService.json", "\uFEFF" + STORAGE);
    assertThat(load().rendered()).isEmpty();
  }

  @Test
  void secretsNeverAppearInMessages() {
    valid();
    write(dir, "ls/StorageLinkedService.json", STORAGE.replace("\"connectionString\": \"DefaultEndpointsProtocol",
        "\"connectionString\": 42, \"x\": \"DefaultEndpointsProtocol"));
    write(dir, "ls/Other.json", STORAGE.replace("StorageLinkedService", "Other")
        .replace("\"typeProperties\"", "\"password\": \"hunter2\", \"typeProperties\""));
    LoadResult r = load();
    assertThat(r.rendered()).isNotEmpty().noneMatch(line -> line.contains("c2VjcmV0") || line.contains("hunter2"));
  }

  @Test
  void missingPathIsAProblemNotAnException() {
    LoadResult r = new DefinitionLoader().load(List.of(dir.resolve("nope")), EnvironmentConfig.NONE);
    assertThat(r.errors()).singleElement().extracting(Problem::message).asString().contains("no such file or folder");
  }

  @Test
  void previewFormatIsOneErrorSayingHowToRewrite() {
    write(dir, "legacy.json", "{ \"name\": \"S\", \"properties\": { \"type\": \"AzureStorageLinkedService\","
        + " \"connectionString\": \"x\" } }");
    assertThat(load().errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/type");
      assertThat(e.message()).startsWith("2014 preview format of ADF")
          .contains("'AzureStorageLinkedService' became 'AzureStorage'").contains("\"typeProperties\"");
    });
  }

  @Test
  void keysDifferingOnlyInCaseAreADuplicate() {
    valid();
    write(dir, "ds/output.json", OUTPUT.replace("\"type\": \"AzureBlob\",", "\"type\": \"AzureBlob\", \"Type\": \"AzureBlob\","));
    assertThat(load().errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/Type");
      assertThat(e.message()).contains("duplicate key 'Type'").contains("first at line 4");
    });
  }
}
