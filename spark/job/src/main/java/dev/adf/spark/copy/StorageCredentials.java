package dev.adf.spark.copy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Puts the account key of a storage connection string where Hadoop's WASB file system looks for it:
 * {@code fs.azure.account.key.<authority host[:port]>} (Hadoop docs, "Hadoop Azure Support: Azure Blob
 * Storage", Configuring Credentials; hadoop-azure 3.3 {@code AzureNativeFileSystemStore} takes the
 * account from the part of the URI authority after {@code @}, port included).
 *
 * <p>The connection string is {@code Key=Value} pairs separated by {@code ;}, keys matched
 * case-insensitively, a value running to the next {@code ;} (so base64 keys ending in {@code =} are
 * kept whole); {@code EndpointSuffix} defaults to {@code core.windows.net}; other pairs ({@code
 * DefaultEndpointsProtocol}, {@code BlobEndpoint}, …) are ignored. Only the AccountName + AccountKey
 * form is mapped; every other form ({@code UseLocalStore=true}, SAS only, malformed text) leaves the
 * Hadoop conf alone. Two conf keys are set, each only when not already set (a {@code
 * spark.hadoop.fs.azure.account.key.…} given to the job wins):
 *
 * <ul>
 *   <li>{@code fs.azure.account.key.<AccountName>.blob.<EndpointSuffix>}, the production host;
 *   <li>for every job URI {@code wasb[s]://container@HOST[:port][/path]} whose HOST's first label is the
 *       AccountName (case-insensitive), {@code fs.azure.account.key.<HOST[:port]>} as written in the URI.
 *       This serves Azurite's production-style host ({@code
 *       wasb://c@devstoreaccount1.blob.localhost:10200/path}, distributed-engine.md §4) and custom
 *       domains of the same account. A host naming another account gets nothing: the key is never
 *       handed to a host that is not its account's.
 * </ul>
 *
 * <p>The key is a secret: nothing here prints, throws or returns it; only conf key names are returned.
 */
final class StorageCredentials {

  private static final String DEFAULT_ENDPOINT_SUFFIX = "core.windows.net";

  /** {@code wasb[s]://container@authority[/…]}: group 1 the authority (host[:port]). */
  private static final Pattern WASB_AUTHORITY = Pattern.compile("(?i:wasbs?)://[^@/]+@([^/?#]+).*", Pattern.DOTALL);

  private StorageCredentials() {}

  /** {@link #configure(String, Configuration, Collection)} without job URIs: the production host only. */
  static List<String> configure(String connectionString, Configuration hadoopConf) {
    return configure(connectionString, hadoopConf, List.of());
  }

  /**
   * Sets the account key in {@code hadoopConf} under the production host's conf key and under the conf
   * key of every {@code uris} host of the account, each unless already set.
   *
   * @param connectionString the connection string, or null
   * @param hadoopConf the conf the WASB file systems are opened with
   * @param uris the job's input and output URIs as given (any scheme; non-wasb URIs and null entries
   *     are skipped)
   * @return the Hadoop conf keys that hold the account key (set now or before), production host first;
   *     empty when the string names no account key
   */
  static List<String> configure(String connectionString, Configuration hadoopConf, Collection<String> uris) {
    if (connectionString == null || connectionString.isBlank()) {
      return List.of();
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
      return List.of();
    }
    String suffix = kv.getOrDefault("endpointsuffix", DEFAULT_ENDPOINT_SUFFIX);
    Set<String> confKeys = new LinkedHashSet<>();
    confKeys.add("fs.azure.account.key." + account + ".blob." + (suffix.isEmpty() ? DEFAULT_ENDPOINT_SUFFIX : suffix));
    String accountLabel = account.toLowerCase(Locale.ROOT) + ".";
    for (String uri : uris) {
      Matcher m = uri == null ? null : WASB_AUTHORITY.matcher(uri.trim());
      if (m != null && m.matches() && m.group(1).toLowerCase(Locale.ROOT).startsWith(accountLabel)) {
        confKeys.add("fs.azure.account.key." + m.group(1));
      }
    }
    for (String confKey : confKeys) {
      if (hadoopConf.get(confKey) == null) {
        hadoopConf.set(confKey, key);
      }
    }
    return new ArrayList<>(confKeys);
  }
}
