package dev.adf.engine.testing;

import dev.adf.engine.storage.StorageConnectionString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real Azurite blob service (the version pinned in {@code tools/azurite/package-lock.json})
 * for one test class, on a free loopback port with a temporary data folder:
 *
 * <pre>
 * &#64;RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();
 * … BlobStores.open(AZURITE.connectionString(), null) …
 * </pre>
 *
 * <p>Needs {@code node} on the PATH (or {@code AZURITE_NODE}) and the engine build's {@code npm ci}
 * of tools/azurite (the process-test-resources phase does it). The process is always stopped by pid
 * (destroy, then destroyForcibly) after the class, also when the tests or the start-up fail, and by a
 * shutdown hook if the JVM exits first.
 *
 * <p>Fault tests use {@link #kill()} (SIGKILL, as a crash), {@link #stopGracefully()} (SIGTERM: Azurite
 * saves its database) and {@link #start()} again on the same port and data folder.
 */
public final class AzuriteExtension implements BeforeAllCallback, AfterAllCallback {

  /** Longest wait for Azurite to answer on its port. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private volatile Process process;
  private Thread shutdownHook;
  private Path location;
  private Path mainJs;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    mainJs = repoRoot().resolve("tools/azurite/node_modules/azurite/dist/src/blob/main.js");
    if (!Files.isRegularFile(mainJs)) {
      throw new IllegalStateException("Azurite is not installed at " + mainJs
          + "; run tools/azurite/ensure-installed.sh (the engine build runs it before the tests)");
    }
    location = Files.createTempDirectory("azurite-");
    port = freePort();
    try {
      startProcess();
    } catch (Exception | Error e) {
      stop();
      throw e;
    }
  }

  /**
   * SIGKILLs Azurite (and its children), as a crash or an OOM kill would, and waits until it is
   * gone. Its port and data folder are kept for {@link #start()}; what it had not yet saved of its
   * metadata (it saves its database every few seconds) may be lost, as on a real crash.
   */
  public void kill() throws InterruptedException {
    Process p = process;
    if (p == null) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("Azurite (pid " + p.pid() + ") did not end within " + STOP_TIMEOUT + " of SIGKILL");
    }
    process = null;
  }

  /**
   * Stops Azurite gracefully (SIGTERM: it saves its database and closes), keeping port and data.
   */
  public void stopGracefully() throws InterruptedException {
    stopProcess();
    process = null;
  }

  /** Starts Azurite again on the same port and data folder after {@link #kill()} or {@link #stopGracefully()}. */
  public void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("Azurite is running (pid " + process.pid() + ")");
    }
    startProcess();
  }

  /** Whether the Azurite process lives. */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The data folder ({@code --location}); its {@code __blobstorage__} holds the blocks' bytes. */
  public Path location() {
    return location;
  }

  private void startProcess() throws IOException, InterruptedException {
    String node = System.getenv().getOrDefault("AZURITE_NODE", "node");
    ProcessBuilder pb = new ProcessBuilder(List.of(node, mainJs.toString(),
        "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port), "--location", location.toString(),
        "--silent", "--skipApiVersionCheck", "--loose"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(location.resolve("azurite.out").toFile()));
    process = pb.start();
    if (shutdownHook == null) {
      shutdownHook = new Thread(this::stopProcess, "azurite-stop");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    awaitPort();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** The connection string of this Azurite (well-known devstoreaccount1 key, path-style endpoint). */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName=" + StorageConnectionString.DEV_ACCOUNT_NAME
        + ";AccountKey=" + StorageConnectionString.DEV_ACCOUNT_KEY + ";BlobEndpoint=" + blobEndpoint() + ";";
  }

  /** {@code http://127.0.0.1:PORT/devstoreaccount1}. */
  public String blobEndpoint() {
    return "http://127.0.0.1:" + port + "/" + StorageConnectionString.DEV_ACCOUNT_NAME;
  }

  public int port() {
    return port;
  }

  /** The Azurite process's pid (for tests that check it is gone). */
  public long pid() {
    return process.pid();
  }

  /**
   * The folder holding {@code tools/azurite}, found by walking up from the working directory.
   *
   * @throws IllegalStateException when no parent holds it
   */
  public static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("tools/azurite/package.json"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no tools/azurite/package.json in " + Path.of("").toAbsolutePath() + " or any parent folder");
  }

  private void awaitPort() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        // waitFor doubles as the bounded pause and notices an Azurite that died
        if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("Azurite exited with code " + process.exitValue()
              + " before listening on port " + port + "; output: " + output());
        }
      }
    }
    throw new IllegalStateException("Azurite did not answer on port " + port + " within " + START_TIMEOUT
        + "; output: " + output());
  }

  private String output() throws IOException {
    Path out = location.resolve("azurite.out");
    return Files.exists(out) ? Files.readString(out) : "";
  }

  private void stop() {
    stopProcess();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      shutdownHook = null;
    }
    deleteTree(location);
  }

  private void stopProcess() {
    Process p = process;
    if (p == null) {
      return;
    }
    try {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete Azurite data " + root, e);
    }
  }
}
