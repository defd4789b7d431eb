package dev.adf.orchestrator;

import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.JobResources;
import dev.adf.engine.http.HttpLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Orchestrator settings, from {@code conf/orchestrator.properties} (all optional).
 *
 * @param passInterval time between two scheduling passes ({@code scheduler.passInterval}, ISO-8601
 *     duration, default PT1S)
 * @param engineCores cores the built-in engine hands out to its jobs ({@code engine.cores}, a whole
 *     number, default the machine's cores)
 * @param engineMemoryMiB memory the built-in engine hands out to its jobs' heaps, in MiB ({@code
 *     engine.memory}, Spark format such as {@code 4g} or {@code 4096m}, default 3/4 of the machine's
 *     memory)
 * @param quartz extra Quartz settings ({@code org.quartz.*} keys of {@code conf/quartz.properties})
 * @param fileShareRoots the folders FileShare datasets may read and write ({@code
 *     fileShare.allowedRoots}, comma-separated absolute folders, default none), absolute and with
 *     symbolic links resolved where they exist
 * @param store the shared database ({@code store.url}, {@code store.user}, {@code store.password} or
 *     {@code store.passwordFile}; the environment variables {@code ADF_STORE_URL}, {@code
 *     ADF_STORE_USER}, {@code ADF_STORE_PASSWORD} win over the file), or null for the embedded H2 file
 *     under the home folder
 * @param lease how long a scheduler's lease on a shared store lasts after each renewal ({@code
 *     scheduler.lease}, ISO-8601 duration, default {@link #DEFAULT_LEASE}, at least PT3S): another
 *     scheduler adopts the windows of one that has not renewed it for that long
 * @param warmExecutors whether the built-in engine runs its own built-in jobs (the copy job behind
 *     the Spark sample and ADF's Copy activity) one after another in warm executor JVMs ({@code
 *     engine.warmExecutors}, {@code true} or {@code false}, default true); user code always gets a JVM
 *     of its own
 * @param http what the HTTP servers (the web view, {@code adf engine serve}) let one client hold
 *     ({@code http.readTimeout}, ISO-8601, default PT20S; {@code http.idleTimeout}, default PT30S;
 *     {@code http.maxBodyBytes}, default 1 MiB; {@code http.maxHeaderBytes}, default 16 KiB;
 *     {@code http.threads}, default 16; {@code http.maxConnections}, default 512): see {@link HttpLimits}
 */
public record Settings(Duration passInterval, int engineCores, long engineMemoryMiB, Properties quartz,
    java.util.List<Path> fileShareRoots, SharedStore store, Duration lease, boolean warmExecutors,
    HttpLimits http) {

  public Settings {
    fileShareRoots = java.util.List.copyOf(fileShareRoots);
  }

  /** Settings without FileShare roots, on the embedded store. */
  public Settings(Duration passInterval, int engineCores, long engineMemoryMiB, Properties quartz) {
    this(passInterval, engineCores, engineMemoryMiB, quartz, java.util.List.of(), null, DEFAULT_LEASE, true,
        HttpLimits.defaults());
  }

  /** These settings with other FileShare roots (tests, the sample). */
  public Settings withFileShareRoots(java.util.List<Path> roots) {
    return new Settings(passInterval, engineCores, engineMemoryMiB, quartz, roots.stream().map(Settings::real).toList(),
        store, lease, warmExecutors, http);
  }

  /** These settings on another shared store (null: the embedded H2 file) with another lease. */
  public Settings withStore(SharedStore store, Duration lease) {
    return new Settings(passInterval, engineCores, engineMemoryMiB, quartz, fileShareRoots, store, lease, warmExecutors,
        http);
  }

  /** These settings with other HTTP server limits. */
  public Settings withHttp(HttpLimits limits) {
    return new Settings(passInterval, engineCores, engineMemoryMiB, quartz, fileShareRoots, store, lease, warmExecutors,
        limits);
  }

  /**
   * A shared database several {@code adf run} processes use at once.
   *
   * @param url a {@code jdbc:postgresql://HOST:PORT/DATABASE} URL
   * @param user the database user
   * @param password its password ("" for none)
   */
  public record SharedStore(String url, String user, String password) {
    @Override
    public String toString() {
      return "SharedStore[" + url + " as " + user + "]"; // never the password
    }
  }

  /** Default scheduler lease on a shared store: failover takes about this long after a SIGKILL. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

  public static final Duration DEFAULT_PASS_INTERVAL = Duration.ofSeconds(1);

  public static Settings defaults() {
    return new Settings(DEFAULT_PASS_INTERVAL, BuiltInEngine.Builder.defaultCores(),
        BuiltInEngine.Builder.defaultMemoryMiB(), new Properties(), java.util.List.of(), null, DEFAULT_LEASE, true,
        HttpLimits.defaults());
  }

  /**
   * Reads {@code orchestrator.properties} and {@code quartz.properties} from {@code confDir}; missing
   * files mean defaults.
   *
   * @throws IllegalArgumentException naming the file and key when a value cannot be read
   */
  public static Settings load(Path confDir) {
    return load(confDir, System.getenv());
  }

  /**
   * As {@link #load(Path)}, with {@code env} as the environment ({@code ADF_STORE_*}).
   *
   * @throws IllegalArgumentException naming the file (or variable) and key when a value cannot be read
   */
  public static Settings load(Path confDir, java.util.Map<String, String> env) {
    Settings d = defaults();
    if (confDir == null) {
      return d.withStore(sharedStore(new Properties(), null, env), d.lease());
    }
    Properties p = read(confDir.resolve("orchestrator.properties"));
    Properties quartz = read(confDir.resolve("quartz.properties"));
    Path file = confDir.resolve("orchestrator.properties");
    Duration interval = d.passInterval();
    int cores = d.engineCores();
    long memory = d.engineMemoryMiB();
    try {
      if (p.containsKey("scheduler.passInterval")) {
        interval = Duration.parse(p.getProperty("scheduler.passInterval").trim());
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": scheduler.passInterval '" + p.getProperty("scheduler.passInterval")
          + "' is not an ISO-8601 duration such as PT1S");
    }
    try {
      if (p.containsKey("engine.cores")) {
        cores = Integer.parseInt(p.getProperty("engine.cores").trim());
      }
    } catch (NumberFormatException e) {
      cores = 0;
    }
    if (cores < 1) {
      throw new IllegalArgumentException(file + ": engine.cores '" + p.getProperty("engine.cores")
          + "' is not a whole number of cores >= 1");
    }
    if (p.containsKey("engine.memory")) {
      memory = JobResources.parseMiB(p.getProperty("engine.memory"), file + ": engine.memory");
    }
    java.util.List<Path> roots = new java.util.ArrayList<>();
    String listed = p.getProperty("fileShare.allowedRoots");
    if (listed != null) {
      for (String r : listed.split(",")) {
        if (r.isBlank()) {
          continue;
        }
        Path root;
        try {
          root = Path.of(r.trim());
        } catch (java.nio.file.InvalidPathException e) {
          root = null;
        }
        if (root == null || !root.isAbsolute()) {
          throw new IllegalArgumentException(file + ": fileShare.allowedRoots entry '" + r.trim()
              + "' is not an absolute folder path such as /srv/share");
        }
        roots.add(real(root));
      }
    }
    Duration lease = DEFAULT_LEASE;
    if (p.containsKey("scheduler.lease")) {
      try {
        lease = Duration.parse(p.getProperty("scheduler.lease").trim());
      } catch (RuntimeException e) {
        lease = null;
      }
      if (lease == null || lease.compareTo(Duration.ofSeconds(3)) < 0) {
        throw new IllegalArgumentException(file + ": scheduler.lease '" + p.getProperty("scheduler.lease")
            + "' is not an ISO-8601 duration of at least PT3S, such as PT15S");
      }
    }
    boolean warm = true;
    if (p.containsKey("engine.warmExecutors")) {
      String v = p.getProperty("engine.warmExecutors").trim();
      if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(file + ": engine.warmExecutors '" + v + "' is neither true nor false");
      }
      warm = Boolean.parseBoolean(v);
    }
    return new Settings(interval, cores, memory, quartz, roots, sharedStore(p, file, env), lease, warm,
        httpLimits(p, file));
  }

  /** The {@code http.*} keys; each one missing keeps its default. */
  private static HttpLimits httpLimits(Properties p, Path file) {
    HttpLimits d = HttpLimits.defaults();
    Duration read = duration(p, file, "http.readTimeout", d.readTimeout());
    Duration idle = duration(p, file, "http.idleTimeout", d.idleTimeout());
    long body = whole(p, file, "http.maxBodyBytes", d.maxBodyBytes(), 1, Long.MAX_VALUE);
    long header = whole(p, file, "http.maxHeaderBytes", d.maxHeaderBytes(), 1024, 1 << 20);
    long threads = whole(p, file, "http.threads", d.threads(), 1, 1000);
    long connections = whole(p, file, "http.maxConnections", d.maxConnections(), 1, 100_000);
    return new HttpLimits(read, idle, body, (int) header, (int) threads, (int) connections);
  }

  private static Duration duration(Properties p, Path file, String key, Duration dflt) {
    if (!p.containsKey(key)) {
      return dflt;
    }
    Duration d;
    try {
      d = Duration.parse(p.getProperty(key).trim());
    } catch (RuntimeException e) {
      d = null;
    }
    if (d == null || d.compareTo(HttpLimits.MIN_TIMEOUT) < 0) {
      throw new IllegalArgumentException(file + ": " + key + " '" + p.getProperty(key)
          + "' is not an ISO-8601 duration of at least PT0.1S, such as PT30S");
    }
    return d;
  }

  private static long whole(Properties p, Path file, String key, long dflt, long min, long max) {
    if (!p.containsKey(key)) {
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(p.getProperty(key).trim());
    } catch (NumberFormatException e) {
      v = Long.MIN_VALUE;
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(file + ": " + key + " '" + p.getProperty(key) + "' is not a whole number in "
          + min + ".." + max);
    }
    return v;
  }

  /**
   * The shared store named by the environment or the file, or null when neither names one.
   *
   * @throws IllegalArgumentException when the URL is not PostgreSQL's or the password file cannot be read
   */
  private static SharedStore sharedStore(Properties p, Path file, java.util.Map<String, String> env) {
    String where = file == null ? "the environment" : file.toString();
    String url = env.getOrDefault("ADF_STORE_URL", p.getProperty("store.url"));
    if (url == null || url.isBlank()) {
      return null;
    }
    url = url.trim();
    String from = env.containsKey("ADF_STORE_URL") ? "ADF_STORE_URL" : where + ": store.url";
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(from + " '" + url + "' is not a PostgreSQL JDBC URL: give"
          + " jdbc:postgresql://HOST:PORT/DATABASE, or leave it out for the embedded H2 file");
    }
    String user = env.getOrDefault("ADF_STORE_USER", p.getProperty("store.user", "adf")).trim();
    String password = env.get("ADF_STORE_PASSWORD");
    if (password == null) {
      password = p.getProperty("store.password");
    }
    if (password == null && p.getProperty("store.passwordFile") != null) {
      Path pf = Path.of(p.getProperty("store.passwordFile").trim());
      if (!pf.isAbsolute() && file != null) {
        pf = file.getParent().resolve(pf);
      }
      try {
        password = Files.readString(pf).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(where + ": store.passwordFile " + pf + " cannot be read: " + e.getMessage());
      }
    }
    return new SharedStore(url, user, password == null ? "" : password);
  }

  /** The path normalized, with symbolic links resolved when it exists. */
  private static Path real(Path p) {
    Path n = p.toAbsolutePath().normalize();
    try {
      return java.nio.file.Files.exists(n) ? n.toRealPath() : n;
    } catch (IOException e) {
      return n;
    }
  }

  private static Properties read(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
      }
    }
    return p;
  }
}
