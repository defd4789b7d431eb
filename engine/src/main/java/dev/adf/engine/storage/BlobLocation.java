package dev.adf.engine.storage;

import java.util.Objects;

/**
 * A container and a path inside it. Parses the {@code wasb[s]://container@account.blob.core.windows.net/path}
 * URLs HDInsight jobs use, and ADF's {@code folderPath} form {@code container/path}.
 *
 * @param account the storage account name, or null when the form does not name one
 * @param container the container name
 * @param path the path inside the container without a leading '/', "" for the whole container
 */
public record BlobLocation(String account, String container, String path) {

  public BlobLocation {
    Objects.requireNonNull(container, "container");
    path = path == null ? "" : stripSlashes(path);
  }

  /**
   * Parses {@code wasb://container@account.blob.core.windows.net/path} (also {@code wasbs://}).
   *
   * @throws IllegalArgumentException when the text is not such a URL, naming the expected form
   */
  public static BlobLocation parseWasb(String url) {
    var m = WASB.matcher(url == null ? "" : url.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(bad(url));
    }
    String host = m.group(2);
    int dot = host.indexOf('.');
    return new BlobLocation(dot < 0 ? host : host.substring(0, dot), m.group(1), m.group(3));
  }

  /**
   * {@code wasb[s]://container@host[/path]}. Parsed by its own grammar rather than as a
   * {@link java.net.URI}: the account is only used to pick a storage linked service, and real
   * pipelines carry placeholders there ({@code <YOUR_ACCOUNT>}) that are not legal URI hosts.
   */
  private static final java.util.regex.Pattern WASB =
      java.util.regex.Pattern.compile("(?i:wasbs?)://([^@/]+)@([^/]+)(/.*)?");

  /**
   * Parses an ADF AzureBlob {@code folderPath}: {@code container} or {@code container/folder/…}.
   *
   * @throws IllegalArgumentException when the text is blank
   */
  public static BlobLocation parseFolderPath(String folderPath) {
    String p = stripSlashes(Objects.requireNonNull(folderPath, "folderPath").trim());
    if (p.isEmpty()) {
      throw new IllegalArgumentException("folderPath is empty: give it as container/folder");
    }
    int slash = p.indexOf('/');
    return slash < 0
        ? new BlobLocation(null, p, "")
        : new BlobLocation(null, p.substring(0, slash), p.substring(slash + 1));
  }

  /** The listing prefix for everything below this location: "" or {@code "path/"}. */
  public String prefix() {
    return path.isEmpty() ? "" : path + "/";
  }

  private static String bad(String url) {
    return "not a wasb URL: '" + url + "'; expected wasb://container@account.blob.core.windows.net/path";
  }

  private static String stripSlashes(String p) {
    int b = 0;
    int e = p.length();
    while (b < e && p.charAt(b) == '/') {
      b++;
    }
    while (e > b && p.charAt(e - 1) == '/') {
      e--;
    }
    return p.substring(b, e);
  }

  @Override
  public String toString() {
    return container + "/" + path;
  }
}
