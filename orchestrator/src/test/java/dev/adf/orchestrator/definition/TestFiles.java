package dev.adf.orchestrator.definition;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture locations and small file helpers for loader tests. */
final class TestFiles {
  private TestFiles() {}

  /** A folder under src/test/resources/defs. */
  static Path resource(String name) {
    try {
      return Path.of(TestFiles.class.getResource("/defs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The shared ADF v1 corpus ({@code shared/corpus/adfv1}), found by walking up from the working
   * directory; the test is skipped (assumption) when it is absent.
   */
  static Path corpus() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus/adfv1");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "shared/corpus/adfv1 not found above " + Path.of("").toAbsolutePath() + "; corpus tests skipped");
    return null;
  }

  static Path write(Path dir, String name, String json) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String STORAGE = """
      {
        "name": "StorageLinkedService",
        "properties": {
          "type": "AzureStorage",
          "typeProperties": {
            "connectionString": "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0"
          }
        }
      }
      """;

  static final String OUTPUT = """
      {
        "name": "output",
        "properties": {
          "type": "AzureBlob",
          "linkedServiceName": "StorageLinkedService",
          "typeProperties": { "folderPath": "output/results" },
          "availability": { "frequency": "Day", "interval": 1 }
        }
      }
      """;

  static final String PIPELINE = """
      {
        "name": "P",
        "properties": {
          "activities": [
            {
              "name": "A",
              "type": "HDInsightMapReduce", "typeProperties": { "className": "C", "jarFilePath": "j/a.jar" },
              "outputs": [ { "name": "output" } ],
              "policy": { "timeout": "01:00:00", "retry": 1 },
              "scheduler": { "frequency": "Day", "interval": 1 }
            }
          ],
          "start": "2015-11-16T00:00:00Z",
          "end": "2015-11-17T00:00:00Z"
        }
      }
      """;
}
