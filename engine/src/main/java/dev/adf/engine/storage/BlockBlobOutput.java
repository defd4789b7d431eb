package dev.adf.engine.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BlobOutput} of a {@link BlockBlobStore}: the bytes go into one {@code blockSize} buffer;
 * each full buffer is staged as a block (Put Block with Content-MD5), and the commit publishes them
 * with Put Block List, or with one Put Blob when everything fit in the first buffer. Memory: one
 * buffer, whatever the blob's size.
 */
final class BlockBlobOutput extends BlobOutput {
  private final BlockBlobStore store;
  private final String container;
  private final String name;
  private byte[] buffer;
  private int filled;
  private final List<String> blocks = new ArrayList<>();

  BlockBlobOutput(BlockBlobStore store, String container, String name, int blockSize) {
    this.store = store;
    this.container = container;
    this.name = name;
    this.buffer = new byte[blockSize];
  }

  @Override
  protected void append(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == buffer.length) {
        stage();
      }
    }
  }

  private void stage() throws IOException {
    String id = BlockBlobStore.blockId(blocks.size());
    store.stageBlock(container, name, id, buffer, filled);
    blocks.add(id);
    filled = 0;
  }

  @Override
  protected void publish() throws IOException {
    try {
      if (blocks.isEmpty()) {
        store.putBlob(container, name, buffer, filled);
      } else {
        if (filled > 0) {
          stage();
        }
        store.commitBlocks(container, name, blocks);
      }
    } finally {
      buffer = null;
    }
  }

  @Override
  protected void discard() {
    buffer = null;
  }
}
