package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlockBlobStore;
import dev.adf.engine.storage.StorageConnectionString;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Server-side copy, fall-back, verification, idempotence and failure on a real Azurite. */
class AzuriteCopyGuaranteesTest {

  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  static AzureBlobStore store;
  static Map<String, String> expected;
  static final BlobLocation IN = new BlobLocation(null, "input", "data");

  @BeforeAll
  static void upload() throws Exception {
    store = new AzureBlobStore(StorageConnectionString.parse(AZURITE.connectionString(), null));
    expected = TestData.putMixedShape(store, "input", "data/");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void sameAccountCopiesServerSideWithBothApisAndTheContentIsRight() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    // blobs over 1 MiB take the Put Block From URL path (256 MiB in production)
    CopyResult r = BlobCopier.builder().singleShotLimit(TestData.MIB).build().copy(
        store, IN, store, new BlobLocation(null, "server", "out"), () -> false, log::add);
    assertThat(r.method()).isEqualTo("server-side");
    assertThat(log).anySatisfy(l -> assertThat(l).startsWith("server-side copy: Copy Blob From URL works"))
        .anySatisfy(l -> assertThat(l).startsWith("server-side copy: Put Block From URL works"));
    assertThat(TestData.md5s(store, "server", "out/")).isEqualTo(expected);
    assertThat(r.blobs()).isEqualTo(expected.size());
  }

  @Test
  void aServiceThatCannotReadTheSourceFallsBackToStreamingForTheWholeCopy() throws Exception {
    // Same account and key, but the source is addressed as localhost: Azurite's Put Block From URL
    // then answers CannotVerifyCopySource ("not on the same Azurite instance").
    String viaLocalhost = AZURITE.connectionString().replace("127.0.0.1", "localhost");
    try (var source = new AzureBlobStore(StorageConnectionString.parse(viaLocalhost, null))) {
      List<String> log = new CopyOnWriteArrayList<>();
      CopyResult r = BlobCopier.builder().singleShotLimit(TestData.MIB).build().copy(
          source, IN, store, new BlobLocation(null, "fallback", "out"), () -> false, log::add);
      assertThat(log).anySatisfy(l -> assertThat(l)
          .contains("server-side copy not available (Put Block From URL refused")
          .contains("CannotVerifyCopySource").contains("streaming every blob through this client"));
      assertThat(r.method()).isEqualTo("block engine");
      assertThat(TestData.md5s(store, "fallback", "out/")).isEqualTo(expected);
    }
  }

  @Test
  void rerunDeletesStaleBlobsAndGivesTheSameOutput() throws Exception {
    for (ServerSide mode : ServerSide.values()) {
      String c = "rerun-" + mode.name().toLowerCase();
      BlobCopier copier = BlobCopier.builder().serverSide(mode).build();
      copier.copy(store, IN, store, new BlobLocation(null, c, "out"), () -> false);
      TestData.put(store, c, "out/stale/from-attempt-1.bin", new byte[100]);
      TestData.put(store, c, "out/zzz", new byte[1]);
      TestData.put(store, c, "outside/keep", new byte[1]);
      List<String> log = new CopyOnWriteArrayList<>();
      CopyResult again = copier.copy(store, IN, store, new BlobLocation(null, c, "out"), () -> false, log::add);
      assertThat(again.staleDeleted()).as(mode.name()).isEqualTo(2);
      assertThat(log).contains("deleted 2 stale blobs under " + c + "/out/ that the source does not have");
      assertThat(TestData.md5s(store, c, "out/")).as(mode.name()).isEqualTo(expected);
      assertThat(store.exists(c, "outside/keep")).isTrue();
    }
  }

  @Test
  void aSourceBlobWhoseContentMd5IsWrongFailsTheStreamedCopyNamingIt() throws Exception {
    TestData.put(store, "md5", "in/good.csv", "fine\n".getBytes());
    TestData.put(store, "md5", "in/bad.csv", "these bytes do not match their Content-MD5\n".getBytes());
    new BlobServiceClientBuilder().connectionString(AZURITE.connectionString()).buildClient()
        .getBlobContainerClient("md5").getBlobClient("in/bad.csv")
        .setHttpHeaders(new BlobHttpHeaders().setContentMd5(TestData.random(16, 1)));
    assertThatThrownBy(() -> BlobCopier.builder().serverSide(ServerSide.NEVER).build().copy(
            store, new BlobLocation(null, "md5", "in"), store, new BlobLocation(null, "md5-out", "x"), () -> false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("blob in/bad.csv failed its MD5 check");
    assertThat(store.exists("md5-out", "x/bad.csv")).isFalse();
  }

  @Test
  void aBlockCopyFailingHalfWayLeavesNoPartialTargetBlob() throws Exception {
    BlockBlobStore failing = new FailOnThirdBlock(store);
    assertThatThrownBy(() -> BlobCopier.builder().workers(2).serverSide(ServerSide.NEVER).build().copy(
            store, IN, failing, new BlobLocation(null, "half", "out"), () -> false))
        .isInstanceOf(IOException.class).hasMessageContaining("injected");
    // the 20 MiB blob had blocks staged, never committed: it must not be listed
    List<String> names = new ArrayList<>();
    store.list("half", "out/").forEachRemaining(i -> names.add(i.name()));
    assertThat(names).doesNotContain("out/big/twenty-mib.bin");
    for (String n : names) {
      try (InputStream in = store.openRead("half", n)) {
        assertThat(TestData.md5(in)).as(n).isEqualTo(expected.get(n.substring("out/".length())));
      }
    }
  }

  @Test
  void theJobLogsTheServerSideProbeStaleDeletionsAndASummary(@TempDir Path work) throws Exception {
    store.createContainerIfMissing("job-out");
    TestData.put(store, "job-out", "results/stale", new byte[7]);
    try (var engine = new BuiltInEngine(work, Clock.systemUTC(), 2)) {
      JobId id = engine.submit(new JobSpec("copy", BuiltInJobs.SPARK_DEMO_ALIAS, List.of(),
          List.of("input=wasb://input@devstoreaccount1.blob.core.windows.net/data",
              "output=wasb://job-out@devstoreaccount1.blob.core.windows.net/results"),
          Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, AZURITE.connectionString(),
              BlobCopyJob.CONF_SERVER_SIDE, "never"), "guarantees-1"));
      var status = engine.await(id, Duration.ofMinutes(2));
      String log = engine.log(id);
      assertThat(status.state()).as(log).isEqualTo(JobState.SUCCEEDED);
      assertThat(log).contains("deleted 1 stale blob under job-out/results/")
          .containsPattern("blob copy done: " + expected.size() + " blobs, [0-9.]+ MB in [0-9.]+ s \\([0-9.]+ MB/s")
          .doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY);
    }
    assertThat(TestData.md5s(store, "job-out", "results/")).isEqualTo(expected);
  }

  @Test
  void azuriteListsInUtf16OrderAndTheStoreSaysSo() throws Exception {
    for (String name : List.of("a\uFFFD", "a\uD83D\uDE00", "a-b", "a/x", "a0", "B")) {
      TestData.put(store, "order", name, new byte[1]);
    }
    List<String> names = new ArrayList<>();
    store.list("order", "").forEachRemaining(i -> names.add(i.name()));
    assertThat(names).containsExactly("B", "a-b", "a/x", "a0", "a\uD83D\uDE00", "a\uFFFD");
    assertThat(names).isSortedAccordingTo(store.listingOrder());
    // and a copy of such names verifies and reruns (stale deletion) with that order
    BlobCopier.withDefaults().copy(store, new BlobLocation(null, "order", ""), store,
        new BlobLocation(null, "order-out", "x"), () -> false);
    TestData.put(store, "order-out", "x/a\uD83D\uDE01", new byte[1]);
    assertThat(BlobCopier.withDefaults().copy(store, new BlobLocation(null, "order", ""), store,
        new BlobLocation(null, "order-out", "x"), () -> false).staleDeleted()).isEqualTo(1);
  }

  /** The real Azurite store, failing the third Put Block it is asked for. */
  private static final class FailOnThirdBlock extends PortOnly implements BlockBlobStore {
    private final AzureBlobStore d;
    private final AtomicInteger blocks = new AtomicInteger();

    FailOnThirdBlock(AzureBlobStore d) {
      super(d);
      this.d = d;
    }

    @Override
    public void stageBlock(String c, String n, String id, byte[] b, int len) throws IOException {
      if (blocks.incrementAndGet() == 3) {
        throw new IOException("injected failure staging block " + id + " of " + n);
      }
      d.stageBlock(c, n, id, b, len);
    }

    @Override
    public void readRange(String c, String n, long o, byte[] b, int len) throws IOException {
      d.readRange(c, n, o, b, len);
    }

    @Override
    public void putBlob(String c, String n, byte[] b, int len, byte[] md5) throws IOException {
      d.putBlob(c, n, b, len, md5);
    }

    @Override
    public void commitBlocks(String c, String n, List<String> ids, String md5) throws IOException {
      d.commitBlocks(c, n, ids, md5);
    }
  }
}
