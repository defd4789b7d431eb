package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.adf.engine.JobId;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.testing.SmallMount;
import dev.adf.orchestrator.actions.Selection;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the data path seen from the orchestrator (issue 16): the Spark sample's window (its copy
 * job in the built-in engine's child JVM, retry 1) when the job's JVM is SIGKILLed from outside, and
 * when the local store's output container is a full tmpfs. Checked: each attempt ends Failed with
 * the engine's reason, the window is retried per its policy, the store holds nothing partial, and
 * after the fault is gone a rerun makes the window Ready with the input's bytes.
 */
class DataPathFaultsRunTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path tmp;
  SmallMount mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      mount.close();
    }
  }

  private Path factory(String mainClass, Path gate) throws Exception {
    Path f = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(f, a -> {
      SampleFactory.setArgument(a, "--mainClass", mainClass);
      SampleFactory.policy(a).put("retry", 1);
      if (gate != null) {
        ((ArrayNode) a.path("typeProperties").path("arguments")).add("gate=" + gate);
      }
    });
    return f;
  }

  @Test
  void aJobJvmKilledFromOutsideFailsTheAttemptAndTheWindowIsRetriedToReady() throws Exception {
    Path gate = tmp.resolve("gate");
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(factory(TestJobs.Gate.class.getName(), gate), config);
      byte[] data = put(h, 3);
      assertThat(h.pass().started()).isEqualTo(1);
      JobId job = h.awaitJobRunning();
      ProcessHandle.of(h.engine.pid(job)).orElseThrow().destroyForcibly();
      h.awaitAttempts();
      Attempt first = h.attempts(h.windows().get(0)).get(0);
      assertThat(first.status()).isEqualTo(AttemptStatus.Failed);
      assertThat(first.error()).contains("ended by signal 9").doesNotContain("\tat ");
      Files.createDirectories(gate);
      Files.writeString(gate.resolve("release"), "");
      h.runUntilIdle();
      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).as("%s", h.attempts(w)).isEqualTo(WindowStatus.Ready);
      assertThat(h.attempts(w)).extracting(Attempt::status).containsExactly(AttemptStatus.Failed, AttemptStatus.Succeeded);
      assertThat(output(h)).containsExactly("results/a.bin");
      assertThat(Files.readAllBytes(h.orchestrator.storageRoot().resolve("output/results/a.bin"))).isEqualTo(data);
    }
  }

  @Test
  void aFullOutputDiskFailsEveryAttemptNamingThePathAndARerunAfterFreeingSpaceIsReady() throws Exception {
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    try (Harness h = new Harness(tmp.resolve("home"), NOW)) {
      h.deploy(factory(dev.adf.engine.BuiltInJobs.BLOB_COPY, null), config);
      byte[] data = put(h, 3 * 1024 * 1024);
      Path out = h.orchestrator.storageRoot().resolve("output");
      mount = new SmallMount(out, 1024 * 1024);
      h.runUntilIdle();
      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Failed);
      List<Attempt> attempts = h.attempts(w);
      assertThat(attempts).hasSize(2).allSatisfy(a -> {
        assertThat(a.status()).isEqualTo(AttemptStatus.Failed);
        assertThat(a.error()).contains("cannot write " + out.resolve("results"))
            .contains("the disk is full (No space left on device)").doesNotContain("\tat ");
      });
      System.out.println("adf.reliability orchestrator-disk-full attempt error=" + attempts.get(0).error());
      assertThat(files(out)).isEmpty(); // nothing partial, no temporary file

      mount.close(); // the space is freed: the container is an ordinary folder again
      mount = null;
      new WindowActions(h.orchestrator.store(), h.orchestrator.deployedFactory())
          .rerun(Selection.window(w.key().pipeline(), w.key().activity(), w.key().windowStart()), false, NOW);
      h.runUntilIdle();
      ActivityWindow done = h.windows().get(0);
      assertThat(done.state().status()).as("%s", h.attempts(done)).isEqualTo(WindowStatus.Ready);
      assertThat(h.attempts(done)).extracting(Attempt::status)
          .containsExactly(AttemptStatus.Failed, AttemptStatus.Failed, AttemptStatus.Succeeded);
      assertThat(Files.readAllBytes(out.resolve("results/a.bin"))).isEqualTo(data);
    }
  }

  private static byte[] put(Harness h, int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    try (BlobStore store = BlobStores.open("UseLocalStore=true", h.orchestrator.storageRoot())) {
      store.write("input", "data/a.bin", new ByteArrayInputStream(data), size);
    }
    return data;
  }

  private static List<String> output(Harness h) throws Exception {
    return files(h.orchestrator.storageRoot().resolve("output"));
  }

  private static List<String> files(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
