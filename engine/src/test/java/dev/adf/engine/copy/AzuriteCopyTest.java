package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.storage.StorageConnectionString;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The block engine and the copy job against a real Azurite. */
class AzuriteCopyTest {

  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  static BlobStore store;
  static Map<String, String> expected;

  @BeforeAll
  static void upload() throws Exception {
    store = BlobStores.open(AZURITE.connectionString(), null);
    expected = TestData.putMixedShape(store, "input", "data/");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void blockEngineCopiesByteIdenticalBlobs() throws Exception {
    CopyResult r = BlobCopier.builder().workers(4).build().copy(
        store, new BlobLocation(null, "input", "data"), store, new BlobLocation(null, "copy1", "results"), () -> false);
    assertThat(TestData.md5s(store, "copy1", "results/")).isEqualTo(expected);
    assertThat(r.blobs()).isEqualTo(expected.size());
    assertThat(r.bytes()).isGreaterThan(20L * TestData.MIB);
  }

  @Test
  void localToAzuriteStreamsThroughThePort(@TempDir Path tmp) throws Exception {
    var local = new LocalFolderBlobStore(tmp);
    Map<String, String> local5 = TestData.putMixedShape(local, "samples", "");
    CopyResult r = BlobCopier.withDefaults().copy(
        local, new BlobLocation(null, "samples", ""), store, new BlobLocation(null, "uploaded", "in"), () -> false);
    assertThat(TestData.md5s(store, "uploaded", "in/")).isEqualTo(local5);
    assertThat(r.blobs()).isEqualTo(local5.size());
  }

  @Test
  void sparkSampleDemoClassCopiesThroughTheEngine(@TempDir Path work) throws Exception {
    try (var engine = new BuiltInEngine(work, Clock.systemUTC(), 2)) {
      JobId id = engine.submit(spec("demo-1", "input=wasb://input@devstoreaccount1.blob.core.windows.net/data",
          "output=wasb://output@devstoreaccount1.blob.core.windows.net/results"));
      JobStatus s = engine.await(id, Duration.ofMinutes(2));
      String log = engine.log(id);
      assertThat(s.state()).as(log).isEqualTo(JobState.SUCCEEDED);
      assertThat(TestData.md5s(store, "output", "results/")).isEqualTo(expected);
      assertThat(log).contains("blob copy done: " + expected.size() + " blobs").contains("MB/s")
          .doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY);
    }
  }

  @Test
  void emptyInputFailsSayingSo(@TempDir Path work) throws Exception {
    try (var engine = new BuiltInEngine(work, Clock.systemUTC(), 2)) {
      JobId id = engine.submit(spec("demo-2", "input=wasb://input@devstoreaccount1.blob.core.windows.net/nothing-here",
          "output=wasb://output@devstoreaccount1.blob.core.windows.net/x"));
      JobStatus s = engine.await(id, Duration.ofMinutes(1));
      assertThat(s.state()).isEqualTo(JobState.FAILED);
      assertThat(s.error()).contains("input/nothing-here has no blobs").doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY);
      assertThat(engine.log(id)).doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY);
    }
  }

  private static JobSpec spec(String key, String input, String output) {
    return new JobSpec("copy", BuiltInJobs.SPARK_DEMO_ALIAS, List.of(),
        List.of("--driverMemory", "2g", "--connectionString", AZURITE.connectionString(), input, output),
        Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, AZURITE.connectionString()), key);
  }
}
