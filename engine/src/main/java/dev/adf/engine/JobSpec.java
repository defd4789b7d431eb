package dev.adf.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run on a {@link ComputeEngine}: a main class with its arguments, like one {@code spark-submit}.
 *
 * @param name a human-readable job name (for logs and listings), never blank
 * @param mainClass the job's entry point: a built-in job name or alias (see {@link BuiltInJobs}) or a
 *     fully qualified class name
 * @param jars jar locations the job needs on its classpath, fetched before it starts: {@code
 *     wasb[s]://container@account.blob.core.windows.net/path.jar} (read with {@link #CONF_JARS_CONNECTION_STRING}, else {@link #CONF_STORAGE_CONNECTION_STRING}), a {@code
 *     file:} URI or an absolute path. The built-in engine skips them when the main class is built in
 *     or on its own classpath
 * @param args the application arguments, passed to the job unchanged
 * @param conf Spark-style settings ({@code driverMemory}, {@code executorCores}, …) and job settings
 *     such as {@link #CONF_STORAGE_CONNECTION_STRING}; values listed in {@link #SECRET_CONF_KEYS} are
 *     secrets and never logged
 * @param idempotencyKey the attempt's key: a second submit with the same key returns the first job
 */
public record JobSpec(
    String name,
    String mainClass,
    List<String> jars,
    List<String> args,
    Map<String, String> conf,
    String idempotencyKey) {

  /**
   * Connection string of the blob storage a job reads and writes (a secret). The job conf keys of this
   * orchestrator start with {@code spark.} because {@code spark-submit} (and so a real Livy) drops
   * any other key with "Ignoring non-Spark config property"; the Spark copy job reads them from its
   * {@code SparkConf}. The secret ones contain {@code secret}, so Spark's default {@code
   * spark.redaction.regex} ({@code (?i)secret|password|token|access[.]key}) hides their values in its UI,
   * event log and history server. (A Livy server still logs the spark-submit command line it runs.)
   */
  public static final String CONF_STORAGE_CONNECTION_STRING = "spark.adf.secret.storageConnectionString";

  /**
   * Root folder of the local folder store, used when the connection string is {@code
   * UseLocalStore=true} (an absolute path; containers are its subfolders).
   */
  public static final String CONF_STORAGE_LOCAL_ROOT = "spark.adf.storage.localRoot";

  /**
   * Connection string of the blob storage holding the job's {@code wasb[s]://} jars (a secret); when
   * absent, {@link #CONF_STORAGE_CONNECTION_STRING} is used.
   */
  public static final String CONF_JARS_CONNECTION_STRING = "spark.adf.secret.jarsConnectionString";

  /**
   * Puts a job's storage connection strings into its conf, each only once: {@link
   * #CONF_STORAGE_CONNECTION_STRING} = {@code data}, and {@link #CONF_JARS_CONNECTION_STRING} = {@code
   * jars} only when it differs (a job falls back to the data storage for its jars), so a secret crosses
   * to the engine as few times as possible.
   *
   * @param conf the conf to add to (mutable)
   * @param data the storage the job reads and writes, or null
   * @param jars the storage holding the job's jars, or null
   */
  public static void putStorageConf(Map<String, String> conf, String data, String jars) {
    if (data != null) {
      conf.put(CONF_STORAGE_CONNECTION_STRING, data);
    }
    if (jars != null && !jars.equals(data)) {
      conf.put(CONF_JARS_CONNECTION_STRING, jars);
    }
  }

  /** Conf keys whose values are secrets. */
  public static final List<String> SECRET_CONF_KEYS =
      List.of(CONF_STORAGE_CONNECTION_STRING, CONF_JARS_CONNECTION_STRING);

  public JobSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mainClass, "mainClass");
    jars = List.copyOf(jars);
    args = List.copyOf(args);
    conf = Map.copyOf(conf);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /**
   * True for conf keys whose values are secrets: {@link #SECRET_CONF_KEYS} and any key naming a key,
   * SAS, secret, password or token (Spark's {@code spark.hadoop.fs.azure.account.key.ACCOUNT}).
   */
  public static boolean isSecretConfKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return SECRET_CONF_KEYS.contains(key) || k.contains("key") || k.contains("sas") || k.contains("secret")
        || k.contains("password") || k.contains("token") || k.contains("connectionstring");
  }

  /**
   * This spec rendered for a log line, secrets replaced by {@code ***} (secret conf values and
   * secret-looking arguments, see {@link Redaction#args}).
   */
  @Override
  public String toString() {
    var shown = new java.util.TreeMap<String, String>();
    conf.forEach((k, v) -> shown.put(k, isSecretConfKey(k) ? "***" : v));
    return "JobSpec[name=" + name + ", mainClass=" + mainClass + ", args=" + Redaction.args(args) + ", conf=" + shown
        + ", idempotencyKey=" + idempotencyKey + "]";
  }
}
