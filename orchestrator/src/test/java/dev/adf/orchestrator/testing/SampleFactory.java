package dev.adf.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Copies of the repository's Spark sample, changed per test. */
public final class SampleFactory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleFactory() {}

  /** Copies samples/ADFJsons into {@code dir} and returns it. */
  public static Path copy(Path dir) throws IOException {
    Path src = Harness.repoRoot().resolve("samples/ADFJsons");
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : walk.toList()) {
        Path to = dir.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return dir;
  }

  /** Edits the sample pipeline's only activity. */
  public static void editActivity(Path factory, Consumer<ObjectNode> edit) throws IOException {
    Path file = factory.resolve("Pipeline/SparkSubmit.json");
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept((ObjectNode) root.path("properties").path("activities").get(0));
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  /** Replaces the value after {@code option} in the activity's arguments. */
  public static void setArgument(ObjectNode activity, String option, String value) {
    ArrayNode args = (ArrayNode) activity.path("typeProperties").path("arguments");
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).asText().equals(option)) {
        args.set(i + 1, JSON.getNodeFactory().textNode(value));
        return;
      }
    }
    throw new IllegalArgumentException("no argument " + option);
  }

  public static ObjectNode policy(ObjectNode activity) {
    return (ObjectNode) activity.path("policy");
  }

  /**
   * The repository's local environment config (conf/environments/local.json: it fills the sample's
   * placeholders) with the sample's storage pointed at {@code connectionString} instead.
   */
  public static Path config(Path file, String connectionString) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(Harness.repoRoot().resolve("conf/environments/local.json").toFile());
    ((ObjectNode) root.path("StorageLinkedService").get(0)).put("value", connectionString);
    Files.writeString(file, JSON.writeValueAsString(root));
    return file;
  }

  /** The repository's conf/environments/local.json, which fills the sample's placeholders. */
  public static String localConfig() {
    return Harness.repoRoot().resolve("conf/environments/local.json").toString();
  }

  /** The sample input files (repository samples/data/input/data), as (relative name, bytes). */
  public static Path inputData() {
    return Harness.repoRoot().resolve("samples/data/input/data");
  }

  static JsonNode read(InputStream in) throws IOException {
    return JSON.readTree(in);
  }

  /**
   * Puts the sample input files into the {@code input} container, under {@code data/}, of the local
   * blob store rooted at {@code storageRoot} (a home's {@code storage} folder).
   */
  public static void putInput(Path storageRoot) throws IOException {
    try (dev.adf.engine.storage.BlobStore store = dev.adf.engine.storage.BlobStores.open("UseLocalStore=true", storageRoot);
        Stream<Path> files = Files.walk(inputData())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        try (java.io.InputStream in = Files.newInputStream(f)) {
          store.write("input", "data/" + inputData().relativize(f).toString().replace('\\', '/'), in, Files.size(f));
        }
      }
    }
  }
}
