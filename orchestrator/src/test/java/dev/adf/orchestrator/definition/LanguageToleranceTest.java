package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.TestFiles.OUTPUT;
import static dev.adf.orchestrator.definition.TestFiles.PIPELINE;
import static dev.adf.orchestrator.definition.TestFiles.STORAGE;
import static dev.adf.orchestrator.definition.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.definition.DefinitionLoader.Scope;
import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ADF v1 tolerated is read (with a warning where the file should be fixed), and what it did not
 * accept — placeholders, the 2014 preview format, ARM templates, lone activities — is an error that
 * names the cause, its JSON path and what to write instead.
 */
class LanguageToleranceTest {

  @TempDir Path dir;

  private LoadResult each(String name, String json) {
    return new DefinitionLoader().load(List.of(write(dir, name, json)), EnvironmentConfig.NONE, Scope.EACH);
  }

  @Test
  void unquotedKeysAndTrailingCommasLoadWithAWarningAtTheFirstNonStrictPlace() {
    LoadResult r = each("ls.json", """
        { name: "S", "properties": { "type": "AzureStorage",
          "typeProperties": { "connectionString": "UseLocalStore=true", }, } }
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).singleElement().satisfies(w -> {
      assertThat(w.line()).isEqualTo(1);
      assertThat(w.column()).isEqualTo(3);
      assertThat(w.message()).startsWith("not strict JSON").contains("unquoted keys");
    });
  }

  @Test
  void jsonThatIsInvalidEvenLenientlyIsTheStrictErrorWithLineAndColumn() {
    LoadResult r = each("bad.json", "{ \"name\": \"S\" \"properties\": {} }");
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).startsWith("invalid JSON");
      assertThat(e.line()).isEqualTo(1);
      assertThat(e.column()).isEqualTo(15);
    });
  }

  @Test
  void aUtf8ByteOrderMarkIsIgnored() {
    assertThat(each("ls.json", "\uFEFF" + STORAGE).problems()).isEmpty();
  }

  @Test
  void placeholdersAreErrorsAtTheirPathNamingThePlaceholder() {
    LoadResult r = each("p.json", PIPELINE.replace("2015-11-16T00:00:00Z", "<start-time>"));
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/start");
      assertThat(e.message()).contains("the placeholder <start-time>").contains("--config")
          .doesNotContain("ISO-8601");
    });
  }

  @Test
  void placeholdersInSecretsAreNotEchoed() {
    LoadResult r = each("ls.json", STORAGE.replace("AccountKey=c2VjcmV0", "AccountKey=<my-secret key>"));
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/typeProperties/connectionString");
      assertThat(e.message()).contains("not shown: the value is a secret").doesNotContain("my-secret");
    });
  }

  @Test
  void sqlComparisonsAreNotPlaceholdersButAnEmptyPairIsAWarning() {
    assertThat(Placeholders.find(node("{\"q\": \"select * from t where a < 5 and b <> c and d > 2\"}"))).isEmpty();
    LoadResult r = each("ls.json", STORAGE.replace("AccountKey=c2VjcmV0", "AccountKey=<>"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("looks unfilled"));
  }

  @Test
  void previewDatasetNamesLocationAndWaitOnExternalWithTheirGaReplacements() {
    LoadResult r = each("t.json", """
        { "name": "T", "properties": {
            "Location": { "Type": "AzureBlobLocation", "folderPath": "c/f", "linkedServiceName": "S" },
            "availability": { "frequency": "Hour", "interval": 1, "waitOnExternal": {} } } }
        """);
    assertThat(r.errors()).extracting(Problem::pointer)
        .containsExactly("/properties/Location", "/properties/availability/waitOnExternal");
    assertThat(r.errors()).allSatisfy(e -> assertThat(e.message()).startsWith(PreviewFormat.FORMAT));
    assertThat(r.errors().get(0).message()).contains("\"type\": \"AzureBlob\"");
    assertThat(r.errors().get(1).message()).contains("\"external\": true").contains("externalData");
  }

  @Test
  void previewActivitiesNameTheirGaTypes() {
    LoadResult r = each("p.json", """
        { "name": "P", "properties": { "activities": [
            { "name": "A", "type": "CopyActivity", "transformation": { "source": {}, "sink": {} } },
            { "name": "B", "type": "HDInsightActivity", "transformation": { "type": "Pig" } } ] } }
        """);
    assertThat(r.errors()).extracting(Problem::pointer)
        .containsExactly("/properties/activities/0/type", "/properties/activities/1/type");
    assertThat(r.errors().get(0).message()).contains("'CopyActivity' became 'Copy'");
    assertThat(r.errors().get(1).message()).contains("'HDInsightActivity' became 'HDInsightPig'");
  }

  @Test
  void armTemplatesAreRejectedWithWhatTheyDeclare() {
    LoadResult r = each("arm.json", """
        { "$schema": "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [ { "type": "Microsoft.DataFactory/datafactories", "resources": [
              { "type": "linkedservices" }, { "type": "datasets" }, { "type": "datasets" },
              { "type": "datapipelines" } ] } ] }
        """);
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/resources");
      assertThat(e.message()).startsWith("an Azure Resource Manager template")
          .contains("1 linked service(s), 2 dataset(s) and 1 pipeline(s)");
    });
  }

  @Test
  void aLoneActivityIsToldToGoIntoAPipeline() {
    LoadResult r = each("a.json", "{ \"name\": \"A\", \"type\": \"DotNetActivity\", \"typeProperties\": {},"
        + " \"outputs\": [ { \"name\": \"O\" } ] }");
    assertThat(r.errors()).singleElement().satisfies(e ->
        assertThat(e.message()).contains("a single activity, not a pipeline").contains("DotNetActivity"));
  }

  @Test
  void eachSkipsReferencesThatTheSetChecks() {
    write(dir, "p/P.json", PIPELINE);
    LoadResult alone = new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE, Scope.EACH);
    assertThat(alone.errors()).isEmpty();
    LoadResult set = new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE, Scope.SET);
    assertThat(set.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.message()).contains("'output'"));
    write(dir, "ds/output.json", OUTPUT);
    write(dir, "ls/StorageLinkedService.json", STORAGE);
    assertThat(new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE, Scope.SET).errors()).isEmpty();
  }

  @Test
  void aBadExpressionIsAnErrorAtItsValueNamingTheExpressionAndColumn() {
    LoadResult r = each("p.json", PIPELINE.replace("\"className\": \"C\"",
        "\"className\": \"$$Text.Format('{0:yyyy}', SliceStrat)\""));
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/activities/0/typeProperties/className");
      assertThat(e.message()).contains("in \"$$Text.Format('{0:yyyy}', SliceStrat)\" at column 27")
          .contains("unknown variable 'SliceStrat'");
    });
  }

  @Test
  void partitionedByTokensNeedADefinition() {
    LoadResult r = each("d.json", OUTPUT.replace("\"folderPath\": \"output/results\"",
        "\"folderPath\": \"output/{Year}/{Month}\", \"partitionedBy\": [ { \"name\": \"Year\","
            + " \"value\": { \"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"yyyy\" } } ]"));
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/typeProperties/folderPath");
      assertThat(e.message()).contains("Month");
    });
  }

  @Test
  void dependencyExpressionsMustGiveADateTime() {
    LoadResult r = each("p.json", PIPELINE.replace("\"outputs\"",
        "\"inputs\": [ { \"name\": \"i\", \"startTime\": \"Date.DayOfWeek(SliceStart)\","
            + " \"endTime\": \"Date.AddDays(SliceEnd, -1)\" } ], \"outputs\""));
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/activities/0/inputs/0/startTime");
      assertThat(e.message()).contains("not a DateTime");
    });
  }

  @Test
  void aDocumentThatIsNotAnObjectIsAnError() {
    assertThat(each("p.json", "[ " + PIPELINE + " ]").errors()).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("the document is an array"));
    assertThat(each("n.json", "null").errors()).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("the document is null"));
  }

  @Test
  void aSyntaxErrorAfterAKeyPointsAtThatKey() {
    LoadResult r = each("d.json", OUTPUT.replace("\"availability\"", "\"external\": tru,\n    \"availability\""));
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.message()).startsWith("invalid JSON");
      assertThat(e.pointer()).isEqualTo("/properties/external");
    });
  }

  @Test
  void secretMembersOfAContainerShownInAMessageAreMasked() {
    LoadResult r = each("ls.json", """
        { "name": "S", "properties": { "type": "AzureStorage",
          "typeProperties": [ { "password": "hunter2", "secretAccessKey": "wJalrEXAMPLE", "n": 1 } ] } }
        """);
    assertThat(r.errors()).isNotEmpty();
    assertThat(r.problems()).allSatisfy(p ->
        assertThat(p.message()).doesNotContain("hunter2").doesNotContain("wJalrEXAMPLE"));
  }

  @Test
  void typesMustBeTextAndDependencyExpressionsTooAndDatesWithinDotNetRange() {
    assertThat(each("d.json", OUTPUT.replace("\"type\": \"AzureBlob\"", "\"type\": 5")).errors())
        .extracting(Problem::pointer).containsExactly("/properties/type");
    assertThat(each("p.json", PIPELINE.replace("\"outputs\"",
        "\"inputs\": [ { \"name\": \"i\", \"startTime\": 5 } ], \"outputs\"")).errors())
        .singleElement().satisfies(e -> assertThat(e.message()).contains("must be text"));
    assertThat(each("p.json", PIPELINE.replace("2015-11-16T00:00:00Z", "-999999999-01-01T00:00:00Z")).errors())
        .singleElement().satisfies(e -> assertThat(e.message()).contains("outside the years 0001-9999"));
  }

  private static com.fasterxml.jackson.databind.JsonNode node(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
