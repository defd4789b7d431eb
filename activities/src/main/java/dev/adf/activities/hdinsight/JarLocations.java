package dev.adf.activities.hdinsight;

import dev.adf.engine.storage.StorageConnectionString;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where a launcher's jar is, as a URL an engine can fetch. ADF v1 names jars as {@code container/path}
 * in a storage linked service ({@code jarFilePath}, {@code --jarFile}); Livy and Spark want a URL.
 */
final class JarLocations {
  private JarLocations() {}

  /**
   * How the {@code container/path} locations of one storage linked service are sent to an engine: for
   * a local folder store, {@link #toLocalUrl} under its root; else {@link #toUrl} in its account.
   *
   * @param connectionString the storage linked service's connection string, or null (then {@code
   *     wasb://…@local…} URLs, which the job reports when it cannot use them)
   * @param defaultLocalRoot the root of {@code UseLocalStore=true}, or null
   */
  static UnaryOperator<String> urlsOf(String connectionString, Path defaultLocalRoot) {
    Path localRoot = localRootOf(connectionString, defaultLocalRoot);
    if (localRoot != null) {
      return location -> toLocalUrl(location, localRoot);
    }
    String account = accountOf(connectionString);
    return location -> toUrl(location, account);
  }

  /** The root folder when {@code connectionString} names a local folder store, else null. */
  private static Path localRootOf(String connectionString, Path defaultRoot) {
    if (connectionString == null) {
      return null;
    }
    try {
      StorageConnectionString cs = StorageConnectionString.parse(connectionString, defaultRoot);
      return cs.isLocal() ? cs.localRoot() : null;
    } catch (IllegalArgumentException e) {
      return null; // not usable anyway: the job reports it
    }
  }

  /**
   * Where a jar of a local folder store is: {@code container/path} is the file {@code
   * localRoot/container/path}, sent as a {@code file:} URI, which a Livy on the same machine (its
   * {@code livy.file.local-dir-whitelist} permitting) and the built-in engine both read.
   *
   * @param location {@code container/path}, or already a URL or an absolute path (kept as it is)
   * @param localRoot the local store's root folder (absolute)
   * @return {@code file:/localRoot/container/path} for a {@code container/path}
   */
  static String toLocalUrl(String location, java.nio.file.Path localRoot) {
    String l = location.trim();
    if (isUrlOrAbsolute(l)) {
      return l;
    }
    return localRoot.toAbsolutePath().normalize().resolve(l).toUri().toString();
  }

  /**
   * @param location {@code container/path}, or already a URL ({@code wasb://…}, {@code file:…}) or an
   *     absolute path on the cluster ({@code /usr/hdp/…}), which are kept as they are
   * @param account the storage account of the jar's linked service, or null ({@code local} is used)
   * @return {@code wasb://container@account.blob.core.windows.net/path} for a {@code container/path}
   */
  static String toUrl(String location, String account) {
    String l = location.trim();
    if (isUrlOrAbsolute(l)) {
      return l;
    }
    int slash = l.indexOf('/');
    String container = slash < 0 ? l : l.substring(0, slash);
    String path = slash < 0 ? "" : l.substring(slash);
    return "wasb://" + container + "@" + (account == null ? "local" : account) + ".blob.core.windows.net" + path;
  }

  /** A URL ({@code wasb://…}, {@code file:…}) or an absolute path: not a {@code container/path}. */
  private static boolean isUrlOrAbsolute(String location) {
    return location.contains("://") || location.startsWith("/") || location.toLowerCase(Locale.ROOT).startsWith("file:");
  }

  /** The {@code AccountName} of a storage connection string, or null when it has none. */
  static String accountOf(String connectionString) {
    if (connectionString == null) {
      return null;
    }
    for (String part : connectionString.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("AccountName")) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }
}
