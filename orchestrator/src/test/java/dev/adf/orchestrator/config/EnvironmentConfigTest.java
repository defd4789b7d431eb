package dev.adf.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.definition.DefinitionLoader;
import dev.adf.orchestrator.definition.LoadResult;
import dev.adf.orchestrator.validation.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADF v1 deployment configs: values set by JSON path before binding, ${env:X} from an injected lookup. */
class EnvironmentConfigTest {

  @TempDir Path dir;
  private Path defs;

  private static final String STORAGE = """
      { "name": "StorageLinkedService",
        "properties": { "type": "AzureStorage",
          "typeProperties": { "connectionString": "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=placeholder" } } }
      """;

  private static final String PIPELINE = """
      { "name": "P", "properties": {
          "activities": [ { "name": "A", "type": "HDInsightMapReduce", "outputs": [ { "name": "output" } ],
                            "typeProperties": { "className": "C", "jarFilePath": "j/a.jar", "arguments": [ "--x", "1" ] } } ],
          "start": "2015-11-16T00:00:00Z", "end": "2015-11-17T00:00:00Z" } }
      """;

  private static final String OUTPUT = """
      { "name": "output", "properties": { "type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
          "typeProperties": { "folderPath": "out" }, "availability": { "frequency": "Day", "interval": 1 } } }
      """;

  @BeforeEach
  void files() throws IOException {
    defs = Files.createDirectories(dir.resolve("defs"));
    Files.writeString(defs.resolve("StorageLinkedService.json"), STORAGE);
    Files.writeString(defs.resolve("Pipeline.json"), PIPELINE);
    Files.writeString(defs.resolve("output.json"), OUTPUT);
  }

  private Path config(String json) throws IOException {
    return Files.writeString(dir.resolve("Dev.json"), json);
  }

  private LoadResult load(EnvironmentConfig config) {
    return new DefinitionLoader().load(List.of(defs), config);
  }

  @Test
  void replacesValuesTakingVariablesFromTheEnvironmentLookup() throws IOException {
    Path file = config("""
        { "$schema": "http://datafactories.schema.management.azure.com/vsschemas/V1/Microsoft.DataFactory.Config.json",
          "storagelinkedservice.json": [
            { "name": "$.Properties.typeProperties.connectionString",
              "value": "DefaultEndpointsProtocol=https;AccountName=dev;AccountKey=${env:DEV_KEY}" } ],
          "Pipeline": [
            { "name": "$.properties.activities[0].typeProperties.arguments[1]", "value": "2" },
            { "name": "$.properties.isPaused", "value": true },
            { "name": "$.properties.end", "value": "2015-11-18T00:00:00Z" } ] }
        """);
    EnvironmentConfig config = EnvironmentConfig.load(file, Map.of("DEV_KEY", "s3cr3t")::get);
    assertThat(config.problems()).isEmpty();
    assertThat(config.file()).contains(file);

    LoadResult r = load(config);

    assertThat(r.rendered()).isEmpty();
    var storage = r.factory().linkedService("StorageLinkedService").orElseThrow();
    assertThat(storage.typeProperties().get("connectionString").asText()).endsWith("AccountKey=s3cr3t");
    assertThat(storage.source().json()).contains("AccountName=dev");
    var pipeline = r.factory().pipeline("P").orElseThrow();
    assertThat(pipeline.paused()).isTrue();
    assertThat(pipeline.end()).hasToString("2015-11-18T00:00:00Z");
    assertThat(pipeline.activities().get(0).typeProperties().get("arguments").get(1).asText()).isEqualTo("2");
  }

  @Test
  void missingVariableIsAnErrorNamingIt() throws IOException {
    Path file = config("""
        { "StorageLinkedService": [
            { "name": "$.properties.typeProperties.connectionString", "value": "${env:NOT_SET_ANYWHERE}" } ] }
        """);
    EnvironmentConfig config = EnvironmentConfig.load(file, name -> null);
    assertThat(config.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file);
      assertThat(p.pointer()).isEqualTo("/StorageLinkedService/0/value");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).contains("environment variable 'NOT_SET_ANYWHERE' is not set");
    });
    assertThat(load(config).hasErrors()).isTrue();
  }

  @Test
  void pathMissingInTheEntityFileIsAnErrorNamingFileAndPath() throws IOException {
    Path file = config("""
        { "StorageLinkedService": [ { "name": "$.properties.nothing.here", "value": 1 } ] }
        """);
    LoadResult r = load(EnvironmentConfig.load(file, name -> null));
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file);
      assertThat(p.pointer()).isEqualTo("/StorageLinkedService/0/name");
      assertThat(p.message()).contains("$.properties.nothing.here does not exist in")
          .contains("StorageLinkedService.json").contains("$.properties has no key 'nothing'");
    });
  }

  @Test
  void lastKeyIsAddedWhenItsParentExists() throws IOException {
    Path file = config("""
        { "output": [ { "name": "$.properties.typeProperties.fileName", "value": "data.csv" } ] }
        """);
    LoadResult r = load(EnvironmentConfig.load(file, name -> null));
    assertThat(r.rendered()).isEmpty();
    assertThat(r.factory().dataset("output").orElseThrow().typeProperties().get("fileName").asText())
        .isEqualTo("data.csv");
  }

  @Test
  void entryNamingNoLoadedFileIsAnErrorForAFactoryAndAWarningFileByFile() throws IOException {
    Path file = config("""
        { "Nonexistent": [ { "name": "$.properties.type", "value": "x" } ] }
        """);
    LoadResult r = load(EnvironmentConfig.load(file, name -> null));
    assertThat(r.errors()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file);
      assertThat(p.pointer()).isEqualTo("/Nonexistent");
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.message()).contains("settings for 'Nonexistent' match none of the 3 loaded files",
          "not applied");
    });
    LoadResult each = new DefinitionLoader().load(List.of(defs), EnvironmentConfig.load(file, name -> null),
        DefinitionLoader.Scope.EACH);
    assertThat(each.hasErrors()).isFalse();
    assertThat(each.warnings()).singleElement().satisfies(p -> assertThat(p.file()).isEqualTo(file));
  }

  @Test
  void aMisspeltEntityFileIsNamedWithTheFileMeant() throws IOException {
    Path file = config("""
        { "Outptu.json": [ { "name": "$.properties.type", "value": "x" } ] }
        """);
    LoadResult r = load(EnvironmentConfig.load(file, name -> null));
    assertThat(r.errors()).singleElement().satisfies(p ->
        assertThat(p.message()).contains("'Outptu.json'", "did you mean 'output'?"));
  }

  @Test
  void badShapesAndPathsAreReportedInTheConfigFile() throws IOException {
    Path file = config("""
        { "A": {}, "B": [ { "value": 1 }, { "name": "properties.x", "value": 1 }, { "name": "$.a", "value": 1, "extra": 2 } ] }
        """);
    EnvironmentConfig config = EnvironmentConfig.load(file, name -> null);
    assertThat(config.problems()).extracting(Problem::pointer, Problem::severity).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/A", Problem.Severity.ERROR),
        org.assertj.core.groups.Tuple.tuple("/B/0", Problem.Severity.ERROR),
        org.assertj.core.groups.Tuple.tuple("/B/1/name", Problem.Severity.ERROR),
        org.assertj.core.groups.Tuple.tuple("/B/2/extra", Problem.Severity.WARNING));
    assertThat(config.problems().get(2).message()).contains("'properties.x' is not a config path");
  }

  @Test
  void invalidJsonConfigIsOneProblem() throws IOException {
    Path file = config("{ \"A\": [ }");
    EnvironmentConfig config = EnvironmentConfig.load(file, name -> null);
    assertThat(config.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("invalid JSON"));
  }

  @Test
  void noneChangesNothing() {
    assertThat(EnvironmentConfig.NONE.problems()).isEmpty();
    assertThat(EnvironmentConfig.NONE.file()).isEmpty();
    assertThat(load(EnvironmentConfig.NONE).rendered()).isEmpty();
  }
}
