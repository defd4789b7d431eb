package dev.adf.orchestrator.bench.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What one run cost the database, per execution, read from the admin database so that reading it
 * costs the run's database nothing.
 *
 * <ul>
 *   <li><b>Transactions</b>: {@code xact_commit + xact_rollback} of the run's database in {@code
 *       pg_stat_database}, from the nodes' release ({@link #atRelease}) until every backend of the
 *       database has exited after the run ({@link #finish}; a backend flushes its counters when it
 *       exits, so the end is exact). A backend that is busy flushes at most once a second, so the start
 *       may include up to ~1 s of what the nodes did before the release (adf: idle passes of paused
 *       pipelines; the baselines do nothing before {@code go}). The driver's own statements on the run
 *       database after the release ({@link #driverStatement}) are taken off.
 *   <li><b>Statements</b> (only with {@code profile=true}: the server started with {@code
 *       shared_preload_libraries=pg_stat_statements}): the calls of every statement of the run's
 *       database in {@code pg_stat_statements}, reset at the release, without {@code BEGIN}/{@code
 *       COMMIT}/{@code ROLLBACK}/{@code SET}; the run's top statements by calls are printed.
 * </ul>
 */
final class DbCounters {
  private final String adminUrl;
  private final String user;
  private final String db;
  private final boolean profile;
  private long xactsAtRelease = -1;
  private long driverStatements;

  DbCounters(String adminUrl, String user, String db, boolean profile) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.db = db;
    this.profile = profile;
  }

  String db() {
    return db;
  }

  String adminUrl() {
    return adminUrl;
  }

  /** Takes the start values; call right before the nodes are released. */
  void atRelease() throws SQLException {
    try (Connection c = admin()) {
      xactsAtRelease = xacts(c);
      if (profile) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = ?), 0)")) {
          ps.setString(1, db);
          ps.execute();
        }
      }
    }
  }

  /** Counts one autocommit statement the driver ran on the run's database after the release. */
  void driverStatement() {
    driverStatements++;
  }

  /**
   * Waits (60 s at most) until no backend of the run's database is left, then returns {@code run} with
   * its transactions (and statements) per execution; NaN when a backend stayed.
   */
  ClusterBenchmark.Run finish(ClusterBenchmark.Run run) throws SQLException {
    if (xactsAtRelease < 0) {
      return run;
    }
    try (Connection c = admin()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (backends(c) > 0) {
        if (System.nanoTime() > deadline) {
          System.out.println("  (backends of " + db + " stayed 60 s after the run: no counters)");
          return run;
        }
        LockSupport.parkNanos(20_000_000L); // bounded by the deadline
      }
      double e = run.executions();
      double xacts = (xacts(c) - xactsAtRelease - driverStatements) / e;
      double statements = Double.NaN;
      if (profile) {
        List<String> top = new ArrayList<>();
        long calls = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT s.calls, s.total_exec_time, s.query FROM"
            + " pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ? ORDER BY s.calls DESC")) {
          ps.setString(1, db);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String q = rs.getString(3).replaceAll("\\s+", " ").trim();
              boolean control = q.matches("(?i)^(BEGIN|COMMIT|ROLLBACK|SET|SHOW|START TRANSACTION)\\b.*");
              if (!control) {
                calls += rs.getLong(1);
              }
              if (top.size() < 15) {
                top.add(String.format(Locale.ROOT, "    %7.2f/exec %7.3f ms  %s", rs.getLong(1) / e,
                    rs.getDouble(2) / Math.max(1, rs.getLong(1)), q.substring(0, Math.min(150, q.length()))));
              }
            }
          }
        }
        statements = (calls - driverStatements) / e;
        System.out.println("  pg_stat_statements of " + db + " (top by calls; calls per execution, mean time):");
        top.forEach(System.out::println);
      }
      return run.withCounters(xacts, statements);
    }
  }

  private long xacts(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private int backends(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl, user, "");
  }
}
