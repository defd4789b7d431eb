package dev.adf.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small ADF v1 factories written to a folder for run tests: the local-store AzureStorage and embedded
 * HDInsight linked services, AzureBlob datasets, and pipelines of one launcher activity whose engine job
 * is a test class run by name.
 */
public final class TestFactory {
  private TestFactory() {}

  /**
   * Writes the two linked services and {@code namesAndJson} (file name without {@code .json}, then its
   * text, repeated) into {@code dir}.
   *
   * @return {@code dir}
   */
  public static Path folder(Path dir, String... namesAndJson) {
    try {
      Files.createDirectories(dir);
      write(dir, "StorageLinkedService", """
          {"name": "StorageLinkedService", "properties": {"type": "AzureStorage",
            "typeProperties": {"connectionString": "UseLocalStore=true"}}}""");
      write(dir, "HDInsightLinkedService", """
          {"name": "HDInsightLinkedService", "properties": {"type": "HDInsight",
            "typeProperties": {"clusterUri": "embedded:", "userName": "admin", "password": "unused",
              "linkedServiceName": "StorageLinkedService"}}}""");
      for (int i = 0; i < namesAndJson.length; i += 2) {
        write(dir, namesAndJson[i], namesAndJson[i + 1]);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path dir, String name, String json) throws IOException {
    Files.writeString(dir.resolve(name + ".json"), json);
  }

  /** An AzureBlob dataset in folder {@code out/NAME} with the given availability. */
  public static String dataset(String name, String frequency, String style) {
    return """
        {"name": "%s", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
          "typeProperties": {"folderPath": "out/%s"},
          "availability": {"frequency": "%s", "interval": 1, "style": "%s"}}}"""
        .formatted(name, name, frequency, style);
  }

  /**
   * A pipeline of one {@code HDInsightMapReduce} activity named like the pipeline, running engine job
   * {@code job} with the window's day ({@code yyyy-MM-dd} of SliceStart) as its only argument.
   *
   * @param inputs the JSON array text of its inputs
   * @param policy the activity policy's JSON object text
   * @param period the pipeline's extra properties, e.g. {@code "start": "…", "end": "…"}
   */
  public static String pipeline(String name, String inputs, String output, String policy, String period,
      Class<?> job) {
    return """
        {"name": "%s", "properties": {"activities": [{
            "name": "%s", "type": "HDInsightMapReduce", "linkedServiceName": "HDInsightLinkedService",
            "typeProperties": {"className": "unused", "jarFilePath": "libs/unused.jar",
              "arguments": ["--mainClass", "%s", "$$Text.Format('{0:yyyy-MM-dd}', SliceStart)"]},
            "inputs": %s, "outputs": [{"name": "%s"}],
            "policy": %s}],
          %s}}"""
        .formatted(name, name, job.getName(), inputs, output, policy, period);
  }
}
