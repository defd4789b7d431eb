package dev.adf.engine.storage;

import static dev.adf.engine.testing.TestData.MIB;
import static dev.adf.engine.testing.TestData.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.engine.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Azure adapter against a real Azurite. */
class AzureBlobStoreTest {

  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  static BlobStore store;

  @BeforeAll
  static void open() {
    store = BlobStores.open(AZURITE.connectionString(), null);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void writesAndReadsSmallAndMultiBlockBlobs() throws IOException {
    byte[] small = TestData.random(3000, 1);
    byte[] big = TestData.random(17 * MIB + 5, 2); // three blocks, the last one 1 MiB + 5 bytes
    put(store, "rw-test", "dir/small.bin", small);
    put(store, "rw-test", "dir/big.bin", big);
    put(store, "rw-test", "dir/empty", new byte[0]);
    assertThat(store.exists("rw-test", "dir/small.bin")).isTrue();
    assertThat(store.exists("rw-test", "dir/none")).isFalse();
    try (var in = store.openRead("rw-test", "dir/big.bin")) {
      assertThat(TestData.md5(in)).isEqualTo(TestData.md5(big));
    }
    try (var in = store.openRead("rw-test", "dir/small.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(small);
    }
    List<BlobItem> items = new ArrayList<>();
    store.list("rw-test", "dir/").forEachRemaining(i -> items.add(new BlobItem(i.name(), i.size())));
    assertThat(items).containsExactly(
        new BlobItem("dir/big.bin", big.length), new BlobItem("dir/empty", 0), new BlobItem("dir/small.bin", 3000));
  }

  @Test
  void rangedReadsAndBlockWritesOfTheBlockPort() throws IOException {
    BlockBlobStore blocks = (BlockBlobStore) store;
    byte[] data = TestData.random(1000, 3);
    blocks.createContainerIfMissing("blocks");
    blocks.stageBlock("blocks", "b", BlockBlobStore.blockId(0), data, 600);
    byte[] tail = java.util.Arrays.copyOfRange(data, 600, 1000);
    blocks.stageBlock("blocks", "b", BlockBlobStore.blockId(1), tail, 400);
    blocks.commitBlocks("blocks", "b", List.of(BlockBlobStore.blockId(0), BlockBlobStore.blockId(1)));
    byte[] back = new byte[300];
    blocks.readRange("blocks", "b", 500, back, 300);
    assertThat(back).isEqualTo(java.util.Arrays.copyOfRange(data, 500, 800));
    assertThatThrownBy(() -> blocks.readRange("blocks", "missing", 0, back, 10))
        .hasMessageContaining("blocks/missing").hasMessageContaining("404");
  }

  @Test
  void missingContainerListsNothingAndMissingBlobIsNoSuchFile() throws IOException {
    assertThat(store.list("no-such-container", "").hasNext()).isFalse();
    assertThatThrownBy(() -> store.openRead("no-such-container", "x")).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void streamOfWrongLengthFailsAndErrorsNeverShowTheKey() {
    assertThatThrownBy(() -> store.write("rw-test", "short", new ByteArrayInputStream(new byte[5]), 9))
        .hasMessageContaining("ended early");
    assertThat(store.describe()).doesNotContain(StorageConnectionString.DEV_ACCOUNT_KEY).contains("AccountKey=***");
  }
}
