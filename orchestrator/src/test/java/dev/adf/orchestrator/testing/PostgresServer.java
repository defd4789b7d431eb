package dev.adf.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throw-away PostgreSQL server for the tests of one JVM: Debian's binaries (the newest
 * {@code /usr/lib/postgresql/<major>/bin}), a cluster in a temp folder, listening on 127.0.0.1 only on
 * a free port (its unix socket in the temp folder), durability off ({@code fsync}, {@code
 * synchronous_commit}, {@code full_page_writes}) and {@code max_connections=300}. Started lazily by the
 * first {@link #shared()}; stopped ({@code pg_ctl stop -m immediate}, then the postmaster killed) and its
 * folder deleted by a JVM shutdown hook, so it stops also when tests fail.
 *
 * <p>PostgreSQL refuses to run as root: as root it runs as user {@code postgres} ({@code runuser -u
 * postgres --}) when that user exists, else in a user namespace ({@code unshare -U}, where it is {@code
 * nobody}); as any other user it runs directly. The superuser is {@code test}, trusted without a
 * password on the loopback.
 */
public final class PostgresServer {
  private static final Path ROOT = Path.of("/usr/lib/postgresql");
  private static PostgresServer shared;

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final List<String> prefix;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path bin, Path dir, List<String> prefix, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.prefix = prefix;
    this.port = port;
  }

  /**
   * The server of this JVM, initialised and started on the first call (about 3 s).
   *
   * @throws IllegalStateException when no server binaries are installed, or initdb or pg_ctl fails (the
   *     message carries their output)
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      PostgresServer s = create();
      s.initdb();
      s.start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::shutdown, "postgres-server-stop"));
      shared = s;
    }
    return shared;
  }

  private static PostgresServer create() {
    Path bin = binaries();
    try {
      Path dir = Files.createTempDirectory("adf-pg-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      List<String> prefix = List.of();
      if (isRoot()) {
        if (userExists("postgres")) {
          UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
          Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
          prefix = List.of("runuser", "-u", "postgres", "--");
        } else {
          // In a new user namespace the server is nobody and sees root's files as nobody's: its own.
          prefix = List.of("unshare", "-U");
        }
      }
      return new PostgresServer(bin, dir, prefix, freePort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the PostgreSQL test server's folder", e);
    }
  }

  /** The newest {@code /usr/lib/postgresql/<major>/bin} holding initdb and pg_ctl. */
  private static Path binaries() {
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(ROOT)) {
      try (Stream<Path> majors = Files.list(ROOT)) {
        majors.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .map(p -> p.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found.stream()
        .max(Comparator.comparingDouble(b -> Double.parseDouble(b.getParent().getFileName().toString())))
        .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries not found under "
            + ROOT + ": install Debian's postgresql package (apt-get install -y postgresql)"));
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static boolean userExists(String name) {
    try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
      return lines.anyMatch(l -> l.startsWith(name + ":"));
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private void initdb() {
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", user(), "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8"), "initdb");
  }

  private void start() {
    String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
        "-w", "-t", "60", "-o", options, "start"), "pg_ctl start");
  }

  private void stop(String mode) {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t", "60", "stop"),
        "pg_ctl stop");
  }

  /** Runs a server command as the server's user, its output to a file (a daemon may keep a pipe open). */
  private void run(List<String> command, String what) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    Path out = dir.resolve(what.replace(' ', '-') + ".out");
    try {
      Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " did not end in 120 s: " + String.join(" ", full));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", full)
            + "\n" + Files.readString(out, StandardCharsets.UTF_8) + logTail());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(what + " could not run: " + String.join(" ", full), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  private String logTail() {
    Path log = dir.resolve("log");
    try {
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Creates an empty database with a name not used before in this JVM.
   *
   * @return its JDBC URL, {@code jdbc:postgresql://127.0.0.1:PORT/NAME}
   * @throws IllegalStateException when the server refuses
   */
  public String newDatabase() {
    String name = "adf_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), user(), password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + e.getMessage(), e);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The superuser the tests connect as: {@code test}. */
  /** The server's data folder (its files and WAL), for tests that look at what reached the disk. */
  public Path dataDirectory() {
    return data;
  }

  public String user() {
    return "test";
  }

  /** The empty password ({@code trust} authentication on the loopback). */
  public String password() {
    return "";
  }

  /** The TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /**
   * Stops the server ({@code pg_ctl stop -m fast}: open sessions are ended, their transactions rolled
   * back) and starts it again on the same port and data folder; returns once it accepts connections.
   *
   * @throws IllegalStateException when pg_ctl fails
   */
  public synchronized void restart() {
    stop("fast");
    start();
  }

  /**
   * The process id of the running postmaster, from the first line of {@code postmaster.pid}.
   *
   * @throws IllegalStateException when the server is not running
   */
  public long postmasterPid() {
    try {
      return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the PostgreSQL test server is not running (no postmaster.pid)", e);
    }
  }

  /** Shutdown hook: an immediate stop, then the postmaster killed should it still run, then the folder. */
  private void shutdown() {
    Long pid = null;
    try {
      pid = postmasterPid();
    } catch (IllegalStateException e) {
      // not running
    }
    try {
      stop("immediate");
    } catch (RuntimeException e) {
      // killed below
    }
    if (pid != null) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder left behind
    }
  }
}
