package dev.adf.spark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.engine.livy.Batch;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyHttpClient;
import dev.adf.engine.livy.LivyState;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.storage.StorageConnectionString;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import dev.adf.spark.copy.SparkBlobCopy;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Spark copy job's wasb:// path for real: blobs in a real Azurite, copied by {@link SparkBlobCopy}
 * on the real Spark cluster through the real Livy, read back with the Azure SDK. The job reaches
 * Azurite by its production-style host {@code devstoreaccount1.blob.localhost:PORT} (resolved by the
 * cluster's hosts file, {@link SparkCluster#hostsFile()}), and its only credential is Azurite's
 * connection string in {@value SparkBlobCopy#CONF_STORAGE_CONNECTION_STRING}, as the engine passes it.
 */
@ExtendWith(SparkClusterExtension.class)
class SparkWasbIT {

  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  /** Containers (Azure names are 3 to 63 characters: {@code in} is refused with 400 OutOfRangeInput). */
  private static final String IN = "wasb-in";

  private static final String OUT = "wasb-out";

  /** Input blobs below {@code wasb-in/data/}: empty, tiny, one block, a few MiB, nested. */
  private static Map<String, byte[]> inputs() {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    blobs.put("empty.bin", new byte[0]);
    blobs.put("one-byte.txt", new byte[] {'x'});
    blobs.put("small.csv", TestData.random(10_000, 1));
    blobs.put("big.bin", TestData.random(5 * TestData.MIB + 13, 2));
    blobs.put("nested/deeper/part-00000.csv", TestData.random(300_000, 3));
    return blobs;
  }

  private static String wasb(String container, String path) {
    return "wasb://" + container + "@" + SparkCluster.AZURITE_HOST + ":" + AZURITE.port() + "/" + path;
  }

  @Test
  void aLivyBatchCopiesBlobsWasbToWasbInAzurite(SparkCluster cluster) throws Exception {
    Map<String, byte[]> inputs = inputs();
    try (BlobStore store = BlobStores.open(AZURITE.connectionString(), null)) {
      for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
        TestData.put(store, IN, "data/" + e.getKey(), e.getValue());
      }
      TestData.put(store, IN, "elsewhere/not-copied.txt", new byte[] {'n'});

      // Livy accepts local jars only below its whitelist, the integration tests' work folder.
      Path jar = SparkClusterExtension.work().resolve("wasb/adf-spark-copy-job.jar");
      Files.createDirectories(jar.getParent());
      Files.copy(SparkClusterExtension.path("adf.it.jobJar"), jar, StandardCopyOption.REPLACE_EXISTING);
      CreateBatchRequest request = CreateBatchRequest.of(jar.toUri().toString(), SparkBlobCopy.MAIN_CLASS,
              List.of("input=" + wasb(IN, "data"), "output=" + wasb(OUT, "copy")))
          .withConf(Map.of(SparkBlobCopy.CONF_STORAGE_CONNECTION_STRING, AZURITE.connectionString()));

      try (LivyHttpClient livy = LivyHttpClient.builder(cluster.livy()).build()) {
        long start = System.nanoTime();
        Batch batch = awaitFinal(livy, livy.create(request));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        String log = String.join("\n", livy.log(batch.id(), 0, 10_000).log());
        System.out.println("wasb batch " + batch.id() + " ended " + batch.state() + " after " + seconds + " s");

        assertThat(LivyState.parse(batch.state())).as("batch %s; its log:%n%s", batch, log).isEqualTo(LivyState.SUCCESS);
        assertThat(log).contains("spark blob copy done: " + inputs.size() + " blobs");
        assertThat(log).doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY)
            .doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY.substring(0, 20));
        // The hosts file has every name the driver looks up (its own host name for Hadoop's metrics).
        assertThat(log).doesNotContain("UnknownHostException");
      }

      for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
        try (InputStream in = store.openRead(OUT, "copy/" + e.getKey())) {
          assertThat(in.readAllBytes()).as("%s/copy/%s", OUT, e.getKey()).isEqualTo(e.getValue());
        }
      }
      // Nothing else but WASB's folder markers (empty blobs named like a folder of the copy).
      Map<String, Long> listed = new TreeMap<>();
      store.list(OUT, "").forEachRemaining((BlobItem b) -> listed.put(b.name(), b.size()));
      listed.forEach((name, size) -> {
        String rel = name.equals("copy") ? "" : name.startsWith("copy/") ? name.substring("copy/".length()) : null;
        assertThat(rel).as("blob %s/%s outside the output folder", OUT, name).isNotNull();
        if (!inputs.containsKey(rel)) {
          assertThat(size).as("%s/%s is no input", OUT, name).isZero();
          assertThat(rel.isEmpty() || inputs.keySet().stream().anyMatch(k -> k.startsWith(rel + "/")))
              .as("%s/%s is neither an input nor a folder of one; listing %s", OUT, name, listed).isTrue();
        }
      });
      System.out.println("wasb output listing: " + listed);
    }
  }

  /**
   * The sample pipeline through the orchestrator with its storage in Azurite: {@code
   * conf/environments/livy-local.json} with StorageLinkedService = Azurite's connection string and the
   * launcher's input/output arguments at {@code wasb://input|output@devstoreaccount1.blob.localhost:PORT/…}.
   * The launcher's {@code --jarFile} is the job jar's {@code file:} URI (kept as given; a {@code
   * container/path} in Azurite would be sent as {@code wasb://…@devstoreaccount1.blob.core.windows.net},
   * which no Livy here can fetch).
   */
  @Test
  void theSampleWithItsStorageInAzuriteRunsItsWindowToReadyOnSpark(SparkCluster cluster, TestInfo info)
      throws Exception {
    Path dir = SparkClusterExtension.work().resolve("wasb").resolve(info.getTestMethod().orElseThrow().getName());
    deleteTree(dir);
    Files.createDirectories(dir);
    Path jar = dir.resolve("adf-spark-copy-job.jar");
    Files.copy(SparkClusterExtension.path("adf.it.jobJar"), jar);
    Map<String, byte[]> inputs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SampleFactory.inputData())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        inputs.put(SampleFactory.inputData().relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    assertThat(inputs).hasSizeGreaterThanOrEqualTo(2);
    Path config = azuriteConfig(dir.resolve("livy-azurite.json"), cluster, jar);

    try (BlobStore store = BlobStores.open(AZURITE.connectionString(), null);
        Harness h = new Harness(dir.resolve("home"), Instant.parse("2026-01-01T00:00:00Z"))) {
      for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
        TestData.put(store, "input", "data/" + e.getKey(), e.getValue());
      }
      h.deploy(SampleFactory.copy(dir.resolve("factory")), config);

      h.runUntilIdle();

      ActivityWindow w = h.windows().get(0);
      List<Attempt> attempts = h.attempts(w);
      assertThat(w.state().status()).as("window %s; attempts %s", w, attempts).isEqualTo(WindowStatus.Ready);
      assertThat(attempts).extracting(Attempt::status).containsExactly(AttemptStatus.Succeeded);
      for (Map.Entry<String, byte[]> e : inputs.entrySet()) {
        try (InputStream in = store.openRead("output", "results/" + e.getKey())) {
          assertThat(in.readAllBytes()).as("output/results/%s", e.getKey()).isEqualTo(e.getValue());
        }
      }
      try (LivyHttpClient livy = LivyHttpClient.builder(cluster.livy()).build()) {
        Batch batch = livy.get(attempts.get(0).engineJobId()).orElseThrow();
        assertThat(LivyState.parse(batch.state())).isEqualTo(LivyState.SUCCESS);
        String log = String.join("\n", livy.log(batch.id(), 0, 10_000).log());
        assertThat(log).contains("spark blob copy done: " + inputs.size() + " blobs")
            .doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY.substring(0, 20));
      }
    }
  }

  /** {@code conf/environments/livy-local.json} pointed at this cluster's Livy and at Azurite. */
  private static Path azuriteConfig(Path file, SparkCluster cluster, Path jar) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(Harness.repoRoot().resolve("conf/environments/livy-local.json").toFile());
    ((ObjectNode) root.path("StorageLinkedService").get(0)).put("value", AZURITE.connectionString());
    for (JsonNode e : root.path("HDInsightLinkedService")) {
      ((ObjectNode) e).put("value", e.path("value").asText().replace("${env:ADF_LIVY_URL}", cluster.livy().toString())
          .replace("${env:ADF_LIVY_USER}", "admin").replace("${env:ADF_LIVY_PASSWORD}", "livy-has-no-auth-here"));
    }
    Map<Integer, String> args = Map.of(
        1, jar.toUri().toString(),
        19, AZURITE.connectionString(),
        20, "input=" + wasb("input", "data"),
        21, "output=" + wasb("output", "results"));
    for (JsonNode e : (ArrayNode) root.path("SparkSubmit")) {
      String name = e.path("name").asText();
      args.forEach((i, v) -> {
        if (name.equals("$.properties.activities[0].typeProperties.arguments[" + i + "]")) {
          ((ObjectNode) e).put("value", v);
        }
      });
    }
    Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Follows the batch until Livy reports a final state (at most 5 minutes). */
  private static Batch awaitFinal(LivyHttpClient livy, Batch batch) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    Batch b = batch;
    while (!LivyState.parse(b.state()).isFinal()) {
      assertThat(System.nanoTime()).as("batch %s still %s after 5 minutes", b.id(), b.state()).isLessThan(deadline);
      Optional<Batch> next = livy.awaitChange(b.id(), b.state(), Duration.ofSeconds(10));
      assertThat(next).as("batch %s vanished from Livy", b.id()).isPresent();
      b = next.get();
    }
    return b;
  }
}
