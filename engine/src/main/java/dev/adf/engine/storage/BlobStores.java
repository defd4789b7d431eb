package dev.adf.engine.storage;

import java.nio.file.Path;

/** Opens the blob store a connection string names. */
public final class BlobStores {
  private BlobStores() {}

  /**
   * Opens a store.
   *
   * @param connectionString an Azure Storage connection string ({@code DefaultEndpointsProtocol=…;
   *     AccountName=…;AccountKey=…}, {@code UseDevelopmentStorage=true}, {@code BlobEndpoint=http://127.0.0.1:PORT/account;…})
   *     or the local folder store's {@code UseLocalStore=true} (root {@code localRoot}) /
   *     {@code LocalStoreRoot=/abs/path}
   * @param localRoot the local folder store's default root (containers are its subfolders); may be
   *     null when only Azure strings or {@code LocalStoreRoot} are used
   * @throws IllegalArgumentException when the connection string cannot be understood; the message
   *     never contains the account key
   */
  public static BlobStore open(String connectionString, Path localRoot) {
    return open(StorageConnectionString.parse(connectionString, localRoot));
  }

  /** Opens the store of an already parsed connection string. */
  public static BlobStore open(StorageConnectionString cs) {
    return open(cs, StorageRetry.DEFAULT);
  }

  /** Opens the store of a parsed connection string; an Azure one retries requests as {@code retry} says. */
  public static BlobStore open(StorageConnectionString cs, StorageRetry retry) {
    return cs.isLocal() ? new LocalFolderBlobStore(cs.localRoot())
        : new AzureBlobStore(cs, java.time.Clock.systemUTC(), retry);
  }

  /** As {@link #open(String, Path)}, retrying as {@code retry} says. */
  public static BlobStore open(String connectionString, Path localRoot, StorageRetry retry) {
    return open(StorageConnectionString.parse(connectionString, localRoot), retry);
  }
}
