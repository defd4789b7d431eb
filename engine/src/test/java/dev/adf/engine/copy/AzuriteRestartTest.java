package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import dev.adf.engine.filecopy.CopyPlan;
import dev.adf.engine.filecopy.FileCopyJob;
import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.StorageConnectionString;
import dev.adf.engine.storage.StorageRetry;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azurite SIGKILLed in the middle of a copy (issue 16, "Faults in the data path"), with the engine's
 * real child JVMs: the blob copy job and the Copy activity's job ({@code adf.Copy}) over many small
 * blobs and over one large blob. Kept down until the job has ended (the job's store retries with a
 * short policy, {@link StorageRetry}, so that the failure comes within seconds), then restarted on
 * the same port and data folder. Checked: the job FAILED with one line naming the store's endpoint
 * and the container; every blob listed under the output after the restart has the source's bytes
 * (nothing partial under a final name); a rerun of the job SUCCEEDED with byte-identical output. And
 * a restart within the SDK's default retries: the job just succeeds, as recorded in RELIABILITY.md.
 */
class AzuriteRestartTest {

  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  static final Duration WAIT = Duration.ofMinutes(3);
  static final int MANY = 300;
  static final int LARGE_MIB = 48;
  static final String ACCOUNT = StorageConnectionString.DEV_ACCOUNT_NAME + ".blob.core.windows.net";
  /** Two tries 100 ms apart: a store that is down fails the job at once. */
  static final Map<String, String> SHORT_RETRY =
      Map.of(StorageRetry.CONF_MAX_TRIES, "2", StorageRetry.CONF_RETRY_DELAY_MS, "100");

  static Map<String, String> many;
  static Map<String, String> large;

  @TempDir Path work;
  BuiltInEngine engine;
  AzureBlobStore store;

  @BeforeAll
  static void upload() throws Exception {
    try (var s = new AzureBlobStore(StorageConnectionString.parse(AZURITE.connectionString(), null))) {
      many = new HashMap<>();
      for (int i = 0; i < MANY; i++) {
        byte[] b = TestData.random(32 * 1024 + i, i);
        TestData.put(s, "input", "many/part-" + String.format("%04d", i), b);
        many.put("part-" + String.format("%04d", i), TestData.md5(b));
      }
      byte[] big = TestData.random(LARGE_MIB * TestData.MIB, 77);
      TestData.put(s, "input", "large/one.bin", big);
      large = Map.of("one.bin", TestData.md5(big));
    }
    // a graceful stop saves Azurite's database, so the input survives the SIGKILLs below
    AZURITE.stopGracefully();
    AZURITE.start();
  }

  @BeforeEach
  void open() {
    engine = new BuiltInEngine(work, Clock.systemUTC(), 2);
    store = new AzureBlobStore(StorageConnectionString.parse(AZURITE.connectionString(), null));
  }

  @AfterEach
  void close() throws Exception {
    engine.close();
    store.close();
    if (!AZURITE.isRunning()) {
      AZURITE.start(); // a failed test may have left it down
    }
  }

  @Test
  void killedDuringABlobCopyJobOfManyBlobs() throws Exception {
    String out = "bc-many";
    JobSpec job = blobCopy("many", out);
    killDuring(job, out, () -> count(out, "") >= MANY / 10);
    rerunGivesTheSameBytes(job, out, many);
  }

  @Test
  void killedDuringABlobCopyJobOfOneLargeBlob() throws Exception {
    String out = "bc-large";
    JobSpec job = blobCopy("large", out);
    long before = extentBytes();
    killDuring(job, out, () -> extentBytes() - before >= 2L * AzureBlobStore.BLOCK_SIZE);
    rerunGivesTheSameBytes(job, out, large);
  }

  @Test
  void killedDuringACopyActivityOfManyBlobs() throws Exception {
    String out = "cp-many";
    JobSpec job = fileCopy("many", out);
    killDuring(job, out, () -> count(out, "") >= MANY / 10);
    rerunGivesTheSameBytes(job, out, many);
  }

  @Test
  void killedDuringACopyActivityOfOneLargeBlob() throws Exception {
    String out = "cp-large";
    JobSpec job = fileCopy("large", out);
    long before = extentBytes();
    killDuring(job, out, () -> extentBytes() - before >= 2L * AzureBlobStore.BLOCK_SIZE);
    rerunGivesTheSameBytes(job, out, large);
  }

  @Test
  void stoppedAndRestartedWithinTheSdksDefaultRetriesTheCopyJustSucceeds() throws Exception {
    String out = "bc-quick-term";
    JobId id = engine.submit(blobCopyWithDefaultRetries(out));
    awaitTrue(() -> count(out, "") >= MANY / 10, "the copy to reach a tenth of the blobs");
    AZURITE.stopGracefully(); // SIGTERM: Azurite saves its database
    AZURITE.start(); // back within the SDK's first retry (4 s)
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).as(engine.log(id)).isEqualTo(JobState.SUCCEEDED);
    assertThat(TestData.md5s(store, out, "r/")).isEqualTo(many);
  }

  /**
   * SIGKILLed and restarted within the SDK's retries: the requests in flight are retried and the copy
   * goes on, but Azurite forgets blobs it acknowledged in the last seconds before the kill (it saves its
   * metadata every few seconds). The copy's verification finds them missing and fails the job naming
   * one; it never succeeds with blobs missing. The rerun gives the source's bytes.
   */
  @Test
  void killedAndRestartedWithinTheSdksDefaultRetriesTheCopySucceedsOrItsVerificationFailsIt() throws Exception {
    String out = "bc-quick-kill";
    JobSpec job = blobCopyWithDefaultRetries(out);
    JobId id = engine.submit(job);
    awaitTrue(() -> count(out, "") >= MANY / 10, "the copy to reach a tenth of the blobs");
    AZURITE.kill();
    AZURITE.start();
    JobStatus s = engine.await(id, WAIT);
    if (s.state() == JobState.SUCCEEDED) {
      assertThat(TestData.md5s(store, out, "r/")).isEqualTo(many);
    } else {
      // the verification names a blob Azurite forgot, or a write finds the container forgotten (404)
      assertThat(s.state()).as(engine.log(id)).isEqualTo(JobState.FAILED);
      assertStoreNamed(s, engine.log(id), out);
      rerunGivesTheSameBytes(job, out, many);
    }
    System.out.println("adf.reliability azurite-kill-within-retries outcome=" + s.state()
        + (s.error() == null ? "" : " error=" + s.error()));
  }

  JobSpec blobCopyWithDefaultRetries(String out) {
    return new JobSpec("copy", BuiltInJobs.BLOB_COPY, List.of(),
        List.of("input=wasb://input@" + ACCOUNT + "/many", "output=wasb://" + out + "@" + ACCOUNT + "/r"),
        Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, AZURITE.connectionString(), BlobCopyJob.CONF_SERVER_SIDE, "never"),
        UUID.randomUUID().toString());
  }

  /**
   * One line naming Azurite's endpoint and the container of the failed request (the output's, or
   * the input's when a read failed), without the key.
   */
  static void assertStoreNamed(JobStatus s, String log, String out) {
    assertThat(s.error()).as(log).contains("on Azure blob store AccountName=devstoreaccount1;AccountKey=***;"
        + "BlobEndpoint=http://127.0.0.1:" + AZURITE.port() + "/devstoreaccount1")
        .containsAnyOf(" " + out + "/", " input/", "container " + out + " ").doesNotContain("\n")
        .doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY);
  }

  JobSpec blobCopy(String in, String out) {
    Map<String, String> conf = new HashMap<>(SHORT_RETRY);
    conf.put(JobSpec.CONF_STORAGE_CONNECTION_STRING, AZURITE.connectionString());
    conf.put(BlobCopyJob.CONF_SERVER_SIDE, "never"); // the bytes pass through the job
    return new JobSpec("copy", BuiltInJobs.BLOB_COPY, List.of(),
        List.of("input=wasb://input@" + ACCOUNT + "/" + in, "output=wasb://" + out + "@" + ACCOUNT + "/r"),
        conf, UUID.randomUUID().toString());
  }

  JobSpec fileCopy(String in, String out) {
    return fileCopy(in, out, SHORT_RETRY);
  }

  JobSpec fileCopyWithDefaultRetries(String in, String out) {
    return fileCopy(in, out, Map.of());
  }

  private JobSpec fileCopy(String in, String out, Map<String, String> retry) {
    Map<String, String> conf = new HashMap<>(retry);
    conf.put(FileCopyJob.CONF_SOURCE_CONNECTION_STRING, AZURITE.connectionString());
    conf.put(FileCopyJob.CONF_SINK_CONNECTION_STRING, AZURITE.connectionString());
    conf.put(BlobCopyJob.CONF_SERVER_SIDE, "never");
    CopyPlan plan = new CopyPlan(new CopyPlan.Endpoint("dataset 'In'", "input", in, null, null, true, null, null, null),
        new CopyPlan.Endpoint("dataset 'Out'", out, "r", null, null, false, null, null, null),
        CopyPlan.Behavior.PRESERVE_HIERARCHY, CopyPlan.Method.BINARY, "Data.0b5f1c2e", 0);
    return new JobSpec("copy", BuiltInJobs.FILE_COPY, List.of(), FileCopyJob.arguments(plan), conf,
        UUID.randomUUID().toString());
  }

  /** Runs the job, SIGKILLs Azurite once {@code midway} holds, and checks the failure and the output. */
  void killDuring(JobSpec job, String out, BooleanSupplier midway) throws Exception {
    JobId id = engine.submit(job);
    awaitTrue(midway, "the copy to be midway");
    assertThat(engine.status(id).state().isTerminal()).as("the copy ended before Azurite was killed").isFalse();
    AZURITE.kill();
    JobStatus s = engine.await(id, WAIT);
    String log = engine.log(id);
    assertThat(s.state()).as(log).isEqualTo(JobState.FAILED);
    assertStoreNamed(s, log, out);
    System.out.println("adf.reliability azurite-kill job=" + job.mainClass() + " out=" + out + " error=" + s.error());
    AZURITE.start();
    // whatever Azurite lists under the output after its restart is whole
    Map<String, String> expected = out.endsWith("many") ? many : large;
    Iterator<BlobItem> it = store.list(out, "r/");
    while (it.hasNext()) {
      BlobItem b = it.next();
      String rel = b.name().substring(2);
      try (InputStream in = store.openRead(out, b.name())) {
        assertThat(TestData.md5(in)).as("blob " + b.name() + " listed after the restart").isEqualTo(expected.get(rel));
      }
    }
  }

  void rerunGivesTheSameBytes(JobSpec failed, String out, Map<String, String> expected) throws Exception {
    JobSpec again = new JobSpec(failed.name(), failed.mainClass(), failed.jars(), failed.args(), failed.conf(),
        UUID.randomUUID().toString());
    JobId id = engine.submit(again);
    JobStatus s = engine.await(id, WAIT);
    assertThat(s.state()).as(engine.log(id)).isEqualTo(JobState.SUCCEEDED);
    assertThat(TestData.md5s(store, out, "r/")).isEqualTo(expected);
  }

  int count(String container, String prefix) {
    try {
      int n = 0;
      for (Iterator<BlobItem> it = store.list(container, prefix); it.hasNext(); it.next()) {
        n++;
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Bytes in Azurite's extent files: grows as blocks are staged, before any is committed. */
  private static long extentBytes() {
    try (Stream<Path> files = Files.walk(AZURITE.location().resolve("__blobstorage__"))) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      LockSupport.parkNanos(5_000_000L);
    }
  }
}
