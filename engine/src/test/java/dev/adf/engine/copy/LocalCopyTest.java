package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.testing.TestData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCopyTest {

  @TempDir Path root;

  @Test
  void copiesEveryBlobBelowTheInputByteForByte() throws Exception {
    var store = new LocalFolderBlobStore(root);
    Map<String, String> expected = TestData.putMixedShape(store, "input", "data/");
    TestData.put(store, "input", "database/not-me", new byte[3]); // shares "data" but not "data/"
    CopyResult r = BlobCopier.withDefaults().copy(store, new BlobLocation(null, "input", "data"),
        store, new BlobLocation(null, "output", "results"), () -> false);
    assertThat(TestData.md5s(store, "output", "results/")).isEqualTo(expected);
    assertThat(TestData.md5s(store, "output", "")).hasSize(expected.size());
    assertThat(r.blobs()).isEqualTo(expected.size());
    assertThat(r.bytes()).isEqualTo(20L * TestData.MIB + 5 * 1000 + 4096 * 10 + 70_000 + 12);
    assertThat(r.summary()).contains(expected.size() + " blobs");
  }

  @Test
  void streamsBetweenTwoDifferentStoresThroughThePort() throws Exception {
    var a = new LocalFolderBlobStore(root.resolve("a"));
    var b = new LocalFolderBlobStore(root.resolve("b"));
    Map<String, String> expected = TestData.putMixedShape(a, "in", "");
    // Different store objects: the generic port-streaming path (a's files are read as streams).
    CopyResult r = BlobCopier.builder().workers(3).build().copy(
        new PortOnly(a), new BlobLocation(null, "in", ""), b, new BlobLocation(null, "out", "x"), () -> false);
    assertThat(TestData.md5s(b, "out", "x/")).isEqualTo(expected);
    assertThat(r.blobs()).isEqualTo(expected.size());
  }

  @Test
  void refusesOverlappingSourceAndTarget() {
    var store = new LocalFolderBlobStore(root);
    assertThatThrownBy(() -> BlobCopier.withDefaults().copy(store, new BlobLocation(null, "c", "data"),
            store, new BlobLocation(null, "c", "data/out"), () -> false))
        .hasMessageContaining("overlap");
  }

  @Test
  void stopsWhenAskedTo() throws Exception {
    var store = new LocalFolderBlobStore(root);
    TestData.putMixedShape(store, "input", "");
    assertThatThrownBy(() -> BlobCopier.withDefaults().copy(store, new BlobLocation(null, "input", ""),
            store, new BlobLocation(null, "output", ""), () -> true))
        .isInstanceOf(InterruptedException.class);
  }
}
