package dev.adf.activities.hdinsight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.AttemptListener;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.livy.EngineBatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.slf4j.LoggerFactory;

/**
 * A real built-in engine behind the Livy batch API, a local folder store, and the linked services of
 * a small factory: {@value #CLUSTER} (HDInsight, its storage {@value #STORAGE}) and {@value #STORAGE}
 * ({@code UseLocalStore=true}). Close it after each test.
 */
final class EngineFixture implements AutoCloseable {

  static final String CLUSTER = "HDInsightLinkedService";
  static final String STORAGE = "AzureStorageLinkedService";
  static final Instant WINDOW_START = Instant.parse("2015-11-16T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final Path storeRoot;
  final BuiltInEngine engine;
  final EngineBatches batches;
  private final Map<String, LinkedServiceInfo> linkedServices;

  EngineFixture(Path tmp) {
    try {
      storeRoot = Files.createDirectories(tmp.resolve("store"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path work = tmp.resolve("engine");
    engine = new BuiltInEngine(work, Clock.systemUTC(), 2);
    batches = new EngineBatches(engine, work.toString());
    linkedServices = Map.of(
        CLUSTER, new LinkedServiceInfo(CLUSTER, "HDInsight",
            json("{'clusterUri': 'builtin', 'linkedServiceName': '" + STORAGE + "'}")),
        STORAGE, new LinkedServiceInfo(STORAGE, "AzureStorage", json("{'connectionString': 'UseLocalStore=true'}")));
  }

  static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a blob of the local store: {@code container/name}. */
  Path put(String blob, String text) throws IOException {
    Path p = storeRoot.resolve(blob);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  /** Writes an empty jar (a Livy {@code file} must exist; the classes are on the engine's classpath). */
  Path putJar(String blob) throws IOException {
    Path p = storeRoot.resolve(blob);
    Files.createDirectories(p.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(p))) {
      out.putNextEntry(new ZipEntry("META-INF/"));
    }
    return p;
  }

  /** Attempt 1 of activity {@code activity} of a {@code type} activity, for the window of {@link #WINDOW_START}. */
  ActivityContext context(String type, String activity, String typeProperties, AttemptListener listener) {
    return context(type, activity, json(typeProperties), listener);
  }

  ActivityContext context(String type, String activity, JsonNode typeProperties, AttemptListener listener) {
    return new ActivityContext(
        "SparkPipeline", activity, type, WINDOW_START, WINDOW_START.plusSeconds(86_400), 1,
        "SparkPipeline/" + activity + "/" + WINDOW_START + "/1",
        typeProperties,
        Optional.of(linkedServices.get(CLUSTER)),
        linkedServices,
        List.of(),
        List.of(),
        storeRoot,
        List.of(),
        ls -> batches,
        listener,
        LoggerFactory.getLogger("activity." + activity));
  }

  @Override
  public void close() {
    batches.close();
    engine.close();
  }

  /**
   * Records what an attempt tells its listener; for each {@link #jobLog} also whether the engine still
   * held the batch at that moment.
   */
  static final class Recording implements AttemptListener {
    private final EngineBatches batches;
    final List<String> jobRefs = new CopyOnWriteArrayList<>();
    /** The first job's log location, once it is submitted. */
    final java.util.concurrent.CompletableFuture<String> logLocation = new java.util.concurrent.CompletableFuture<>();
    final List<List<String>> logs = new CopyOnWriteArrayList<>();
    final List<Boolean> batchHeldAtLog = new CopyOnWriteArrayList<>();

    Recording(EngineBatches batches) {
      this.batches = batches;
    }

    @Override
    public void jobSubmitted(String jobRef, String logLocation) {
      jobRefs.add(jobRef);
      this.logLocation.complete(logLocation);
    }

    @Override
    public void jobLog(List<String> lines) {
      logs.add(new ArrayList<>(lines));
      try {
        batchHeldAtLog.add(batches.get(jobRefs.get(0)).isPresent());
      } catch (Exception e) {
        batchHeldAtLog.add(false);
      }
    }
  }
}
