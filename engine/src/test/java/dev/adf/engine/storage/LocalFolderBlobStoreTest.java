package dev.adf.engine.storage;

import static dev.adf.engine.testing.TestData.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderBlobStoreTest {

  @TempDir Path root;

  private List<String> names(BlobStore store, String container, String prefix) throws IOException {
    List<String> out = new ArrayList<>();
    for (Iterator<BlobItem> it = store.list(container, prefix); it.hasNext(); ) {
      out.add(it.next().name());
    }
    return out;
  }

  @Test
  void writesBlobsAsFilesWithSubfoldersAndReadsThemBack() throws IOException {
    var store = new LocalFolderBlobStore(root);
    byte[] data = TestData.random(100_000, 1);
    put(store, "c", "data/year=2015/part-0.csv", data);
    assertThat(root.resolve("c/data/year=2015/part-0.csv")).hasBinaryContent(data);
    assertThat(store.exists("c", "data/year=2015/part-0.csv")).isTrue();
    assertThat(store.exists("c", "data/nope")).isFalse();
    try (var in = store.openRead("c", "data/year=2015/part-0.csv")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(store.describe()).contains(root.toString());
  }

  @Test
  void listsInBlobNameOrderWithSizesAndPrefixes() throws IOException {
    var store = new LocalFolderBlobStore(root);
    for (String n : List.of("data/b", "data/a/z", "data-x", "data/a-1", "database/q", "data/a/y", "top")) {
      put(store, "c", n, n.getBytes(StandardCharsets.UTF_8));
    }
    // Exactly the order Azure lists: plain string order of the full names.
    assertThat(names(store, "c", "")).containsExactly(
        "data-x", "data/a-1", "data/a/y", "data/a/z", "data/b", "database/q", "top");
    assertThat(names(store, "c", "data/")).containsExactly("data/a-1", "data/a/y", "data/a/z", "data/b");
    assertThat(names(store, "c", "data/a")).containsExactly("data/a-1", "data/a/y", "data/a/z");
    assertThat(names(store, "c", "dat")).hasSize(6);
    assertThat(store.list("c", "top").next()).isEqualTo(new BlobItem("top", 3));
  }

  @Test
  void missingContainerListsNothingAndMissingBlobIsNoSuchFile() throws IOException {
    var store = new LocalFolderBlobStore(root);
    assertThat(store.list("none", "").hasNext()).isFalse();
    assertThatThrownBy(() -> store.openRead("none", "x")).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("none/x");
  }

  @Test
  void failedWriteLeavesNoBlobAndNoTempFile() throws IOException {
    var store = new LocalFolderBlobStore(root);
    assertThatThrownBy(() -> store.write("c", "short", new ByteArrayInputStream(new byte[3]), 10))
        .hasMessageContaining("expected 10 bytes");
    assertThat(store.exists("c", "short")).isFalse();
    try (var files = Files.list(root.resolve("c"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void tempFilesOfWritesInProgressAreNotListed() throws IOException {
    var store = new LocalFolderBlobStore(root);
    put(store, "c", "real", new byte[1]);
    Files.write(root.resolve("c").resolve(LocalFolderBlobStore.TEMP_PREFIX + "real.123"), new byte[5]);
    assertThat(names(store, "c", "")).containsExactly("real");
  }

  @Test
  void replacesExistingBlobs() throws IOException {
    var store = new LocalFolderBlobStore(root);
    put(store, "c", "x", new byte[10]);
    put(store, "c", "x", new byte[] {1, 2});
    assertThat(root.resolve("c/x")).hasBinaryContent(new byte[] {1, 2});
  }

  @Test
  void rejectsNamesThatEscapeTheContainer() {
    var store = new LocalFolderBlobStore(root);
    for (String bad : List.of("../x", "a/../../x", "/abs", "a//b", "a\\b", "")) {
      assertThatThrownBy(() -> store.file("c", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.file("..", "x")).hasMessageContaining("invalid container");
  }

  @Test
  void blobUnderAnotherBlobsNameFailsClearly() throws IOException {
    var store = new LocalFolderBlobStore(root);
    put(store, "c", "a", new byte[1]);
    assertThatThrownBy(() -> put(store, "c", "a/b", new byte[1])).hasMessageContaining("a blob (file) with that name exists");
  }
}
