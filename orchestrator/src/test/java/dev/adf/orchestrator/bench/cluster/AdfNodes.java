package dev.adf.orchestrator.bench.cluster;

import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Real {@code adf} CLI processes on one PostgreSQL database for the benchmarks, as {@code
 * testing.Cluster} starts them for the tests: a conf folder naming the shared store (lease, pass
 * interval), one home per scheduler, the launcher's JVM flags ({@link #CLI_JVM}) and a factory of
 * DotNetActivity pipelines whose runs {@code testing.RecordingCustomActivity} appends, time-stamped, to
 * {@link #records()}. Stops every process it started on {@link #close()}.
 */
final class AdfNodes implements AutoCloseable {
  /** The secret key (base64) every node and the deploy get as {@code ADF_SECRET_KEY}: one per driver JVM. */
  private static final String SECRET_KEY = dev.adf.orchestrator.testing.Cluster.newSecretKey();

  /** The JVM flags of the {@code adf} launcher script (C1 only, serial collector; see ./adf). */
  static final List<String> CLI_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** The first window of every benchmark pipeline: long past, so every window is due. */
  static final Instant FIRST = Instant.parse("2020-01-01T00:00:00Z");

  /**
   * How the E windows are laid out: {@code pipelines} pipelines {@code B0…} of one hourly
   * DotNetActivity each, E / pipelines windows each (the first E % pipelines one more), every activity
   * with policy {@code concurrency}.
   */
  record Layout(int pipelines, int concurrency) {
    /** How many of {@code e} windows pipeline {@code p} has: e / pipelines, the first e % pipelines one more. */
    int windows(int e, int p) {
      return e / pipelines + (p < e % pipelines ? 1 : 0);
    }

    @Override
    public String toString() {
      return pipelines + " pipelines x concurrency " + concurrency;
    }

    /** {@code adfLayout=PxC}, e.g. {@code 3x10}. */
    static Layout parse(String s) {
      String[] p = s.split("x");
      return new Layout(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }
  }

  private final Path dir;
  private final String url;
  private final String user;
  private final Path conf;
  private final Path records;
  private final List<String> jvm;
  private final List<Process> processes = new ArrayList<>();

  /**
   * @param url the shared store's JDBC URL, or null for each home's embedded H2 file
   * @param nodeJvm JVM options of every process (before {@link #CLI_JVM})
   */
  AdfNodes(Path dir, String url, String user, Duration lease, Duration passInterval, List<String> nodeJvm)
      throws IOException {
    this.dir = dir;
    this.url = url;
    this.user = user;
    this.conf = Files.createDirectories(dir.resolve("conf"));
    this.records = dir.resolve("records.txt");
    List<String> j = new ArrayList<>(nodeJvm);
    j.addAll(CLI_JVM);
    this.jvm = List.copyOf(j);
    Files.writeString(conf.resolve("orchestrator.properties"), (url == null ? ""
        : "store.url=" + url + "\nstore.user=" + user + "\nstore.password=\n") + "scheduler.lease=" + lease
        + "\nscheduler.passInterval=" + passInterval + "\nengine.cores=2\n");
    Files.createDirectories(dir.resolve("logs"));
    Files.createFile(records);
  }

  Path records() {
    return records;
  }

  /** Writes the factory of {@code layout} for {@code e} windows into {@code dir/factory}. */
  Path factory(Layout layout, int e) {
    List<String> files = new ArrayList<>();
    for (int p = 0; p < layout.pipelines(); p++) {
      String n = "B" + p;
      Instant end = FIRST.plusSeconds(3600L * layout.windows(e, p));
      files.add("Out" + n);
      files.add(TestFactory.dataset("Out" + n, "Hour", "StartOfInterval"));
      files.add(n);
      files.add("""
          {"name": "%s", "properties": {"activities": [{
              "name": "%s", "type": "DotNetActivity", "linkedServiceName": "HDInsightLinkedService",
              "typeProperties": {"assemblyName": "Recording.dll", "entryPoint": "Recording.Run",
                "packageLinkedService": "StorageLinkedService", "packageFile": "packages/recording.zip",
                "extendedProperties": {"recordTo": "%s", "stamp": "true"}},
              "outputs": [{"name": "Out%s"}],
              "scheduler": {"frequency": "Hour", "interval": 1, "style": "StartOfInterval"},
              "policy": {"concurrency": %d, "retry": 2}}],
            "start": "%s", "end": "%s"}}"""
          .formatted(n, n, records.toString().replace("\\", "\\\\"), n, layout.concurrency(), FIRST, end));
    }
    return TestFactory.folder(dir.resolve("factory"), files.toArray(String[]::new));
  }

  /** The ids ({@code pipeline|activity|WindowStart}) of the factory's windows. */
  static Set<String> expected(Layout layout, int e) {
    Set<String> s = new HashSet<>();
    for (int p = 0; p < layout.pipelines(); p++) {
      for (int h = 0; h < layout.windows(e, p); h++) {
        s.add("B" + p + "|B" + p + "|" + FIRST.plusSeconds(3600L * h));
      }
    }
    return s;
  }

  /** The pipelines' names. */
  static List<String> pipelines(Layout layout) {
    List<String> names = new ArrayList<>();
    for (int p = 0; p < layout.pipelines(); p++) {
      names.add("B" + p);
    }
    return names;
  }

  /**
   * One record line {@code pipeline|activity|WindowStart|attempt|pid|µs}: the window's id, the index of
   * the node whose pid it names in {@code pids} (-1 when none), the time stamp.
   */
  static ClusterBenchmark.Execution parse(String line, List<Long> pids) {
    String[] f = line.split("\\|");
    return new ClusterBenchmark.Execution(f[0] + "|" + f[1] + "|" + f[2], pids.indexOf(Long.parseLong(f[4])),
        Long.parseLong(f[5]));
  }

  /** Runs one {@code adf} command to its end (120 s at most); returns its exit code. */
  int adf(String log, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--home", dir.resolve("home-" + log).toString()));
    Process p = start(log, all);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("adf " + String.join(" ", args) + " did not end in 120 s: " + log(log));
    }
    return p.exitValue();
  }

  /** The home of {@code adf(log, …)} and {@code run(name)}: {@code <dir>/home-NAME}. */
  Path home(String name) {
    return dir.resolve("home-" + name);
  }

  /** Starts {@code java … MAIN ARGS} with the nodes' JVM options and classpath; output to {@code logs/LOG.log}. */
  Process java(String log, String main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve(log + ".log").toFile())).start();
    processes.add(p);
    return p;
  }

  /** Starts {@code adf run --home <dir>/home-NAME}; it runs until stopped. */
  Process run(String name) throws IOException {
    return start("run-" + name, List.of("run", "--home", dir.resolve("home-" + name).toString()));
  }

  private Process start(String log, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
        "-Dadf.conf=" + conf, "-Dadf.home=" + dir.resolve("home-" + log)));
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      cmd.add("-Dlogback.configurationFile=" + logback);
    }
    cmd.add("dev.adf.orchestrator.cli.Main");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve(log + ".log").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("ADF_"));
    // Every process on one shared store needs the same secret key (README, "Secrets at rest").
    pb.environment().put(dev.adf.orchestrator.secrets.SecretKeys.KEY_VARIABLE, SECRET_KEY);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** What the named process printed (its last 3,000 characters). */
  String log(String name) {
    try {
      String t = Files.readString(dir.resolve("logs").resolve(name + ".log"));
      return t.substring(Math.max(0, t.length() - 3000));
    } catch (IOException e) {
      return e.toString();
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  /** Sends {@code kill -SIGNAL} to {@code p}. */
  static void signal(Process p, String signal) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
    }
  }

  /** Stops every process still running: SIGTERM (a clean stop), forced after 60 s. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
