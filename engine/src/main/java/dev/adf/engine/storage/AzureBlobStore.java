package dev.adf.engine.storage;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The Azure Storage Blob adapter (Azure, or Azurite through {@code BlobEndpoint=http://127.0.0.1:PORT/
 * devstoreaccount1}), on the SDK's default Netty HTTP client. {@link #write} streams a blob in
 * {@value #BLOCK_SIZE}-byte blocks through one buffer, each with a Content-MD5: memory never grows
 * with the blob. Errors become {@link IOException}s naming the operation, blob, HTTP status and
 * service error code, never the key or SAS.
 */
public final class AzureBlobStore implements BlockBlobStore {

  /** Block and range size in bytes (8 MiB, as AzCopy). */
  public static final int BLOCK_SIZE = 8 * 1024 * 1024;

  private static final int LIST_PAGE_SIZE = 5000;

  /** Lifetime of the read SAS signed for one server-side copy request. */
  static final java.time.Duration SOURCE_SAS_LIFETIME = java.time.Duration.ofMinutes(15);

  private final StorageConnectionString cs;
  private final BlobServiceClient service;
  private final java.time.Clock clock;
  private final StorageRetry retry;
  private final java.util.Set<String> knownContainers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Opens a client (no request is made until the first operation).
   *
   * @throws IllegalArgumentException when {@code cs} names the local store
   */
  public AzureBlobStore(StorageConnectionString cs) {
    this(cs, java.time.Clock.systemUTC());
  }

  /**
   * Opens a client whose source SAS tokens (server-side copy) expire {@link #SOURCE_SAS_LIFETIME}
   * after {@code clock}'s now.
   *
   * @throws IllegalArgumentException when {@code cs} names the local store
   */
  public AzureBlobStore(StorageConnectionString cs, java.time.Clock clock) {
    this(cs, clock, StorageRetry.DEFAULT);
  }

  /** As {@link #AzureBlobStore(StorageConnectionString, java.time.Clock)} with the SDK retrying as {@code retry} says. */
  public AzureBlobStore(StorageConnectionString cs, java.time.Clock clock, StorageRetry retry) {
    this.clock = clock;
    this.retry = retry;
    if (cs.isLocal()) {
      throw new IllegalArgumentException("not an Azure connection string: " + cs);
    }
    this.cs = cs;
    BlobServiceClientBuilder b = new BlobServiceClientBuilder().endpoint(cs.blobEndpoint().toString());
    if (cs.accountKey() != null) {
      b.credential(new StorageSharedKeyCredential(cs.accountName(), cs.accountKey()));
    } else {
      b.sasToken(cs.sharedAccessSignature());
    }
    if (!retry.equals(StorageRetry.DEFAULT)) {
      b.retryOptions(retry.toSdk());
    }
    this.service = b.buildClient();
  }

  @Override
  public Iterator<BlobItem> list(String container, String prefix) throws IOException {
    ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(LIST_PAGE_SIZE);
    if (prefix != null && !prefix.isEmpty()) {
      options.setPrefix(prefix);
    }
    PagedIterable<com.azure.storage.blob.models.BlobItem> pages =
        container(container).listBlobs(options, null);
    return new Listing(pages, container);
  }

  /**
   * UTF-8 byte order on Azure; UTF-16 order ({@link BlobNames#UTF16_ORDER}) for the development
   * account {@value StorageConnectionString#DEV_ACCOUNT_NAME}, i.e. Azurite.
   */
  @Override
  public java.util.Comparator<String> listingOrder() {
    return StorageConnectionString.DEV_ACCOUNT_NAME.equals(cs.accountName())
        ? BlobNames.UTF16_ORDER : BlobNames.ORDER;
  }

  @Override
  public boolean exists(String container, String name) throws IOException {
    try {
      return blob(container, name).exists();
    } catch (RuntimeException e) {
      throw failure("exists", container, name, e);
    }
  }

  @Override
  public InputStream openRead(String container, String name) throws IOException {
    try {
      return blob(container, name).openInputStream(new BlobInputStreamOptions().setBlockSize(4 * 1024 * 1024));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        throw new NoSuchFileException("blob " + container + "/" + name + " does not exist in " + describe());
      }
      throw failure("read", container, name, e);
    } catch (RuntimeException e) {
      throw failure("read", container, name, e);
    }
  }

  @Override
  public void write(String container, String name, InputStream data, long length) throws IOException {
    if (!knownContainers.contains(container)) {
      createContainerIfMissing(container);
    }
    byte[] buffer = new byte[(int) Math.min(length, BLOCK_SIZE)];
    if (length <= BLOCK_SIZE) {
      readFully(data, buffer, (int) length, container, name);
      expectEnd(data, container, name, length);
      putBlob(container, name, buffer, (int) length);
      return;
    }
    List<String> ids = new ArrayList<>();
    for (long done = 0; done < length; ) {
      int n = (int) Math.min(BLOCK_SIZE, length - done);
      readFully(data, buffer, n, container, name);
      String id = BlockBlobStore.blockId(ids.size());
      stageBlock(container, name, id, buffer, n);
      ids.add(id);
      done += n;
    }
    expectEnd(data, container, name, length);
    commitBlocks(container, name, ids);
  }

  @Override
  public void readRange(String container, String name, long offset, byte[] buffer, int length)
      throws IOException {
    if (length == 0) {
      return;
    }
    ArraySink sink = new ArraySink(buffer, length);
    try {
      blob(container, name)
          .downloadStreamWithResponse(sink, new BlobRange(offset, (long) length), null, null, false, null, Context.NONE);
    } catch (RuntimeException e) {
      throw failure("read range", container, name, e);
    }
    if (sink.count() != length) {
      throw new IOException("blob " + container + "/" + name + " changed while it was read: expected "
          + length + " bytes at offset " + offset + ", got " + sink.count());
    }
  }

  @Override
  public void putBlob(String container, String name, byte[] buffer, int length, byte[] md5)
      throws IOException {
    try {
      blob(container, name)
          .uploadWithResponse(
              new BlockBlobSimpleUploadOptions(data(buffer, length)).setContentMd5(md5),
              null,
              Context.NONE);
    } catch (RuntimeException e) {
      throw failure("Put Blob", container, name, e);
    }
  }

  @Override
  public void stageBlock(String container, String name, String blockId, byte[] buffer, int length)
      throws IOException {
    try {
      blob(container, name)
          .stageBlockWithResponse(
              new BlockBlobStageBlockOptions(blockId, data(buffer, length)).setContentMd5(md5(buffer, length)),
              null,
              Context.NONE);
    } catch (RuntimeException e) {
      throw failure("Put Block", container, name, e);
    }
  }

  @Override
  public void commitBlocks(String container, String name, List<String> blockIds, String blobMd5)
      throws IOException {
    var options = new com.azure.storage.blob.options.BlockBlobCommitBlockListOptions(blockIds);
    if (blobMd5 != null) {
      options.setHeaders(new com.azure.storage.blob.models.BlobHttpHeaders()
          .setContentMd5(java.util.Base64.getDecoder().decode(blobMd5)));
    }
    try {
      blob(container, name).commitBlockListWithResponse(options, null, Context.NONE);
    } catch (RuntimeException e) {
      throw failure("Put Block List", container, name, e);
    }
  }

  @Override
  public void delete(String container, String name) throws IOException {
    try {
      blob(container, name).deleteIfExists();
    } catch (RuntimeException e) {
      throw failure("delete", container, name, e);
    }
  }

  /**
   * True when this store can copy from {@code source} without the bytes passing through this
   * client: both are Azure stores of the same account (same account name and key), and the key is
   * there to sign a source SAS. Whether the service implements the copy APIs is only known by
   * trying (Azurite: Put Blob From URL answers 501).
   */
  public boolean canCopyServerSideFrom(BlobStore source) {
    return source instanceof AzureBlobStore src
        && cs.accountKey() != null
        && src.cs.accountKey() != null
        && cs.accountName().equals(src.cs.accountName())
        && cs.accountKey().equals(src.cs.accountKey());
  }

  /**
   * Copies a whole blob of {@code source} inside the service with Copy Blob From URL ({@code
   * x-ms-requires-sync}, https://learn.microsoft.com/rest/api/storageservices/copy-blob-from-url):
   * synchronous, for sources up to 256 MiB on Azure. The source is read through a read-only SAS
   * signed with the source's account key, valid {@link #SOURCE_SAS_LIFETIME}. The target's
   * properties (Content-MD5 included) come from the source.
   *
   * @throws ServerSideCopyUnavailableException when the service does not implement or cannot
   *     authorize the copy (HTTP 501, 401, 403, {@code CannotVerifyCopySource})
   * @throws IOException on any other failure, naming both blobs
   */
  public void copyBlobFromUrl(AzureBlobStore source, String sourceContainer, String sourceName,
      String container, String name) throws IOException {
    String url = source.readUrl(sourceContainer, sourceName);
    try {
      container(container).getBlobClient(name).copyFromUrlWithResponse(
          new com.azure.storage.blob.options.BlobCopyFromUrlOptions(url), null, Context.NONE);
    } catch (RuntimeException e) {
      throw serverSideFailure("Copy Blob From URL", sourceContainer, sourceName, container, name, e);
    }
  }

  /**
   * Stages {@code length} bytes at {@code offset} of a blob of {@code source} as one uncommitted
   * block of a target blob with Put Block From URL
   * (https://learn.microsoft.com/rest/api/storageservices/put-block-from-url), the bytes moving
   * inside the service; commit with {@link #commitBlocks}. Source SAS as {@link #copyBlobFromUrl}.
   *
   * @throws ServerSideCopyUnavailableException as {@link #copyBlobFromUrl}
   * @throws IOException on any other failure, naming both blobs
   */
  public void stageBlockFromUrl(AzureBlobStore source, String sourceContainer, String sourceName,
      long offset, long length, String container, String name, String blockId) throws IOException {
    String url = source.readUrl(sourceContainer, sourceName);
    try {
      blob(container, name).stageBlockFromUrlWithResponse(
          new com.azure.storage.blob.options.BlockBlobStageBlockFromUrlOptions(blockId, url)
              .setSourceRange(new BlobRange(offset, length)),
          null, Context.NONE);
    } catch (RuntimeException e) {
      throw serverSideFailure("Put Block From URL", sourceContainer, sourceName, container, name, e);
    }
  }

  /** The blob's URL with a read-only service SAS valid for {@link #SOURCE_SAS_LIFETIME}. */
  private String readUrl(String container, String name) {
    var client = container(container).getBlobClient(name);
    var expiry = java.time.OffsetDateTime.ofInstant(
        clock.instant().plus(SOURCE_SAS_LIFETIME), java.time.ZoneOffset.UTC);
    var values = new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
        expiry, new com.azure.storage.blob.sas.BlobSasPermission().setReadPermission(true));
    return client.getBlobUrl() + "?" + client.generateSas(values);
  }

  private IOException serverSideFailure(String op, String sourceContainer, String sourceName,
      String container, String name, RuntimeException e) {
    IOException io = failure(op, container, name, e);
    String message = io.getMessage() + " (source " + sourceContainer + "/" + sourceName + ")";
    if (e instanceof BlobStorageException bse
        && (bse.getStatusCode() == 501 || bse.getStatusCode() == 401 || bse.getStatusCode() == 403
            || "CannotVerifyCopySource".equals(String.valueOf(bse.getErrorCode())))) {
      return new ServerSideCopyUnavailableException(message);
    }
    return new IOException(message);
  }

  @Override
  public void createContainerIfMissing(String container) throws IOException {
    // always asks the service (a container deleted since must come back); write() skips the
    // request for containers this store already created or saw
    try {
      container(container).createIfNotExists();
      knownContainers.add(container);
    } catch (RuntimeException e) {
      throw failure("create container", container, "", e);
    }
  }

  @Override
  public String describe() {
    return "Azure blob store " + cs;
  }

  @Override
  public void close() {
    // The SDK's shared Netty resources are process-wide and need no release per client.
  }

  private BlobContainerClient container(String container) {
    return service.getBlobContainerClient(container);
  }

  private BlockBlobClient blob(String container, String name) {
    return container(container).getBlobClient(name).getBlockBlobClient();
  }

  private static BinaryData data(byte[] buffer, int length) {
    return BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length));
  }

  static byte[] md5(byte[] buffer, int length) {
    return BlockBlobStore.md5(buffer, length);
  }

  private static void readFully(InputStream in, byte[] buffer, int n, String container, String name)
      throws IOException {
    int read = in.readNBytes(buffer, 0, n);
    if (read != n) {
      throw new IOException("blob " + container + "/" + name + ": the stream ended early");
    }
  }

  private static void expectEnd(InputStream in, String container, String name, long length)
      throws IOException {
    if (in.read() != -1) {
      throw new IOException(
          "blob " + container + "/" + name + ": the stream is longer than the " + length + " bytes declared");
    }
  }

  /** A one-line IOException for a failed SDK call; never contains the key or SAS. */
  private IOException failure(String op, String container, String name, RuntimeException e) {
    String where = name.isEmpty() ? container : container + "/" + name;
    String detail;
    if (e instanceof BlobStorageException bse) {
      detail = "HTTP " + bse.getStatusCode() + " " + bse.getErrorCode();
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      detail = root.getClass().getSimpleName() + ": " + redact(String.valueOf(root.getMessage()));
    }
    return new IOException(op + " " + where + " failed on " + describe() + ": " + detail);
  }

  private String redact(String text) {
    String out = text.replaceAll("sig=[^&\\s\"']+", "sig=***"); // a source SAS signed for a copy
    if (cs.sharedAccessSignature() != null) {
      out = out.replace(cs.sharedAccessSignature(), "***");
    }
    if (cs.accountKey() != null) {
      out = out.replace(cs.accountKey(), "***");
    }
    return out;
  }

  /** Maps the SDK's lazy paged listing to BlobItems; a missing container lists nothing. */
  private final class Listing implements Iterator<BlobItem> {
    private final PagedIterable<com.azure.storage.blob.models.BlobItem> source;
    private final String container;
    private Iterator<com.azure.storage.blob.models.BlobItem> pages;
    private boolean ended;

    Listing(PagedIterable<com.azure.storage.blob.models.BlobItem> source, String container) {
      this.source = source;
      this.container = container;
    }

    @Override
    public boolean hasNext() {
      if (ended) {
        return false;
      }
      try {
        if (pages == null) {
          pages = source.iterator(); // fetches the first page
        }
        return pages.hasNext();
      } catch (BlobStorageException e) {
        if (e.getStatusCode() == 404) {
          ended = true;
          return false;
        }
        throw new UncheckedIOException(failure("list", container, "", e));
      } catch (RuntimeException e) {
        throw new UncheckedIOException(failure("list", container, "", e));
      }
    }

    @Override
    public BlobItem next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      com.azure.storage.blob.models.BlobItem item = pages.next();
      byte[] md5 = item.getProperties().getContentMd5();
      return new BlobItem(item.getName(), item.getProperties().getContentLength(),
          md5 == null || md5.length == 0 ? null : java.util.Base64.getEncoder().encodeToString(md5));
    }
  }
}
