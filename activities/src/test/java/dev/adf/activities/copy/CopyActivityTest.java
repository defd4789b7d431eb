package dev.adf.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.AttemptListener;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.EngineResolver;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.livy.EngineBatches;
import dev.adf.engine.livy.LivyBatches;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The Copy activity on a real built-in engine (each attempt a real child JVM behind the Livy batch
 * API) over the real local folder store and a real folder as a FileShare.
 */
class CopyActivityTest {
  static final Instant START = Instant.parse("2016-07-12T00:00:00Z");

  @TempDir Path tmp;
  Path store;
  Path share;
  BuiltInEngine engine;
  EngineBatches batches;
  final Map<String, LinkedServiceInfo> linked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  final List<String> jobLogs = new CopyOnWriteArrayList<>();

  @BeforeEach
  void engine() throws IOException {
    store = Files.createDirectories(tmp.resolve("store"));
    share = Files.createDirectories(tmp.resolve("shares/files")).toRealPath();
    engine = new BuiltInEngine(tmp.resolve("engine"), Clock.systemUTC(), 2);
    batches = new EngineBatches(engine, tmp.resolve("engine").toString());
    linked.put("Storage", new LinkedServiceInfo("Storage", "AzureStorage",
        CopySpecTest.json("{'connectionString': 'UseLocalStore=true'}")));
    linked.put("Files", new LinkedServiceInfo("Files", "OnPremisesFileServer",
        CopySpecTest.json("{'host': '" + share + "', 'userid': 'u', 'password': 'p'}")));
  }

  @AfterEach
  void close() {
    batches.close();
    engine.close();
  }

  @Test
  void partitionedCsvBecomesTsvWithAHeaderAndTheOutcomeIsTheAttemptsOutput() throws Exception {
    put(store.resolve("raw/2016/07/12/a.csv"), "id,name\n1,x\n2,y\n");
    put(store.resolve("raw/2016/07/12/b.csv"), "id,name\n3,z\n");
    put(store.resolve("raw/2016/07/13/c.csv"), "id,name\n9,other day\n");
    DatasetInfo in = daily("In", "raw/{Year}/{Month}/{Day}", "{'type': 'TextFormat', 'firstRowAsHeader': true}", null);
    DatasetInfo out = daily("Out", "tsv/{Year}/{Month}/{Day}",
        "{'type': 'TextFormat', 'columnDelimiter': '\\t', 'rowDelimiter': '\\n', 'firstRowAsHeader': true}", null);
    ActivityOutcome o = run(CopySpecTest.copy("PreserveHierarchy"), in, out);
    assertThat(o.succeeded()).as(o.error() + "\n" + jobLogs).isTrue();
    assertThat(Files.readString(store.resolve("tsv/2016/07/12/a.csv"))).isEqualTo("id\tname\n1\tx\n2\ty\n");
    assertThat(Files.readString(store.resolve("tsv/2016/07/12/b.csv"))).isEqualTo("id\tname\n3\tz\n");
    assertThat(Files.exists(store.resolve("tsv/2016/07/13"))).isFalse();
    JsonNode output = o.output();
    assertThat(output.get("filesRead").asLong()).isEqualTo(2);
    assertThat(output.get("filesWritten").asLong()).isEqualTo(2);
    assertThat(output.get("rowsRead").asLong()).isEqualTo(3);
    assertThat(output.get("rowsCopied").asLong()).isEqualTo(3);
    assertThat(output.get("dataRead").asLong()).isEqualTo(28);
    assertThat(output.get("method").asText()).isEqualTo("re-serialize");
    assertThat(output.get("copyBehavior").asText()).isEqualTo("PreserveHierarchy");
    assertThat(output.has("throughputMBps")).isTrue();
  }

  @Test
  void aSliceWithoutInputFailsWithAdfsErrorAndTheResolvedPathAndMayBeRetried() throws Exception {
    DatasetInfo in = daily("In", "raw/{Year}/{Month}/{Day}", null, null);
    DatasetInfo out = daily("Out", "copy/{Year}/{Month}/{Day}", null, null);
    ActivityOutcome o = run(CopySpecTest.copy("PreserveHierarchy"), in, out);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.retryable()).isTrue();
    assertThat(o.error()).contains("UserErrorSourceBlobNotExist", "raw/2016/07/12/", "BlobCount: 0");
  }

  @Test
  void fileShareToBlobCompressedAndBackToAnotherShareFolder() throws Exception {
    put(share.resolve("in/2016-07-12/x.log"), "line 1\nline 2\n");
    put(share.resolve("in/2016-07-12/y.txt"), "not matched\n");
    DatasetInfo fsIn = new DatasetInfo("ShareIn", "FileShare", "Files", CopySpecTest.json(
        "{'folderPath': 'in\\\\{Day}', 'fileFilter': '*.log', 'partitionedBy': [{'name': 'Day', 'value':"
            + " {'type': 'DateTime', 'date': 'SliceStart', 'format': 'yyyy-MM-dd'}}]}"));
    DatasetInfo gz = daily("Zipped", "zipped/{Year}/{Month}/{Day}", null, "{'type': 'GZip', 'level': 'Fastest'}");
    ActivityOutcome o = run("{'source': {'type': 'FileSystemSource'}, 'sink': {'type': 'BlobSink',"
        + " 'copyBehavior': 'PreserveHierarchy'}}", fsIn, gz);
    assertThat(o.succeeded()).as(o.error() + "\n" + jobLogs).isTrue();
    try (InputStream z = new GZIPInputStream(Files.newInputStream(store.resolve("zipped/2016/07/12/x.log")))) {
      assertThat(new String(z.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
    }
    assertThat(Files.exists(store.resolve("zipped/2016/07/12/y.txt"))).isFalse();
    DatasetInfo fsOut = new DatasetInfo("ShareOut", "FileShare", "Files", CopySpecTest.json("{'folderPath': 'out'}"));
    ActivityOutcome back = run("{'source': {'type': 'BlobSource'}, 'sink': {'type': 'FileSystemSink',"
        + " 'copyBehavior': 'MergeFiles'}}", gz, fsOut);
    assertThat(back.succeeded()).as(back.error() + "\n" + jobLogs).isTrue();
    try (Stream<Path> files = Files.list(share.resolve("out"))) {
      List<Path> merged = files.toList();
      assertThat(merged).singleElement().satisfies(p -> {
        assertThat(p.getFileName().toString()).matches("Data\\.[0-9a-f-]{36}");
        assertThat(Files.readString(p)).isEqualTo("line 1\nline 2\n");
      });
    }
  }

  @Test
  void theStoresConnectionStringsTravelAsSecretConfNotInTheLog() throws Exception {
    linked.put("Storage", new LinkedServiceInfo("Storage", "AzureStorage", CopySpecTest.json(
        "{'connectionString': 'LocalStoreRoot=" + store + ";AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdA=='}")));
    put(store.resolve("raw/2016/07/12/a.bin"), "bytes");
    ActivityOutcome o = run(CopySpecTest.copy("PreserveHierarchy"), daily("In", "raw/{Year}/{Month}/{Day}", null, null),
        daily("Out", "copy/{Year}/{Month}/{Day}", null, null));
    assertThat(o.succeeded()).as(o.error() + "\n" + jobLogs).isTrue();
    assertThat(String.join("\n", jobLogs)).contains("adf.copy.outcome").doesNotContain("c2VjcmV0LWtleS1mb3ItdGVzdA");
  }

  // --- helpers

  private ActivityOutcome run(String typeProperties, DatasetInfo in, DatasetInfo out) throws InterruptedException {
    AttemptListener listener = new AttemptListener() {
      @Override
      public void jobSubmitted(String jobRef, String logLocation) {}

      @Override
      public void jobLog(List<String> lines) {
        jobLogs.addAll(lines);
      }
    };
    EngineResolver engines = new EngineResolver() {
      @Override
      public LivyBatches engineFor(LinkedServiceInfo compute) {
        throw new AssertionError("Copy names no compute linked service");
      }

      @Override
      public LivyBatches builtIn() {
        return batches;
      }
    };
    ActivityContext ctx = new ActivityContext("P", "Copy1", CopyActivity.TYPE, START, START.plusSeconds(86_400), 1,
        "P/Copy1/" + START + "/1/" + java.util.UUID.randomUUID(), CopySpecTest.json(typeProperties),
        java.util.Optional.empty(), linked, List.of(in), List.of(out), store, List.of(share.getParent()), engines,
        listener, LoggerFactory.getLogger("activity.Copy1"));
    return new CopyActivity().run(ctx);
  }

  static DatasetInfo daily(String name, String folderPath, String format, String compression) {
    String parts = "'partitionedBy': [{'name': 'Year', 'value': {'type': 'DateTime', 'date': 'SliceStart', 'format': 'yyyy'}},"
        + " {'name': 'Month', 'value': {'type': 'DateTime', 'date': 'SliceStart', 'format': 'MM'}},"
        + " {'name': 'Day', 'value': {'type': 'DateTime', 'date': 'SliceStart', 'format': 'dd'}}]";
    return new DatasetInfo(name, "AzureBlob", "Storage", CopySpecTest.json("{'folderPath': '" + folderPath + "', " + parts
        + (format == null ? "" : ", 'format': " + format) + (compression == null ? "" : ", 'compression': " + compression)
        + "}"));
  }

  private static void put(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  static List<String> lines(String s) {
    return new ArrayList<>(List.of(s.split("\n")));
  }
}
