package dev.adf.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Several real {@code adf run} processes on one fresh database of the tests' PostgreSQL ({@link
 * PostgresServer}): a conf folder naming the shared store (lease {@link #LEASE}, passes every 200 ms),
 * one home per scheduler, and a factory of {@code DotNetActivity} pipelines whose runs are recorded by
 * {@link RecordingCustomActivity} into {@link #records()}. Stops every process it started on {@link
 * #close()}.
 */
public final class Cluster implements AutoCloseable {
  /** The schedulers' lease in these tests. */
  public static final String LEASE = "PT4S";

  private final Path dir;
  /** The secret key (base64) every process of this cluster gets as {@code ADF_SECRET_KEY}. */
  private final String secretKey;
  private final String url;
  private final Path conf;
  private final Path records;
  private final List<Process> processes = new ArrayList<>();

  public Cluster(Path dir) throws IOException {
    this(dir, LEASE);
  }

  /** A cluster whose schedulers hold leases of {@code lease} (ISO-8601, at least PT3S). */
  public Cluster(Path dir, String lease) throws IOException {
    this.dir = dir;
    this.secretKey = newSecretKey();
    this.url = PostgresServer.shared().newDatabase();
    this.conf = Files.createDirectories(dir.resolve("conf"));
    this.records = dir.resolve("records.txt");
    Files.writeString(conf.resolve("orchestrator.properties"), "store.url=" + url + "\nstore.user="
        + PostgresServer.shared().user() + "\nstore.password=" + PostgresServer.shared().password()
        + "\nscheduler.lease=" + lease + "\nscheduler.passInterval=PT0.2S\nengine.cores=2\n");
    Files.createDirectories(dir.resolve("logs"));
  }

  /** A fresh random secret key in the form {@code ADF_SECRET_KEY} takes: 32 bytes, base64. */
  public static String newSecretKey() {
    byte[] key = new byte[dev.adf.orchestrator.secrets.SecretKeys.KEY_BYTES];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  public String url() {
    return url;
  }

  public Path records() {
    return records;
  }

  /**
   * Writes a factory of {@code pipelines} pipelines {@code P0..}, each of one hourly DotNetActivity
   * (concurrency 10) with {@code windowsEach} windows from 2020-01-01T00:00Z, into {@code dir/name}.
   */
  public Path factory(String name, String prefix, int pipelines, int windowsEach) throws IOException {
    List<String> files = new ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2020-01-01T00:00:00Z");
    java.time.Instant end = start.plusSeconds(3600L * windowsEach);
    for (int p = 0; p < pipelines; p++) {
      String n = prefix + p;
      files.add("Out" + n);
      files.add(TestFactory.dataset("Out" + n, "Hour", "StartOfInterval"));
      files.add(n);
      files.add("""
          {"name": "%s", "properties": {"activities": [{
              "name": "%s", "type": "DotNetActivity", "linkedServiceName": "HDInsightLinkedService",
              "typeProperties": {"assemblyName": "Recording.dll", "entryPoint": "Recording.Run",
                "packageLinkedService": "StorageLinkedService", "packageFile": "packages/recording.zip",
                "extendedProperties": {"recordTo": "%s"}},
              "outputs": [{"name": "Out%s"}],
              "scheduler": {"frequency": "Hour", "interval": 1, "style": "StartOfInterval"},
              "policy": {"concurrency": 10, "retry": 2}}],
            "start": "%s", "end": "%s"}}""".formatted(n, n, records.toString().replace("\\", "\\\\"), n, start, end));
    }
    return TestFactory.folder(dir.resolve(name), files.toArray(String[]::new));
  }

  /** Runs one {@code adf} command in a child process against the shared store; returns its exit code. */
  public int adf(String log, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", dir.resolve("home-" + log).toString()));
    Process p = start(log, all.toArray(String[]::new));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("adf " + String.join(" ", args) + " did not end in 120 s: " + log(log));
    }
    return p.exitValue();
  }

  /** The home of the scheduler (or command log) {@code name}: {@code <dir>/home-NAME}. */
  public Path home(String name) {
    return dir.resolve("home-" + name);
  }

  /**
   * Starts {@code adf engine serve --port 0} on {@code <dir>/home-NAME} (user admin, the password in
   * {@code passwordFile}) and returns its base URL once it printed it (60 s at most).
   */
  public java.net.URI engineServe(String name, Path passwordFile) throws Exception {
    Process p = start("serve-" + name, "engine", "serve", "--home", home(name).toString(), "--port", "0",
        "--user", "admin", "--password-file", passwordFile.toString());
    java.util.regex.Pattern listening = java.util.regex.Pattern.compile("Livy batch API at (http://\\S+) ");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      java.util.regex.Matcher m = listening.matcher(log("serve-" + name));
      if (m.find()) {
        return java.net.URI.create(m.group(1));
      }
      if (!p.isAlive()) {
        break;
      }
      LockSupport.parkNanos(50_000_000L);
    }
    throw new AssertionError("adf engine serve did not listen: " + log("serve-" + name));
  }

  /** Starts {@code adf run --home <dir>/home-NAME} (runs until stopped). */
  public Process scheduler(String name) throws IOException {
    return start("run-" + name, "run", "--home", dir.resolve("home-" + name).toString());
  }

  /** {@link #scheduler(String)} with extra JVM options ({@code -Dkey=value}, e.g. {@link FaultyJdbc}'s). */
  public Process scheduler(String name, List<String> jvmOptions) throws IOException {
    return start("run-" + name, jvmOptions, "run", "--home", dir.resolve("home-" + name).toString());
  }

  private Process start(String log, String... args) throws IOException {
    return start(log, List.of(), args);
  }

  private Process start(String log, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of(
        "-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
        "-Dadf.conf=" + conf, "-Dadf.home=" + dir.resolve("home-" + log),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve(log + ".log").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ADF_"));
    // Every process on one shared store needs the same secret key (README, "Secrets at rest").
    pb.environment().put(dev.adf.orchestrator.secrets.SecretKeys.KEY_VARIABLE, secretKey);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** What the named child process printed so far. */
  public String log(String name) {
    try {
      return Files.readString(dir.resolve("logs").resolve(name + ".log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Every log of this cluster's processes, last 4,000 characters of each. */
  public String logs() {
    StringBuilder b = new StringBuilder();
    try (var s = Files.list(dir.resolve("logs"))) {
      for (Path f : s.sorted().toList()) {
        String t = Files.readString(f);
        b.append("==== ").append(f.getFileName()).append('\n').append(t.substring(Math.max(0, t.length() - 4000)));
      }
    } catch (IOException e) {
      b.append(e);
    }
    return b.toString();
  }

  /** Window counts by status name. */
  public Map<String, Integer> statusCounts() throws SQLException {
    Map<String, Integer> m = new HashMap<>();
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT status, COUNT(*) FROM activity_window GROUP BY status"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getInt(2));
      }
    }
    return m;
  }

  /** How many windows are Ready. */
  public int ready() throws SQLException {
    return statusCounts().getOrDefault("Ready", 0);
  }

  /** Rows of a query, each as its columns' text. */
  public List<List<String>> query(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, PostgresServer.shared().user(), PostgresServer.shared().password());
  }

  /** The lines of the run record, each {@code pipeline|activity|WindowStart|attempt|pid}. */
  public List<String> recordLines() throws IOException {
    return Files.exists(records) ? Files.readAllLines(records) : List.of();
  }

  /**
   * Waits (bounded) until {@code condition} holds, checking every 50 ms.
   *
   * @throws AssertionError after {@code seconds}, with every process's log
   */
  public void await(String what, int seconds, Check condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not after " + seconds + " s: " + what + "; windows " + statusCounts() + "\n" + logs());
      }
      LockSupport.parkNanos(50_000_000L);
    }
  }

  /** A condition {@link #await} checks. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /** Sends a signal to a process ({@code KILL}, {@code STOP}, {@code CONT}). */
  public static void signal(Process p, String signal) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + p.pid() + " failed");
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      if (p.isAlive()) {
        try {
          signal(p, "CONT");
        } catch (IOException | InterruptedException | AssertionError ignored) {
          // it ends below anyway
        }
        p.destroyForcibly();
      }
    }
    for (Process p : processes) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
