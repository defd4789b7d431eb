package dev.adf.engine.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A parsed storage connection string: {@code Key=Value} pairs separated by {@code ;}, keys matched
 * case-insensitively, unknown keys (QueueEndpoint, TableEndpoint, …) ignored.
 *
 * <p>Three kinds:
 *
 * <ul>
 *   <li><b>Azure</b>: {@code AccountName} with {@code AccountKey} or {@code SharedAccessSignature};
 *       the blob endpoint is {@code BlobEndpoint}, else {@code
 *       <DefaultEndpointsProtocol|https>://<AccountName>.blob.<EndpointSuffix|core.windows.net>}.
 *       Azurite on any port: {@code BlobEndpoint=http://127.0.0.1:PORT/devstoreaccount1}.
 *   <li><b>Development storage</b>: {@code UseDevelopmentStorage=true} means Azurite's defaults,
 *       {@code http://127.0.0.1:10000/devstoreaccount1} with the well-known key.
 *   <li><b>Local folder store</b>: {@code UseLocalStore=true} (root given by the caller) or {@code
 *       LocalStoreRoot=/abs/path}.
 * </ul>
 *
 * <p>{@link #toString()} and every error message replace AccountKey and SharedAccessSignature by
 * {@code ***}.
 */
public final class StorageConnectionString {

  /** Azurite's and the Azure Storage Emulator's account. */
  public static final String DEV_ACCOUNT_NAME = "devstoreaccount1";

  /** The publicly documented key of {@link #DEV_ACCOUNT_NAME} (not a secret). */
  public static final String DEV_ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  /** Azurite's default blob endpoint. */
  public static final String DEV_BLOB_ENDPOINT = "http://127.0.0.1:10000/" + DEV_ACCOUNT_NAME;

  private static final String DEFAULT_ENDPOINT_SUFFIX = "core.windows.net";

  private final Kind kind;
  private final String accountName;
  private final String accountKey;
  private final String sharedAccessSignature;
  private final URI blobEndpoint;
  private final Path localRoot;

  /** Which store a connection string names. */
  public enum Kind {
    AZURE,
    LOCAL
  }

  private StorageConnectionString(
      Kind kind, String accountName, String accountKey, String sas, URI blobEndpoint, Path localRoot) {
    this.kind = kind;
    this.accountName = accountName;
    this.accountKey = accountKey;
    this.sharedAccessSignature = sas;
    this.blobEndpoint = blobEndpoint;
    this.localRoot = localRoot;
  }

  /**
   * Parses a connection string.
   *
   * @param text the connection string
   * @param defaultLocalRoot the root for {@code UseLocalStore=true}; may be null when that form is
   *     not expected
   * @throws IllegalArgumentException naming the offending key (never a secret value) when the text
   *     is empty, malformed or incomplete
   */
  public static StorageConnectionString parse(String text, Path defaultLocalRoot) {
    Map<String, String> kv = split(text);
    if (isTrue(kv, "uselocalstore") || kv.containsKey("localstoreroot")) {
      return local(kv, defaultLocalRoot);
    }
    if (isTrue(kv, "usedevelopmentstorage")) {
      return new StorageConnectionString(
          Kind.AZURE, DEV_ACCOUNT_NAME, DEV_ACCOUNT_KEY, null, URI.create(DEV_BLOB_ENDPOINT), null);
    }
    String account = kv.get("accountname");
    String key = kv.get("accountkey");
    String sas = kv.get("sharedaccesssignature");
    if (key == null && sas == null) {
      throw new IllegalArgumentException(
          "storage connection string has neither AccountKey nor SharedAccessSignature; expected"
              + " AccountName=…;AccountKey=… or UseDevelopmentStorage=true or UseLocalStore=true");
    }
    if (key != null && account == null) {
      throw new IllegalArgumentException(
          "storage connection string has an AccountKey but no AccountName");
    }
    return new StorageConnectionString(
        Kind.AZURE, account, key, sas == null ? null : stripQuestionMark(sas), endpoint(kv, account), null);
  }

  private static StorageConnectionString local(Map<String, String> kv, Path defaultLocalRoot) {
    String root = kv.get("localstoreroot");
    Path path;
    if (root != null) {
      path = Path.of(root);
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException(
            "LocalStoreRoot must be an absolute path, got '" + root + "'");
      }
    } else if (defaultLocalRoot != null) {
      path = defaultLocalRoot;
    } else {
      throw new IllegalArgumentException(
          "UseLocalStore=true needs a local root: set LocalStoreRoot=/abs/path or the engine's local root");
    }
    return new StorageConnectionString(Kind.LOCAL, null, null, null, null, path.toAbsolutePath().normalize());
  }

  private static URI endpoint(Map<String, String> kv, String account) {
    String explicit = kv.get("blobendpoint");
    if (explicit != null) {
      try {
        URI uri = URI.create(explicit.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
        return uri;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "BlobEndpoint is not an absolute http(s) URL; expected e.g."
                + " http://127.0.0.1:10000/devstoreaccount1");
      }
    }
    if (account == null) {
      throw new IllegalArgumentException(
          "storage connection string has neither AccountName nor BlobEndpoint");
    }
    String protocol = kv.getOrDefault("defaultendpointsprotocol", "https").toLowerCase(Locale.ROOT);
    if (!protocol.equals("https") && !protocol.equals("http")) {
      throw new IllegalArgumentException(
          "DefaultEndpointsProtocol must be http or https, got '" + protocol + "'");
    }
    String suffix = kv.getOrDefault("endpointsuffix", DEFAULT_ENDPOINT_SUFFIX);
    return URI.create(protocol + "://" + account + ".blob." + suffix);
  }

  private static Map<String, String> split(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("storage connection string is empty");
    }
    Map<String, String> kv = new TreeMap<>();
    String[] parts = text.trim().split(";");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        // Never echo the segment: it might be a key that lost its name.
        throw new IllegalArgumentException(
            "storage connection string segment " + (i + 1) + " is not Key=Value");
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (kv.put(key, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(
            "storage connection string names " + part.substring(0, eq).trim() + " twice");
      }
    }
    return kv;
  }

  private static boolean isTrue(Map<String, String> kv, String key) {
    return "true".equalsIgnoreCase(kv.get(key));
  }

  private static String stripQuestionMark(String sas) {
    return sas.startsWith("?") ? sas.substring(1) : sas;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isLocal() {
    return kind == Kind.LOCAL;
  }

  /** The account name, or null for the local store or a SAS-only Azure string. */
  public String accountName() {
    return accountName;
  }

  /** The account key (a secret: never log it), or null. */
  public String accountKey() {
    return accountKey;
  }

  /** The SAS token without a leading '?' (a secret: never log it), or null. */
  public String sharedAccessSignature() {
    return sharedAccessSignature;
  }

  /** The blob service endpoint, e.g. {@code https://acct.blob.core.windows.net}; null for local. */
  public URI blobEndpoint() {
    return blobEndpoint;
  }

  /** The local store's root folder (absolute, normalized); null for Azure. */
  public Path localRoot() {
    return localRoot;
  }

  /** The string with secrets replaced by {@code ***}, safe to log. */
  @Override
  public String toString() {
    if (isLocal()) {
      return "LocalStoreRoot=" + localRoot;
    }
    StringBuilder sb = new StringBuilder();
    if (accountName != null) {
      sb.append("AccountName=").append(accountName).append(';');
    }
    if (accountKey != null) {
      sb.append("AccountKey=***;");
    }
    if (sharedAccessSignature != null) {
      sb.append("SharedAccessSignature=***;");
    }
    sb.append("BlobEndpoint=")
        .append(blobEndpoint.getScheme()).append("://").append(blobEndpoint.getRawAuthority())
        .append(blobEndpoint.getRawPath() == null ? "" : blobEndpoint.getRawPath());
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StorageConnectionString other
        && kind == other.kind
        && Objects.equals(accountName, other.accountName)
        && Objects.equals(accountKey, other.accountKey)
        && Objects.equals(sharedAccessSignature, other.sharedAccessSignature)
        && Objects.equals(blobEndpoint, other.blobEndpoint)
        && Objects.equals(localRoot, other.localRoot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, accountName, blobEndpoint, localRoot);
  }
}
