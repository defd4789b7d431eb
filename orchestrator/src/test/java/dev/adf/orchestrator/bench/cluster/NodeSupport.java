package dev.adf.orchestrator.bench.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What every benchmark node process shares: the connection pool, the per-node id log and the
 * protocol with {@link ClusterBenchmark} on stdin/stdout.
 *
 * <p>Protocol: the node builds its scheduler (not started), prints {@code ready}, blocks until the
 * driver writes {@code go}, starts the scheduler, and shuts it down when the driver writes
 * {@code stop} or closes stdin (so a node never outlives a dead driver).
 */
final class NodeSupport {
  /** Connections per node: the node's 10 worker threads plus polling/housekeeping (Quartz: threadCount + 2). */
  static final int POOL = 12;

  private NodeSupport() {}

  static HikariDataSource dataSource(String jdbcUrl, String user, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setMaximumPoolSize(POOL);
    c.setMinimumIdle(POOL);
    c.setPoolName(name);
    return new HikariDataSource(c);
  }

  /**
   * Appends one line {@code <id> <epoch microseconds>} per execution and hands it to the OS at once
   * (no fsync), so the driver sees it while the node runs.
   */
  static final class IdLog implements AutoCloseable {
    private final OutputStream out;

    IdLog(Path file) throws IOException {
      out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    synchronized void record(String id) {
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      try {
        out.write((id + " " + micros + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      out.close();
    }
  }

  /** The node's scheduler, as the protocol drives it. */
  interface Lifecycle {
    void start() throws Exception;

    void stop() throws Exception;
  }

  /** Runs the protocol: ready, wait for go, start, wait for stop (or EOF), stop. */
  static void serve(Lifecycle node) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    String line = in.readLine();
    if (!"go".equals(line)) {
      node.stop();
      return;
    }
    node.start();
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      // nothing else is sent
    }
    node.stop();
  }
}
