package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.store.Store.WindowChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The attempts of {@link JdbcStore} ({@code attempt}) after their claim ({@link ClaimStore}): the engine
 * job, the end, and reads.
 */
final class AttemptStore {
  private final DataSource ds;
  /** The scheduler that claims and records ({@link Store#forNode}), or null (commands, tests). */
  private final Long node;

  /** An attempt's end (status, error, end time, output), fenced for a scheduler's store by {@link #nodeFence}. */
  private final String finishSql;
  /**
   * {@link #finishSql} with the end as a history event of its window (V16: from, to, reason and place), for
   * the ends that {@link #finishAttempts} records with their window's move.
   */
  private final String finishRecordedSql;
  private final SqlDialect sql;

  AttemptStore(DataSource ds, SqlDialect sql, Long node) {
    this.ds = ds;
    this.sql = sql;
    this.node = node;
    String where = " WHERE pipeline = ? AND activity = ? AND window_start = ? AND attempt = ?" + nodeFence();
    this.finishSql = "UPDATE attempt SET status = ?, error = ?, ended_at = ?, output = ?" + where;
    this.finishRecordedSql = "UPDATE attempt SET status = ?, error = ?, ended_at = ?, output = ?, end_from_status = ?,"
        + " end_from_substatus = ?, end_to_status = ?, end_to_substatus = ?, end_reason = ?, end_after_event = ?" + where;
  }

  /** For a scheduler's store: only the attempts it runs (an adopter took the others). */
  private String nodeFence() {
    return node == null ? "" : " AND node_id = " + node;
  }

  void attemptJob(WindowKey key, int number, String engineJobId, String logLocation) {
    tx(c -> {
      try (var ps = c.prepareStatement(
          "UPDATE attempt SET engine_job_id = ?, log_location = ?"
              + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND attempt = ?" + nodeFence())) {
        ps.setString(1, engineJobId);
        ps.setString(2, logLocation);
        keyParams(ps, key, 3);
        ps.setInt(6, number);
        return ps.executeUpdate();
      }
    });
  }

  void finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output,
      Instant at) {
    tx(c -> finishAttempt(c, key, number, status, error, output, at));
  }

  /** See {@link Store#finishAttempt(WindowKey, int, AttemptStatus, String, String, Instant, ActivityWindow, WindowState, Store.WindowChange, String)}. */
  boolean finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output, Instant at,
      ActivityWindow expected, WindowState next, WindowChange change, String reason) {
    expected.state().checkTransition(next);
    return tx(c -> {
      finishAttempt(c, key, number, status, error, output, at);
      return WindowStore.transition(c, node, expected, next, change, reason, at);
    });
  }

  /**
   * The window moves of {@code ends}, each checked against {@link WindowState}'s table. No window_event row
   * for these moves: each end is recorded on its attempt row (V16), as the start is.
   *
   * @throws IllegalStateException when a move is not in the table
   */
  static List<WindowStore.Move> moves(List<Store.AttemptEnd> ends) {
    ends.forEach(e -> e.expected().state().checkTransition(e.next()));
    return ends.stream().map(e -> new WindowStore.Move(e.expected(), e.next(), e.change(), e.reason(), false)).toList();
  }

  /** See {@link Store#finishAttempts}. */
  boolean[] finishAttempts(List<Store.AttemptEnd> ends, Instant at) {
    List<WindowStore.Move> moves = moves(ends);
    if (ends.isEmpty()) {
      return new boolean[0];
    }
    return tx(c -> finishAttempts(c, ends, moves, at));
  }

  /**
   * {@link #finishAttempts(List, Instant)} on {@code c}, inside the caller's transaction.
   *
   * @param moves the window moves of {@code ends}, one each, in order ({@link #moves})
   */
  boolean[] finishAttempts(Connection c, List<Store.AttemptEnd> ends, List<WindowStore.Move> moves, Instant at)
      throws SQLException {
    boolean[] moved = WindowStore.transitionBatch(c, node, moves, at);
    boolean any = false;
    long after = ClaimStore.latestEvent(c);
    try (var ps = c.prepareStatement(finishRecordedSql)) {
      for (int i = 0; i < ends.size(); i++) {
        if (moved[i]) {
          Store.AttemptEnd e = ends.get(i);
          bindFinish(ps, e.expected().key(), e.number(), e.status(), e.error(), e.output(), at, 11);
          ps.setString(5, e.expected().state().status().name());
          ps.setString(6, sub(e.expected().state()));
          ps.setString(7, e.next().status().name());
          ps.setString(8, sub(e.next()));
          ps.setString(9, truncate(e.reason()));
          ps.setLong(10, after);
          ps.addBatch();
          any = true;
        }
      }
      if (any) {
        ps.executeBatch();
        try (var ps2 = c.prepareStatement(sql.nextHistoryChange()); var rs = ps2.executeQuery()) {
          rs.next(); // the live pages' counter moves with these ends (Pulse)
        }
      }
    }
    dev.adf.orchestrator.failpoint.Failpoints.hit(dev.adf.orchestrator.failpoint.Failpoints.ATTEMPT_RECORDING);
    return moved;
  }

  private int finishAttempt(Connection c, WindowKey key, int number, AttemptStatus status, String error,
      String output, Instant at) throws SQLException {
    try (var ps = c.prepareStatement(finishSql)) {
      bindFinish(ps, key, number, status, error, output, at);
      return ps.executeUpdate();
    }
  }

  private static void bindFinish(PreparedStatement ps, WindowKey key, int number, AttemptStatus status, String error,
      String output, Instant at) throws SQLException {
    bindFinish(ps, key, number, status, error, output, at, 5);
  }

  /**
   * Binds the end's first four columns ({@link #finishSql}'s status, error, end, output) and the attempt's
   * key and number from parameter {@code where} on ({@link #finishRecordedSql} has six more columns between).
   */
  private static void bindFinish(PreparedStatement ps, WindowKey key, int number, AttemptStatus status, String error,
      String output, Instant at, int where) throws SQLException {
    ps.setString(1, status.name());
    ps.setString(2, truncate(error));
    ps.setObject(3, ts(at));
    ps.setString(4, SqlDialect.text(output));
    keyParams(ps, key, where);
    ps.setInt(where + 3, number);
  }

  private static final String ATTEMPT_SELECT =
      "SELECT pipeline, activity, window_start, attempt, started_at, ended_at, status, error,"
          + " engine_job_id, log_location, run_id, output, node_id FROM attempt";

  List<Attempt> attempts(WindowKey key) {
    return read(c -> {
      try (var ps = c.prepareStatement(
          ATTEMPT_SELECT + " WHERE pipeline = ? AND activity = ? AND window_start = ? ORDER BY attempt")) {
        keyParams(ps, key, 1);
        return attemptList(ps);
      }
    });
  }

  List<Attempt> runningAttempts() {
    return read(c -> {
      try (var ps = c.prepareStatement(ATTEMPT_SELECT + " WHERE status = 'InProgress'")) {
        return attemptList(ps);
      }
    });
  }

  private static List<Attempt> attemptList(PreparedStatement ps) throws SQLException {
    List<Attempt> out = new ArrayList<>();
    try (var rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Attempt(
            new WindowKey(rs.getString(1), rs.getString(2), instant(rs, 3)),
            rs.getInt(4),
            instant(rs, 5),
            instant(rs, 6),
            AttemptStatus.valueOf(rs.getString(7)),
            rs.getString(8),
            rs.getString(9),
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            rs.getObject(13) == null ? null : rs.getLong(13)));
      }
    }
    return out;
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }

  /**
   * A read: run in a transaction that is rolled back rather than committed, so that it never meets a
   * failed commit and is run again whenever it fails (it changed nothing).
   */
  private <T> T read(Transactions.Work<T> work) {
    return Transactions.read(ds, work);
  }
}
