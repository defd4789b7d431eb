package dev.adf.orchestrator.bench.cluster;

import dev.adf.orchestrator.bench.cluster.ClusterBenchmark.Run;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The "adf" system of {@link ClusterBenchmark}: N real {@code adf run} processes on the run's fresh
 * database, draining E activity windows that are all due.
 *
 * <p>Per run, untimed: {@code adf deploy} (a child process: it migrates the empty database and lays
 * out the windows) of {@link AdfNodes#factory} in layout {@code adfLayout} (default {@value
 * #DEFAULT_LAYOUT}: 3 pipelines of E/3 hourly windows from 2020-01-01, each activity with concurrency
 * 10), every pipeline paused (the {@code pipeline_pause} row {@code adf pause} writes), {@code ANALYZE};
 * then the N {@code adf run} processes start. They count as ready, like the baselines' {@code ready},
 * once each has its scheduler row Live (JVM up, store opened, lease taken), a first pass has tagged every
 * window Waiting/ActivityResume, and a further {@value #SETTLE_MILLIS} ms have passed (each node has run
 * many passes of the paused factory by then). The release is one {@code DELETE FROM pipeline_pause} (what
 * {@code adf resume} does, for every pipeline in one commit): every node sees it at its next pass, at most
 * one pass interval ({@code adfPass}, default {@value #DEFAULT_PASS}, db-scheduler's polling interval in
 * this benchmark) later. Timed from the release to the last record line; "drained" is when every window
 * is Ready. A duplicate, an unknown window, a node that dies, a window that ends Failed, an attempt that
 * did not succeed, or the timeout fails the run.
 */
final class AdfSystem {
  static final String DEFAULT_LAYOUT = "3x10";
  static final String DEFAULT_PASS = "PT0.05S";
  static final long SETTLE_MILLIS = 1500;

  private final String url;
  private final String user;
  private final long timeoutSeconds;
  private final List<String> nodeOpts;
  private final AdfNodes.Layout layout = AdfNodes.Layout.parse(ClusterBenchmark.arg("adfLayout", DEFAULT_LAYOUT));
  private final Duration pass = Duration.parse(ClusterBenchmark.arg("adfPass", DEFAULT_PASS));
  private final Duration lease = Duration.parse(ClusterBenchmark.arg("adfLease", "PT15S"));

  AdfSystem(String url, String user, long timeoutSeconds, List<String> nodeOpts) {
    this.url = url;
    this.user = user;
    this.timeoutSeconds = timeoutSeconds;
    this.nodeOpts = nodeOpts;
  }

  /** The adf system's settings, for the benchmark's header. */
  static String describe() {
    return "adf run x N (orchestrator test classpath, " + String.join(" ", AdfNodes.CLI_JVM) + "), layout "
        + AdfNodes.Layout.parse(ClusterBenchmark.arg("adfLayout", DEFAULT_LAYOUT)) + ", passInterval "
        + ClusterBenchmark.arg("adfPass", DEFAULT_PASS) + ", lease " + ClusterBenchmark.arg("adfLease", "PT15S")
        + ", store pool " + dev.adf.orchestrator.store.Database.MAX_CONNECTIONS + " per node";
  }

  Run measure(int n, int e, Path dir, DbCounters counters) throws Exception {
    try (AdfNodes nodes = new AdfNodes(dir, url, user, lease, pass, nodeOpts)) {
      Path factory = nodes.factory(layout, e);
      if (nodes.adf("deploy", "deploy", factory.toString()) != 0) {
        return failed(n, e, "adf deploy failed: " + nodes.log("deploy"));
      }
      try (Connection c = nodes.connect()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pipeline_pause (name_key, pipeline, terminate,"
            + " paused_at) VALUES (?, ?, false, CURRENT_TIMESTAMP)")) {
          for (String p : AdfNodes.pipelines(layout)) {
            ps.setString(1, p.toLowerCase(java.util.Locale.ROOT));
            ps.setString(2, p);
            ps.executeUpdate();
          }
        }
        try (Statement st = c.createStatement()) {
          st.execute("ANALYZE");
        }
      }
      List<Process> procs = new ArrayList<>();
      List<Long> pids = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        Process p = nodes.run("n" + i);
        procs.add(p);
        pids.add(p.pid());
      }
      String notReady = awaitReady(nodes, procs, e);
      if (notReady != null) {
        return failed(n, e, notReady);
      }
      var f = new ClusterBenchmark.Follower(List.of(nodes.records()), n, AdfNodes.expected(layout, e),
          (file, line) -> AdfNodes.parse(line, pids));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      try (var sampler = new ClusterBenchmark.LockSampler(counters.adminUrl(), user, counters.db());
          Connection c = nodes.connect();
          Statement st = c.createStatement();
          PreparedStatement pending = c.prepareStatement("SELECT count(*) FILTER (WHERE status <> 'Ready'),"
              + " count(*) FILTER (WHERE status = 'Failed') FROM activity_window")) {
        counters.atRelease();
        long t0 = ClusterBenchmark.micros();
        st.execute("DELETE FROM pipeline_pause");
        counters.driverStatement();
        while (f.seen.size() < e) {
          f.poll();
          if (f.problem != null) {
            return failed(n, e, f.problem);
          }
          String dead = dead(procs, nodes);
          if (dead != null) {
            return failed(n, e, dead);
          }
          if (System.nanoTime() > deadline) {
            return failed(n, e, "timeout after " + timeoutSeconds + " s: " + f.seen.size() + " of " + e);
          }
          LockSupport.parkNanos(2_000_000L); // bounded by the run's deadline
        }
        long drained;
        while (true) {
          counters.driverStatement();
          try (ResultSet rs = pending.executeQuery()) {
            rs.next();
            if (rs.getLong(2) > 0) {
              return failed(n, e, rs.getLong(2) + " windows Failed");
            }
            if (rs.getLong(1) == 0) {
              drained = ClusterBenchmark.micros();
              break;
            }
          }
          if (System.nanoTime() > deadline) {
            return failed(n, e, "timeout: every window's run recorded but not every window Ready");
          }
          LockSupport.parkNanos(2_000_000L); // bounded by the run's deadline
        }
        sampler.close();
        nodes.close(); // SIGTERM: each scheduler stops cleanly
        f.poll(); // a late second run of a window fails the run now
        if (f.problem != null) {
          return failed(n, e, f.problem + " (after all windows were seen)");
        }
        if (f.seen.size() != e) {
          return failed(n, e, f.seen.size() + " windows of " + e);
        }
        counters.driverStatement();
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM attempt WHERE status <> 'Succeeded'")) {
          rs.next();
          if (rs.getLong(1) != 0) {
            return failed(n, e, rs.getLong(1) + " attempts did not succeed");
          }
        }
        return new Run("adf", n, e, (f.lastMicros - t0) / 1e6, (drained - t0) / 1e6, (f.firstMicros - t0) / 1e3,
            f.perNode, sampler.waitingShare(), sampler.meanWaiting(), null);
      }
    }
  }

  /**
   * Waits (120 s at most) until the n nodes are ready (see the class comment); returns why not, or
   * null when they are.
   */
  private String awaitReady(AdfNodes nodes, List<Process> procs, int e) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long readySince = 0;
    try (Connection c = nodes.connect();
        PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM scheduler_node WHERE state = 'Live'),"
            + " (SELECT count(*) FROM activity_window WHERE status = 'Waiting' AND substatus = 'ActivityResume')")) {
      while (true) {
        String dead = dead(procs, nodes);
        if (dead != null) {
          return dead;
        }
        if (readySince == 0) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) == procs.size() && rs.getLong(2) == e) {
              readySince = System.nanoTime();
            }
          }
        } else if (System.nanoTime() - readySince > TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
          return null;
        }
        if (System.nanoTime() > deadline) {
          return "the nodes were not ready within 120 s: " + nodes.log("run-n1");
        }
        LockSupport.parkNanos(20_000_000L); // bounded by the deadline
      }
    }
  }

  private static String dead(List<Process> procs, AdfNodes nodes) {
    for (int i = 0; i < procs.size(); i++) {
      if (!procs.get(i).isAlive()) {
        return "node n" + (i + 1) + " exited with " + procs.get(i).exitValue() + ": " + nodes.log("run-n" + (i + 1));
      }
    }
    return null;
  }

  private static Run failed(int n, int e, String why) {
    return Run.failed("adf", n, e, why);
  }
}
