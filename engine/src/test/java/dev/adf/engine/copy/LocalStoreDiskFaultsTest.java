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
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.testing.SmallMount;
import dev.adf.engine.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local folder store's disk full and a read-only destination (issue 16, "Faults in the data
 * path"), for the blob copy job and the Copy activity's job in the engine's real child JVMs: the
 * output container is a real 6 MiB tmpfs ({@link SmallMount}) holding a 4 MiB blob of its own (so
 * 4 MiB of input does not fit), or that tmpfs remounted read-only. Checked: the job FAILED with one
 * line naming the path and the cause in words; nothing under the output's final names, no temporary
 * file left, the container's own blob untouched; after the space is freed (the 4 MiB blob deleted)
 * or the mount made writable, a rerun SUCCEEDED with the input's bytes.
 */
class LocalStoreDiskFaultsTest {

  static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path tmp;
  Path root;
  LocalFolderBlobStore store;
  SmallMount out;
  BuiltInEngine engine;
  Map<String, String> input;
  String filler;

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("store");
    store = new LocalFolderBlobStore(root);
    input = new HashMap<>();
    for (int i = 0; i < 40; i++) { // small files: copied on the listing thread
      byte[] b = TestData.random(64 * 1024, i);
      TestData.put(store, "input", "data/small/f" + i, b);
      input.put("small/f" + i, TestData.md5(b));
    }
    byte[] big = TestData.random(3 * TestData.MIB / 2, 99); // over 1 MiB: copied by a worker
    TestData.put(store, "input", "data/big.bin", big);
    input.put("big.bin", TestData.md5(big));
    out = new SmallMount(root.resolve("out"), 6L * TestData.MIB);
    byte[] f = TestData.random(4 * TestData.MIB, 7);
    TestData.put(store, "out", "keep/filler.bin", f);
    filler = TestData.md5(f);
    engine = new BuiltInEngine(tmp.resolve("engine"), Clock.systemUTC(), 2);
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      out.close();
    }
  }

  @Test
  void aFullDiskFailsTheBlobCopyJobNamingThePathAndARerunAfterFreeingSpaceSucceeds() throws Exception {
    diskFull(blobCopy());
  }

  @Test
  void aFullDiskFailsTheCopyActivityNamingThePathAndARerunAfterFreeingSpaceSucceeds() throws Exception {
    diskFull(fileCopy(CopyPlan.Method.BINARY));
  }

  @Test
  void aFullDiskFailsAStreamedCopyActivityNamingThePathAndARerunAfterFreeingSpaceSucceeds() throws Exception {
    diskFull(fileCopy(CopyPlan.Method.TRANSCODE));
  }

  @Test
  void aReadOnlyDestinationFailsTheBlobCopyJobNamingThePathAndARerunWhenWritableSucceeds() throws Exception {
    readOnly(blobCopy());
  }

  @Test
  void aReadOnlyDestinationFailsTheCopyActivityNamingThePathAndARerunWhenWritableSucceeds() throws Exception {
    readOnly(fileCopy(CopyPlan.Method.BINARY));
  }

  private void diskFull(JobSpec job) throws Exception {
    JobStatus s = run(job);
    assertThat(s.state()).as(engine.log(s.id())).isEqualTo(JobState.FAILED);
    assertThat(s.error()).as(engine.log(s.id())).contains("cannot write " + out.dir() + "/r")
        .contains("the disk is full (No space left on device); free space").doesNotContain("\n");
    System.out.println("adf.reliability disk-full job=" + job.mainClass() + " error=" + s.error());
    assertConsistent(job);
    store.delete("out", "keep/filler.bin"); // free the space
    rerun(job);
  }

  private void readOnly(JobSpec job) throws Exception {
    store.delete("out", "keep/filler.bin");
    out.readOnly();
    JobStatus s = run(job);
    assertThat(s.state()).as(engine.log(s.id())).isEqualTo(JobState.FAILED);
    assertThat(s.error()).as(engine.log(s.id())).contains("cannot write " + out.dir() + "/r")
        .contains("on a read-only file system (Read-only file system)").doesNotContain("\n");
    System.out.println("adf.reliability read-only job=" + job.mainClass() + " error=" + s.error());
    out.writable();
    assertThat(list(out.dir())).isEmpty();
    rerun(job);
  }

  /**
   * No temporary file is left and the container's own blob is intact. A staged copy (the blob copy
   * job, a binary Copy) publishes its folder at the end, so nothing of it is visible; a streamed Copy
   * publishes file by file, so the files it finished are visible, each whole (the rerun replaces them
   * under the same names).
   */
  private void assertConsistent(JobSpec job) throws Exception {
    List<String> files = list(out.dir());
    assertThat(files.stream().filter(n -> n.contains(LocalFolderBlobStore.TEMP_PREFIX))).isEmpty();
    assertThat(TestData.md5s(store, "out", "keep/")).isEqualTo(Map.of("filler.bin", filler));
    if (streamed(job)) {
      TestData.md5s(store, "out", "r/").forEach((name, md5) -> assertThat(md5).as(name).isEqualTo(input.get(name)));
    } else {
      assertThat(files).containsExactly("keep/filler.bin");
    }
  }

  private static boolean streamed(JobSpec job) {
    return job.mainClass().equals(BuiltInJobs.FILE_COPY) && job.args().get(1).contains("\"TRANSCODE\"");
  }

  private void rerun(JobSpec failed) throws Exception {
    JobStatus s = run(new JobSpec(failed.name(), failed.mainClass(), failed.jars(), failed.args(), failed.conf(),
        UUID.randomUUID().toString()));
    assertThat(s.state()).as(engine.log(s.id())).isEqualTo(JobState.SUCCEEDED);
    assertThat(TestData.md5s(store, "out", "r/")).isEqualTo(input); // a transcode without codecs keeps the bytes
    assertThat(list(out.dir()).stream().filter(n -> n.contains(LocalFolderBlobStore.TEMP_PREFIX))).isEmpty();
  }

  private JobStatus run(JobSpec job) throws InterruptedException {
    JobId id = engine.submit(job);
    return engine.await(id, WAIT);
  }

  private JobSpec blobCopy() {
    return new JobSpec("copy", BuiltInJobs.BLOB_COPY, List.of(),
        List.of("input=wasb://input@local/data", "output=wasb://out@local/r"),
        Map.of(JobSpec.CONF_STORAGE_CONNECTION_STRING, "LocalStoreRoot=" + root), UUID.randomUUID().toString());
  }

  private JobSpec fileCopy(CopyPlan.Method method) {
    CopyPlan plan = new CopyPlan(new CopyPlan.Endpoint("dataset 'In'", "input", "data", null, null, true, null, null, null),
        new CopyPlan.Endpoint("dataset 'Out'", "out", "r", null, null, false, null, null, null),
        CopyPlan.Behavior.PRESERVE_HIERARCHY, method, "Data.0b5f1c2e", 0);
    return new JobSpec("copy", BuiltInJobs.FILE_COPY, List.of(), FileCopyJob.arguments(plan),
        Map.of(FileCopyJob.CONF_SOURCE_CONNECTION_STRING, "LocalStoreRoot=" + root,
            FileCopyJob.CONF_SINK_CONNECTION_STRING, "LocalStoreRoot=" + root),
        UUID.randomUUID().toString());
  }

  /** Every file below {@code dir}, relative, '/'-separated, hidden temporary files included. */
  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
    }
  }
}
