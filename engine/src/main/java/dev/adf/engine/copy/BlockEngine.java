package dev.adf.engine.copy;

import dev.adf.engine.storage.AzureBlobStore;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlockBlobStore;
import dev.adf.engine.storage.ServerSideCopyUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Turns each source blob into range units for a {@link WorkPool}.
 *
 * <p><b>Streaming</b> (bytes through this client): one unit (GET + Put Blob) when the blob fits one
 * range, else one unit per range (ranged GET + Put Block) where the worker finishing the blob's
 * last range commits the block list. Each worker's state is its buffer, grown on demand up to one
 * range. A single-range blob's bytes are hashed once: the MD5 is checked against the source
 * listing's Content-MD5 (when it has one) and sent with the Put Blob; a multi-range blob gets the
 * source's Content-MD5 set on commit (each block was checked by the service against its own MD5).
 *
 * <p><b>Server-side</b> (same account, {@link ServerSide#AUTO}): Copy Blob From URL per blob up to
 * {@code singleShotLimit} bytes, else Put Block From URL per range + Put Block List. The first use
 * of each API runs on the feeding thread as a probe; when the service refuses it ({@link
 * ServerSideCopyUnavailableException}) the engine says so in the log and streams that blob and
 * every later one.
 */
final class BlockEngine {
  private final BlockBlobStore source;
  private final String sourceContainer;
  private final BlockBlobStore target;
  private final String targetContainer;
  private final int range;
  private final long singleShotLimit;
  private final Progress progress;
  private final Consumer<String> log;
  private volatile boolean serverSide;
  private boolean probedWhole;
  private boolean probedBlocks;
  private long serverSideBlobs;

  BlockEngine(BlockBlobStore source, String sourceContainer, BlockBlobStore target,
      String targetContainer, int range, long singleShotLimit, boolean serverSide,
      Progress progress, Consumer<String> log) {
    this.source = source;
    this.sourceContainer = sourceContainer;
    this.target = target;
    this.targetContainer = targetContainer;
    this.range = range;
    this.singleShotLimit = singleShotLimit;
    this.serverSide = serverSide;
    this.progress = progress;
    this.log = log;
  }

  /** Blobs handed to the service so far (all of them once the pool finished, unless it fell back). */
  long serverSideBlobs() {
    return serverSideBlobs;
  }

  boolean serverSide() {
    return serverSide;
  }

  void feed(WorkPool<byte[][]> pool, BlobItem item, String targetName)
      throws IOException, InterruptedException {
    if (serverSide && feedServerSide(pool, item, targetName)) {
      serverSideBlobs++;
      return;
    }
    feedStreaming(pool, item, targetName);
  }

  /** @return false when the probe found server-side copy unavailable (then nothing was queued) */
  private boolean feedServerSide(WorkPool<byte[][]> pool, BlobItem item, String targetName)
      throws IOException, InterruptedException {
    AzureBlobStore src = (AzureBlobStore) source;
    AzureBlobStore dst = (AzureBlobStore) target;
    long size = item.size();
    if (size <= singleShotLimit) {
      Runnable done = () -> {
        progress.blobs.incrementAndGet();
        progress.bytes.addAndGet(size);
      };
      if (!probedWhole) {
        try {
          dst.copyBlobFromUrl(src, sourceContainer, item.name(), targetContainer, targetName);
        } catch (ServerSideCopyUnavailableException e) {
          return fallBack("Copy Blob From URL", e);
        }
        probedWhole = true;
        log.accept("server-side copy: Copy Blob From URL works, blobs up to " + singleShotLimit
            + " bytes are copied inside the service");
        done.run();
        return true;
      }
      pool.submit(state -> {
        dst.copyBlobFromUrl(src, sourceContainer, item.name(), targetContainer, targetName);
        done.run();
      });
      return true;
    }
    int count = (int) ((size + range - 1) / range);
    List<String> ids = blockIds(count);
    AtomicInteger remaining = new AtomicInteger(count);
    int first = 0;
    if (!probedBlocks) {
      try {
        dst.stageBlockFromUrl(src, sourceContainer, item.name(), 0, Math.min(range, size),
            targetContainer, targetName, ids.get(0));
      } catch (ServerSideCopyUnavailableException e) {
        return fallBack("Put Block From URL", e);
      }
      probedBlocks = true;
      log.accept("server-side copy: Put Block From URL works, blobs over " + singleShotLimit
          + " bytes are copied inside the service in " + range + "-byte blocks");
      progress.bytes.addAndGet(Math.min(range, size));
      remaining.decrementAndGet();
      first = 1;
    }
    for (int i = first; i < count; i++) {
      long offset = (long) i * range;
      long len = Math.min(range, size - offset);
      String id = ids.get(i);
      pool.submit(state -> {
        dst.stageBlockFromUrl(src, sourceContainer, item.name(), offset, len, targetContainer, targetName, id);
        progress.bytes.addAndGet(len);
        if (remaining.decrementAndGet() == 0) {
          dst.commitBlocks(targetContainer, targetName, ids, item.contentMd5());
          progress.blobs.incrementAndGet();
        }
      });
    }
    if (first == 1 && count == 1) {
      dst.commitBlocks(targetContainer, targetName, ids, item.contentMd5());
      progress.blobs.incrementAndGet();
    }
    return true;
  }

  private boolean fallBack(String api, ServerSideCopyUnavailableException e) {
    serverSide = false;
    log.accept("server-side copy not available (" + api + " refused: " + e.getMessage()
        + "); streaming " + (serverSideBlobs == 0 ? "every blob" : "the remaining blobs")
        + " through this client instead");
    return false;
  }

  private void feedStreaming(WorkPool<byte[][]> pool, BlobItem item, String targetName)
      throws IOException, InterruptedException {
    long size = item.size();
    if (size <= range) {
      pool.submit(state -> {
        byte[] buf = buffer(state, (int) size);
        source.readRange(sourceContainer, item.name(), 0, buf, (int) size);
        byte[] md5 = BlockBlobStore.md5(buf, (int) size);
        checkMd5(item, md5);
        target.putBlob(targetContainer, targetName, buf, (int) size, md5);
        progress.blobs.incrementAndGet();
        progress.bytes.addAndGet(size);
      });
      return;
    }
    int count = (int) ((size + range - 1) / range);
    List<String> ids = blockIds(count);
    AtomicInteger remaining = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      long offset = (long) i * range;
      int len = (int) Math.min(range, size - offset);
      String id = ids.get(i);
      pool.submit(state -> {
        byte[] buf = buffer(state, len);
        source.readRange(sourceContainer, item.name(), offset, buf, len);
        target.stageBlock(targetContainer, targetName, id, buf, len);
        progress.bytes.addAndGet(len);
        if (remaining.decrementAndGet() == 0) {
          target.commitBlocks(targetContainer, targetName, ids, item.contentMd5());
          progress.blobs.incrementAndGet();
        }
      });
    }
  }

  /**
   * @throws IOException when the source listing's Content-MD5 differs from the bytes read
   */
  static void checkMd5(BlobItem item, byte[] md5) throws IOException {
    if (item.contentMd5() == null) {
      return;
    }
    String actual = Base64.getEncoder().encodeToString(md5);
    if (!actual.equals(item.contentMd5())) {
      throw new IOException("blob " + item.name() + " failed its MD5 check: its Content-MD5 is "
          + item.contentMd5() + " but the " + item.size() + " bytes read hash to " + actual
          + "; the blob or its stored Content-MD5 is corrupt, so it was not copied");
    }
  }

  private static List<String> blockIds(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(BlockBlobStore.blockId(i));
    }
    return ids;
  }

  private byte[] buffer(byte[][] state, int len) {
    if (state[0] == null || state[0].length < len) {
      state[0] = new byte[Math.max(len, Math.min(range, state[0] == null ? 0 : state[0].length * 2))];
    }
    return state[0];
  }
}
