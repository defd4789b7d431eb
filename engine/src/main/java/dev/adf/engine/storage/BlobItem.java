package dev.adf.engine.storage;

/**
 * One blob in a listing.
 *
 * @param name the full blob name within its container
 * @param size its length in bytes
 * @param contentMd5 the blob's stored Content-MD5 property, base64 of the 16-byte digest as the
 *     service returns it, or null when the store keeps none (the local folder store; Azure blobs
 *     committed from blocks without {@code x-ms-blob-content-md5})
 */
public record BlobItem(String name, long size, String contentMd5) {

  /** A listed blob without a stored Content-MD5. */
  public BlobItem(String name, long size) {
    this(name, size, null);
  }
}
