package dev.adf.engine.copy;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlockBlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns each source blob into range units for a {@link WorkPool}: one unit (GET + Put Blob) when it
 * fits one range, else one unit per range (ranged GET + Put Block) where the worker finishing the
 * blob's last range commits the block list. Each worker's state is its buffer, grown on demand up to
 * one range.
 */
final class BlockEngine {
  private final BlockBlobStore source;
  private final String sourceContainer;
  private final BlockBlobStore target;
  private final String targetContainer;
  private final int range;
  private final AtomicLong blobs;
  private final AtomicLong bytes;

  BlockEngine(BlockBlobStore source, String sourceContainer, BlockBlobStore target,
      String targetContainer, int range, AtomicLong blobs, AtomicLong bytes) {
    this.source = source;
    this.sourceContainer = sourceContainer;
    this.target = target;
    this.targetContainer = targetContainer;
    this.range = range;
    this.blobs = blobs;
    this.bytes = bytes;
  }

  void feed(WorkPool<byte[][]> pool, BlobItem item, String targetName)
      throws IOException, InterruptedException {
    long size = item.size();
    if (size <= range) {
      pool.submit(state -> {
        byte[] buf = buffer(state, (int) size);
        source.readRange(sourceContainer, item.name(), 0, buf, (int) size);
        target.putBlob(targetContainer, targetName, buf, (int) size);
        blobs.incrementAndGet();
        bytes.addAndGet(size);
      });
      return;
    }
    int count = (int) ((size + range - 1) / range);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(BlockBlobStore.blockId(i));
    }
    AtomicInteger remaining = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      long offset = (long) i * range;
      int len = (int) Math.min(range, size - offset);
      String id = ids.get(i);
      pool.submit(state -> {
        byte[] buf = buffer(state, len);
        source.readRange(sourceContainer, item.name(), offset, buf, len);
        target.stageBlock(targetContainer, targetName, id, buf, len);
        bytes.addAndGet(len);
        if (remaining.decrementAndGet() == 0) {
          target.commitBlocks(targetContainer, targetName, ids);
          blobs.incrementAndGet();
        }
      });
    }
  }

  private byte[] buffer(byte[][] state, int len) {
    if (state[0] == null || state[0].length < len) {
      state[0] = new byte[Math.max(len, Math.min(range, state[0] == null ? 0 : state[0].length * 2))];
    }
    return state[0];
  }
}
