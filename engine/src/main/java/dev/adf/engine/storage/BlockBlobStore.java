package dev.adf.engine.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A store that also offers the block operations the copy engine needs to move a blob in fixed-size
 * ranges without the SDK buffering anything: ranged reads into a caller's buffer, Put Blob, Put Block
 * and Put Block List. Every upload carries a Content-MD5 of its bytes (verified by the service, and
 * Azurite's fast path: see docs/BENCHMARKS.md).
 */
public interface BlockBlobStore extends BlobStore {

  /**
   * Reads {@code length} bytes starting at {@code offset} into {@code buffer[0..length)}.
   *
   * @throws IOException when the blob is missing or shorter than {@code offset + length}
   */
  void readRange(String container, String name, long offset, byte[] buffer, int length)
      throws IOException;

  /** Replaces a blob with {@code buffer[0..length)} in one Put Blob (with Content-MD5). */
  default void putBlob(String container, String name, byte[] buffer, int length) throws IOException {
    putBlob(container, name, buffer, length, md5(buffer, length));
  }

  /**
   * Replaces a blob with {@code buffer[0..length)} in one Put Blob, sending {@code md5} (the
   * caller's MD5 of those bytes) as Content-MD5: the service checks it and stores it as the blob's
   * Content-MD5 (Put Blob, https://learn.microsoft.com/rest/api/storageservices/put-blob).
   */
  void putBlob(String container, String name, byte[] buffer, int length, byte[] md5) throws IOException;

  /**
   * Stages one uncommitted block (Put Block with Content-MD5).
   *
   * @param blockId a base64 id, the same length for every block of the blob (see {@link #blockId})
   */
  void stageBlock(String container, String name, String blockId, byte[] buffer, int length)
      throws IOException;

  /** Commits staged blocks, in this order, as the blob's content (Put Block List). */
  default void commitBlocks(String container, String name, List<String> blockIds) throws IOException {
    commitBlocks(container, name, blockIds, null);
  }

  /**
   * Commits staged blocks, in this order, as the blob's content (Put Block List); until then the
   * blob's previous content (or nothing) stays visible.
   *
   * @param blobMd5 base64 MD5 of the whole blob to store as its Content-MD5
   *     ({@code x-ms-blob-content-md5}; the service does not check it), or null for none
   */
  void commitBlocks(String container, String name, List<String> blockIds, String blobMd5)
      throws IOException;

  /**
   * Streams a blob in blocks of {@link AzureBlobStore#BLOCK_SIZE} bytes ({@link BlockBlobOutput}):
   * one buffer of that size, Put Block per full buffer, Put Block List at the commit (one Put Blob
   * when the blob fits in one buffer).
   */
  @Override
  default BlobOutput create(String container, String name) throws IOException {
    createContainerIfMissing(container);
    return new BlockBlobOutput(this, container, name, AzureBlobStore.BLOCK_SIZE);
  }

  /** The MD5 digest (16 bytes) of {@code buffer[0..length)}. */
  static byte[] md5(byte[] buffer, int length) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
      md.update(buffer, 0, length);
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /** The base64 block id of block number {@code index} (all ids have the same length). */
  static String blockId(int index) {
    return Base64.getEncoder()
        .encodeToString(String.format("adf-block-%08d", index).getBytes(StandardCharsets.US_ASCII));
  }
}
