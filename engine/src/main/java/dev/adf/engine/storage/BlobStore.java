package dev.adf.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * The port to a blob store: containers holding blobs named by '/'-separated paths. Adapters: Azure
 * Storage Blob SDK (Azure and Azurite) and the local folder store (one folder per container).
 * Implementations are thread-safe.
 */
public interface BlobStore extends AutoCloseable {

  /**
   * The blobs whose names start with {@code prefix}, listed lazily page by page, in {@link
   * #listingOrder()} (UTF-8 byte order, as Azure lists). A missing container lists nothing.
   *
   * @param container the container name
   * @param prefix a name prefix ("" for all); a folder is given as {@code "data/"}
   */
  Iterator<BlobItem> list(String container, String prefix) throws IOException;

  /** The order of {@link #list}: {@link BlobNames#ORDER} unless the store says otherwise. */
  default java.util.Comparator<String> listingOrder() {
    return BlobNames.ORDER;
  }

  /** True when the blob exists. */
  boolean exists(String container, String name) throws IOException;

  /**
   * Opens a blob for streaming reads.
   *
   * @throws java.nio.file.NoSuchFileException when the blob does not exist
   */
  InputStream openRead(String container, String name) throws IOException;

  /**
   * Writes (replaces) a blob from a stream of exactly {@code length} bytes, creating the container
   * when missing. Memory use does not grow with {@code length}.
   */
  void write(String container, String name, InputStream data, long length) throws IOException;

  /**
   * Starts writing (replacing) a blob whose length is not known in advance; nothing is visible under
   * {@code name} until {@link BlobOutput#commit()}. The container is created when missing. The
   * default spools to a temporary file and calls {@link #write} at the commit; the adapters stream.
   *
   * @throws IOException when the write cannot start (for example a folder of that name exists)
   */
  default BlobOutput create(String container, String name) throws IOException {
    return new SpooledBlobOutput(this, container, name);
  }

  /**
   * Deletes a blob; a missing blob is not an error.
   *
   * @throws IOException when the store refuses (the message names the blob)
   */
  void delete(String container, String name) throws IOException;

  /** Creates the container if it does not exist. */
  void createContainerIfMissing(String container) throws IOException;

  /** A description safe to print: store kind and account or root folder, never a key. */
  String describe();

  @Override
  void close();
}
