package dev.adf.spark.copy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Puts the account key of a storage connection string where Hadoop's WASB file system looks for it:
 * {@code fs.azure.account.key.<AccountName>.blob.<EndpointSuffix>} (Hadoop docs, "Hadoop Azure
 * Support: Azure Blob Storage", Configuring Credentials).
 *
 * <p>The connection string is {@code Key=Value} pairs separated by {@code ;}, keys matched
 * case-insensitively; {@code EndpointSuffix} defaults to {@code core.windows.net}. Only the
 * AccountName + AccountKey form is mapped; every other form ({@code UseLocalStore=true}, SAS only,
 * malformed text) leaves the Hadoop conf alone. The key is a secret: nothing here prints or returns it.
 */
final class StorageCredentials {

  private static final String DEFAULT_ENDPOINT_SUFFIX = "core.windows.net";

  private StorageCredentials() {}

  /**
   * Sets the account key in {@code hadoopConf} unless that conf key is already set.
   *
   * @param connectionString the connection string, or null
   * @return the Hadoop conf key that holds the account key (set now or before), or empty when the
   *     string names no account key
   */
  static Optional<String> configure(String connectionString, Configuration hadoopConf) {
    if (connectionString == null || connectionString.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> kv = new HashMap<>();
    for (String part : connectionString.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        kv.putIfAbsent(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    String account = kv.get("accountname");
    String key = kv.get("accountkey");
    if (account == null || account.isEmpty() || key == null || key.isEmpty()) {
      return Optional.empty();
    }
    String suffix = kv.getOrDefault("endpointsuffix", DEFAULT_ENDPOINT_SUFFIX);
    String confKey = "fs.azure.account.key." + account + ".blob." + (suffix.isEmpty() ? DEFAULT_ENDPOINT_SUFFIX : suffix);
    if (hadoopConf.get(confKey) == null) {
      hadoopConf.set(confKey, key);
    }
    return Optional.of(confKey);
  }
}
