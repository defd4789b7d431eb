package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.actions.Selection;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.history.HistoryJson;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.orchestrator.validation.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADF's Copy activity through the whole orchestrator: deploy, the scheduler, the built-in engine's
 * copy job in a child JVM, the run history. The sample factory {@code samples/CopyBlobs} on the
 * embedded default, a user's daily BlobSource → BlobSink on a real Azurite, and what a deploy refuses.
 */
class CopyRunTest {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;

  @Test
  void theCopyBlobsSampleRunsHourlyIntoTheDaysFolderAsGzippedTsvAndAReRunReplacesItsOwnFiles() throws Exception {
    Path sample = Harness.repoRoot().resolve("samples/CopyBlobs");
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      copyTree(sample.resolve("data"), h.orchestrator.storageRoot());
      h.deploy(sample.resolve("ADFJsons"), null);
      h.runUntilIdle();
      List<ActivityWindow> windows = h.windows();
      assertThat(windows).hasSize(6).allSatisfy(w ->
          assertThat(w.state().status()).as("%s: %s", w.key(), h.attempts(w)).isEqualTo(WindowStatus.Ready));
      Path day = h.orchestrator.storageRoot().resolve("curated/events/2015/01/01");
      Map<String, String> first = gunzipAll(day);
      assertThat(first).hasSize(12).allSatisfy((name, text) -> {
        assertThat(name).matches("Data\\.[0-9a-f-]{36}\\.[0-9a-f-]{36}\\.txt\\.gz");
        assertThat(text).startsWith("eventId\tuser\taction\tamount\n").doesNotContain(",").doesNotContain("\r");
        assertThat(text.split("\n")).hasSize(51);
      });
      Attempt a = h.attempts(windows.get(0)).get(0);
      JsonNode out = HistoryJson.attempts(List.of(a)).get(0).get("output");
      assertThat(out.get("filesRead").asInt()).isEqualTo(2);
      assertThat(out.get("filesWritten").asInt()).isEqualTo(2);
      assertThat(out.get("rowsRead").asInt()).isEqualTo(100);
      assertThat(out.get("method").asText()).isEqualTo("re-serialize");
      assertThat(dev.adf.orchestrator.history.AttemptOutput.summary(a.output()))
          .contains("2 files read, 2 written", "100 rows read", "FlattenHierarchy", "re-serialize");

      ActivityWindow w = windows.get(2);
      new WindowActions(h.orchestrator.store(), h.orchestrator.deployedFactory())
          .rerun(Selection.window(w.key().pipeline(), w.key().activity(), w.key().windowStart()), false, NOW);
      h.runUntilIdle();
      assertThat(h.attempts(h.windows().get(2))).hasSize(2);
      assertThat(gunzipAll(day)).isEqualTo(first);
    }
    String home = tmp.resolve("home").toString();
    CliTest.Result table = CliTest.adf("runs", "--home", home, "--pipeline", "CopyHourlyEvents", "--activity",
        "CopyEvents", "--window", "2015-01-01T02:00:00Z");
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("attempt 1 output: 2 files read, 2 written", "attempt 2 output: ",
        "100 rows read, 100 copied", "FlattenHierarchy, re-serialize (streaming)");
    CliTest.Result json = CliTest.adf("runs", "--home", home, "--pipeline", "CopyHourlyEvents", "--activity",
        "CopyEvents", "--window", "2015-01-01T02:00:00Z", "--format", "json");
    JsonNode attempts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(attempts).hasSize(2).allSatisfy(at -> {
      assertThat(at.get("output").get("dataRead").asLong()).isGreaterThan(0);
      assertThat(at.get("output").get("rowsCopied").asLong()).isEqualTo(100);
    });
  }

  @Test
  void aUsersDailyBlobCopyRunsToReadyOnTheEmbeddedDefaultByteForByte() throws Exception {
    dailyBlobCopy(null);
  }

  @Test
  void aUsersDailyBlobCopyRunsToReadyOnAzuriteByteForByte() throws Exception {
    dailyBlobCopy(AZURITE.connectionString());
  }

  /** A daily BlobSource → BlobSink, PreserveHierarchy; {@code cs} null for the local folder store. */
  private void dailyBlobCopy(String cs) throws Exception {
    byte[] big = new byte[9 * 1024 * 1024 + 17];
    new Random(5).nextBytes(big);
    Path factory = TestFactory.folder(tmp.resolve("f"),
        "Landing", dataset("Landing", "landing/{Day}", true),
        "Archive", dataset("Archive", "archive/{Day}", false),
        "Archive.pipeline", """
            {"name": "ArchiveDaily", "properties": {"activities": [{"name": "CopyDay", "type": "Copy",
              "inputs": [{"name": "Landing"}], "outputs": [{"name": "Archive"}],
              "typeProperties": {"source": {"type": "BlobSource"},
                "sink": {"type": "BlobSink", "copyBehavior": "PreserveHierarchy"}},
              "scheduler": {"frequency": "Day", "interval": 1}, "policy": {"concurrency": 2}}],
              "start": "2026-01-01T00:00:00Z", "end": "2026-01-03T00:00:00Z"}}""");
    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2026-01-04T00:00:00Z"));
        BlobStore store = cs == null ? BlobStores.open("UseLocalStore=true", h.orchestrator.storageRoot())
            : BlobStores.open(cs, null)) {
      for (String day : List.of("2026-01-01", "2026-01-02")) {
        put(store, "landing", day + "/part-0.csv", "a,b\n1," + day + "\n");
        put(store, "landing", day + "/nested/part-1.csv", "c,d\n");
      }
      store.write("landing", "2026-01-02/big.bin", new ByteArrayInputStream(big), big.length);
      Path config = null;
      if (cs != null) {
        config = Files.writeString(tmp.resolve("azurite.json"), "{\"StorageLinkedService\": [{\"name\":"
            + " \"$.properties.typeProperties.connectionString\", \"value\": \"" + cs + "\"}]}");
      }
      h.deploy(factory, config);
      h.runUntilIdle();
      assertThat(h.windows()).hasSize(2).allSatisfy(w ->
          assertThat(w.state().status()).as("%s", h.attempts(w)).isEqualTo(WindowStatus.Ready));
      Map<String, String> archived = new TreeMap<>();
      Map<String, String> landed = new TreeMap<>();
      for (Iterator<BlobItem> it = store.list("archive", ""); it.hasNext(); ) {
        String n = it.next().name();
        archived.put(n, md5(store, "archive", n));
      }
      for (Iterator<BlobItem> it = store.list("landing", ""); it.hasNext(); ) {
        String n = it.next().name();
        landed.put(n, md5(store, "landing", n));
      }
      assertThat(archived).isEqualTo(landed).hasSize(5);
      ActivityWindow second = h.windows().stream()
          .filter(w -> w.key().windowStart().equals(Instant.parse("2026-01-02T00:00:00Z"))).findFirst().orElseThrow();
      JsonNode out = HistoryJson.attempts(h.attempts(second)).get(0).get("output");
      assertThat(out.get("method").asText()).isEqualTo("binary");
      assertThat(out.get("transport").asText()).isEqualTo(cs == null ? "local staged folder, swapped in" : "server-side");
      assertThat(out.get("dataWritten").asLong()).isEqualTo(big.length + 17 + 4);
    }
  }

  @Test
  void aDeployRefusesWhatCopyCannotRunWithTheDatasetsFileLineAndColumnAndChangesNothing() throws Exception {
    Path factory = TestFactory.folder(tmp.resolve("f"),
        "In", """
            {"name": "In", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
              "typeProperties": {"folderPath": "in", "format": {"type": "ParquetFormat"}},
              "availability": {"frequency": "Day", "interval": 1}, "external": true}}""",
        "Out", dataset("Out", "out/{Day}", false),
        "P.pipeline", """
            {"name": "P", "properties": {"activities": [{"name": "CopyIt", "type": "Copy",
              "inputs": [{"name": "In"}], "outputs": [{"name": "Out"}],
              "typeProperties": {"source": {"type": "BlobSource"}, "sink": {"type": "SqlSink"}},
              "scheduler": {"frequency": "Day", "interval": 1}}],
              "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z"}}""");
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      Deployer.Report r = new Deployer(h.orchestrator).deploy(List.of(factory), null);
      assertThat(r.refused()).isTrue();
      List<Problem> errors = r.problems().stream().filter(Problem::isError).toList();
      assertThat(errors).anySatisfy(p -> {
        assertThat(p.file().getFileName().toString()).isEqualTo("In.json");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains("Copy activity 'CopyIt'", "ParquetFormat", "TextFormat");
      });
      assertThat(errors).anySatisfy(p -> {
        assertThat(p.file().getFileName().toString()).isEqualTo("P.pipeline.json");
        assertThat(p.jsonPath()).contains("sink").contains("type");
        assertThat(p.message()).contains("SqlSink", "BlobSink");
      });
      assertThat(h.windows()).isEmpty();
    }
    CliTest.Result cli = CliTest.adf("deploy", "--home", tmp.resolve("home2").toString(), factory.toString());
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("In.json:2:", "ParquetFormat").doesNotContain("\tat ");
  }

  // --- helpers

  private static String dataset(String name, String folderPath, boolean external) {
    return """
        {"name": "%s", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
          "typeProperties": {"folderPath": "%s", "partitionedBy": [{"name": "Day", "value":
            {"type": "DateTime", "date": "SliceStart", "format": "yyyy-MM-dd"}}]},
          "availability": {"frequency": "Day", "interval": 1}, "external": %s}}""".formatted(name, folderPath, external);
  }

  private static void put(BlobStore store, String container, String name, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    store.write(container, name, new ByteArrayInputStream(b), b.length);
  }

  private static String md5(BlobStore store, String container, String name) throws Exception {
    try (InputStream in = store.openRead(container, name)) {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(in.readAllBytes()));
    }
  }

  private static Map<String, String> gunzipAll(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
          out.put(f.getFileName().toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(from)) {
      files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
    }
    for (Path f : files) {
      Path target = to.resolve(from.relativize(f).toString());
      Files.createDirectories(target.getParent());
      Files.copy(f, target);
    }
  }
}
