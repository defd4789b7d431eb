package dev.adf.orchestrator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a factory for the benchmarks, shaped like samples/ADFJsons but generated: linked services
 * StorageLinkedService (AzureStorage, {@code UseLocalStore=true}) and HDInsightLinkedService
 * (embedded engine), one AzureBlob output dataset per activity, and one pipeline "Bench" of
 * {@code activities} HDInsightMapReduce activities over {@code [start, end)}. Activities have no
 * inputs, so a window is runnable as soon as it is due (no slice checks in the scheduling numbers).
 */
public record BenchFactory(int activities, String frequency, Instant start, String end, int concurrency) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes the factory's JSON files under {@code dir} and returns it. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("StorageLinkedService.json"), linkedService("StorageLinkedService", "AzureStorage",
        JSON.createObjectNode().put("connectionString", "UseLocalStore=true")));
    write(dir.resolve("HDInsightLinkedService.json"), linkedService("HDInsightLinkedService", "HDInsight",
        JSON.createObjectNode().put("clusterUri", "embedded:").put("userName", "admin")
            .put("password", "embedded-engine-needs-no-password")
            .put("linkedServiceName", "StorageLinkedService")));
    ArrayNode acts = JSON.createArrayNode();
    for (int i = 0; i < activities; i++) {
      write(dir.resolve("out" + i + ".json"), dataset("out" + i));
      ObjectNode a = acts.addObject();
      a.put("type", "HDInsightMapReduce");
      ObjectNode tp = a.putObject("typeProperties");
      tp.put("className", "com.adf.spark.SparkJob");
      tp.put("jarFilePath", "libs/spark-adf-job-bin.jar");
      tp.put("jarLinkedService", "StorageLinkedService");
      tp.putArray("arguments").add("--mainClass").add("bench.NoOp");
      a.putArray("outputs").addObject().put("name", "out" + i);
      a.putObject("policy").put("executionPriorityOrder", "OldestFirst").put("timeout", "01:00:00")
          .put("concurrency", concurrency).put("retry", 1);
      a.putObject("scheduler").put("frequency", frequency).put("interval", 1);
      a.put("name", "A" + i);
      a.put("linkedServiceName", "HDInsightLinkedService");
    }
    ObjectNode p = JSON.createObjectNode();
    p.put("name", "Bench");
    ObjectNode props = p.putObject("properties");
    props.put("description", "benchmark pipeline");
    props.set("activities", acts);
    props.put("start", start.toString());
    props.put("end", end);
    props.put("isPaused", false);
    props.put("pipelineMode", "Scheduled");
    write(dir.resolve("Bench.json"), p);
    return dir;
  }

  private static ObjectNode linkedService(String name, String type, ObjectNode typeProperties) {
    ObjectNode ls = JSON.createObjectNode();
    ls.put("name", name);
    ObjectNode props = ls.putObject("properties");
    props.put("type", type);
    props.set("typeProperties", typeProperties);
    return ls;
  }

  private ObjectNode dataset(String name) {
    ObjectNode ds = JSON.createObjectNode();
    ds.put("name", name);
    ObjectNode props = ds.putObject("properties");
    props.put("type", "AzureBlob");
    props.put("linkedServiceName", "StorageLinkedService");
    props.putObject("typeProperties").put("folderPath", "output/" + name)
        .putObject("format").put("type", "TextFormat").put("columnDelimiter", "\t");
    props.putObject("availability").put("frequency", frequency).put("interval", 1);
    props.put("external", false);
    props.putObject("policy");
    return ds;
  }

  private static void write(Path file, ObjectNode node) throws IOException {
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
  }
}
