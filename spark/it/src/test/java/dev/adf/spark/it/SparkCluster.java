package dev.adf.spark.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Apache Spark 3.5 standalone cluster (one master, one worker) and a real Apache Livy 0.7.1
 * server in client deploy mode in front of it, started from the jars of the fixture modules on
 * 127.0.0.1 with free ports. A test fixture (distributed-engine.md §1, §3, §5): no Spark distribution is
 * installed; the SPARK_HOME is the copied jars plus a three-line {@code bin/spark-submit}.
 *
 * <p>Cluster defaults ({@code conf/spark-defaults.conf}, read by every spark-submit Livy runs) keep a
 * job small on a 2-core machine: at most 2 executor cores per application, 512 MiB executors, no UI.
 *
 * <p>Drivers and executors resolve host names from {@link #hostsFile()} only ({@code
 * -Djdk.net.hosts.file}, in {@code bin/spark-submit} and {@code spark.executor.extraJavaOptions}):
 * {@value #AZURITE_HOST}, {@code localhost} and this machine's host name, all 127.0.0.1. So a job
 * reaches an Azurite on any port as {@code wasb://container@devstoreaccount1.blob.localhost:PORT/path}
 * (hadoop-azure's emulator route is fixed to port 10000; distributed-engine.md §4) without touching
 * {@code /etc/hosts}. Jobs on {@code file:} and 127.0.0.1 are unaffected; any other host name does not
 * resolve in a job.
 *
 * <p>Every process is stopped by {@link #close()}, with its descendants (Livy's spark-submit drivers,
 * the worker's executors): SIGTERM, then SIGKILL after 10 s. The pids are also written to {@code
 * work/pids}; a later {@link #start} kills what a killed test JVM left behind.
 */
final class SparkCluster implements AutoCloseable {

  /** Spark's {@code JavaModuleOptions.defaultModuleOptions()} for 3.5.9: what Spark needs on Java 17. */
  static final String OPENS = String.join(" ",
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false");

  private static final Duration START_LIMIT = Duration.ofSeconds(180);

  /** Azurite's production-style host for the dev account (the account is the first label). */
  static final String AZURITE_HOST = "devstoreaccount1.blob.localhost";

  private final Path work;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path sparkHome;
  private URI masterUi;
  private String masterUrl;
  private URI livy;
  private final Thread hook = new Thread(this::stopAll, "spark-cluster-stop");

  private SparkCluster(Path work) {
    this.work = work;
  }

  /**
   * Starts master, worker and Livy and waits until the worker is registered and Livy answers.
   *
   * @param work a folder for SPARK_HOME, Livy's home and conf, logs and worker folders (created)
   * @param sparkJars the Spark jars ({@code spark/dist}'s {@code target/spark-home/jars})
   * @param livyJars Livy's jars ({@code spark/livy}'s {@code target/livy/jars})
   * @param localDirWhitelist the folder under which Livy accepts {@code file:} jars and files
   * @throws IOException when a process cannot start or is not ready within 180 s (with its log's tail)
   */
  static SparkCluster start(Path work, Path sparkJars, Path livyJars, Path localDirWhitelist)
      throws IOException, InterruptedException {
    Files.createDirectories(work.resolve("logs"));
    killLeftovers(work.resolve("pids"));
    SparkCluster c = new SparkCluster(work);
    Runtime.getRuntime().addShutdownHook(c.hook);
    try {
      c.startSpark(sparkJars);
      c.startLivy(livyJars, localDirWhitelist);
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Livy's base URL ({@code http://127.0.0.1:PORT}). */
  URI livy() {
    return livy;
  }

  /** The master's URL ({@code spark://127.0.0.1:PORT}). */
  String masterUrl() {
    return masterUrl;
  }

  /** The master's state as JSON ({@code GET /json/} of its web UI): workers, active and completed apps. */
  String masterState() throws IOException, InterruptedException {
    return get(masterUi.resolve("/json/"));
  }

  /** The hosts file drivers and executors resolve names from ({@code work/hosts}). */
  Path hostsFile() {
    return work.resolve("hosts");
  }

  /** The folder of the cluster's logs ({@code master.log}, {@code worker.log}, {@code livy.log}). */
  Path logs() {
    return work.resolve("logs");
  }

  private void startSpark(Path sparkJars) throws IOException, InterruptedException {
    sparkHome = work.resolve("spark-home");
    Files.createDirectories(sparkHome.resolve("bin"));
    Files.createDirectories(sparkHome.resolve("conf"));
    Path jars = sparkHome.resolve("jars");
    Files.deleteIfExists(jars);
    Files.createSymbolicLink(jars, sparkJars.toAbsolutePath());
    Path hosts = hostsFile().toAbsolutePath();
    Files.writeString(hosts, "127.0.0.1 " + AZURITE_HOST + " localhost " + hostName() + "\n");
    String jobOptions = OPENS + " -Djdk.net.hosts.file=" + hosts;
    Path submit = sparkHome.resolve("bin/spark-submit");
    Files.writeString(submit, "#!/usr/bin/env bash\n"
        + "exec \"" + javaExecutable() + "\" -Xmx512m " + jobOptions
        + " -cp \"$SPARK_HOME/conf:$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(sparkHome.resolve("conf/spark-defaults.conf"), String.join("\n",
        "spark.cores.max 2",
        "spark.executor.memory 512m",
        "spark.driver.host 127.0.0.1",
        "spark.driver.bindAddress 127.0.0.1",
        "spark.ui.enabled false",
        "spark.executor.extraJavaOptions " + jobOptions,
        "") );

    int masterPort = freePort();
    int masterUiPort = freePort();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    masterUi = URI.create("http://127.0.0.1:" + masterUiPort);
    spawn("master", List.of(javaExecutable(), "-Xmx256m", "-cp", sparkHome.resolve("conf") + ":" + jars + "/*",
        "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
        "--webui-port", String.valueOf(masterUiPort)), Map.of());
    Path workerDir = Files.createDirectories(work.resolve("worker"));
    spawn("worker", List.of(javaExecutable(), "-Xmx256m", "-cp", sparkHome.resolve("conf") + ":" + jars + "/*",
        "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
        "--webui-port", String.valueOf(freePort()), "--cores", "4", "--memory", "3g",
        "--work-dir", workerDir.toString(), masterUrl), Map.of());
    awaitReady("worker registered at the master", "worker",
        () -> get(masterUi.resolve("/json/")), body -> body.replace(" ", "").contains("\"aliveworkers\":1"));
  }

  private void startLivy(Path livyJars, Path whitelist) throws IOException, InterruptedException {
    Path home = Files.createDirectories(work.resolve("livy"));
    Files.createDirectories(home.resolve("logs")); // Livy refuses to start without it
    Path conf = Files.createDirectories(home.resolve("conf"));
    int port = freePort();
    Files.writeString(conf.resolve("livy.conf"), String.join("\n",
        "livy.server.host = 127.0.0.1",
        "livy.server.port = " + port,
        "livy.spark.master = " + masterUrl,
        "livy.spark.deploy-mode = client",
        "livy.file.local-dir-whitelist = " + whitelist.toAbsolutePath() + "/",
        "livy.server.csrf-protection.enabled = true",
        ""));
    Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
        "log4j.rootCategory=INFO, console",
        "log4j.appender.console=org.apache.log4j.ConsoleAppender",
        "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
        "log4j.appender.console.layout.ConversionPattern=%d %p %c{1}: %m%n",
        ""));
    livy = URI.create("http://127.0.0.1:" + port);
    spawn("livy", List.of(javaExecutable(), "-Xmx256m", "-cp", conf + ":" + livyJars.toAbsolutePath() + "/*",
        "org.apache.livy.server.LivyServer"),
        Map.of("LIVY_HOME", home.toString(), "LIVY_CONF_DIR", conf.toString()));
    awaitReady("Livy answering GET /batches", "livy", () -> get(livy.resolve("/batches")), body -> body.contains("sessions"));
  }

  private void spawn(String name, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("logs").resolve(name + ".log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    ProcessHandle.Info info = p.info();
    Files.writeString(work.resolve("pids"), p.pid() + " " + info.startInstant().map(Instant::toString).orElse("-") + "\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  @FunctionalInterface
  private interface Probe {
    String read() throws IOException, InterruptedException;
  }

  private void awaitReady(String what, String logName, Probe probe, Predicate<String> ready)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IOException("a cluster process ended (exit " + p.exitValue() + ") before " + what + "; "
              + logName + ".log ends:\n" + tail(logs().resolve(logName + ".log")));
        }
      }
      try {
        if (ready.test(probe.read())) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200); // polling a process we do not control; no clock involved
    }
    throw new IOException("not ready within " + START_LIMIT.toSeconds() + " s: " + what + "; " + logName
        + ".log ends:\n" + tail(logs().resolve(logName + ".log")));
  }

  String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IOException(uri + " answered " + r.statusCode());
    }
    return r.body();
  }

  /** The last 40 lines of a log file, for failure messages. */
  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * This machine's host name (Hadoop's metrics look it up in every job JVM, logging UnknownHostException
   * when the hosts file lacks it): the JDK's, else the {@code hostname} command's output.
   */
  private static String hostName() throws IOException, InterruptedException {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException unresolvable) {
      Process p = new ProcessBuilder("hostname").redirectErrorStream(true).start();
      String name = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || name.isEmpty() || name.contains(" ")) {
        throw new IOException("cannot tell this machine's host name: " + unresolvable.getMessage());
      }
      return name;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Stops Livy, the worker and the master with all their descendants. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs or ran
    }
  }

  private synchronized void stopAll() {
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = processes.size() - 1; i >= 0; i--) { // Livy first, master last
      ProcessHandle h = processes.get(i).toHandle();
      h.descendants().forEach(all::add);
      all.add(h);
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception stillAlive) {
        h.destroyForcibly();
      }
    }
    processes.clear();
  }

  /** Kills processes a previous, killed test JVM left behind (same pid and start instant). */
  private static void killLeftovers(Path pids) throws IOException {
    if (!Files.exists(pids)) {
      return;
    }
    for (String line : Files.readAllLines(pids)) {
      String[] f = line.trim().split(" ");
      if (f.length != 2) {
        continue;
      }
      ProcessHandle.of(Long.parseLong(f[0]))
          .filter(h -> h.info().startInstant().map(Instant::toString).orElse("-").equals(f[1]))
          .ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
          });
    }
    Files.delete(pids);
  }
}
