package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Store.WindowChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The attempts of {@link JdbcStore} ({@code attempt}): a claim (the window's compare-and-set to
 * InProgress and its attempt row, one transaction), the engine job, the end, and reads.
 */
final class AttemptStore {
  private final DataSource ds;

  AttemptStore(DataSource ds) {
    this.ds = ds;
  }

  Optional<ActivityWindow> claim(ActivityWindow expected, Instant at) {
    WindowState next = WindowState.of(WindowStatus.InProgress);
    expected.state().checkTransition(next);
    int number = expected.attempts() + 1;
    return tx(c -> {
      if (!WindowStore.transition(c, expected, next, new WindowChange(number, null, expected.lastError()),
          "attempt " + number + " started", at)) {
        return Optional.<ActivityWindow>empty();
      }
      insertAttempt(c, expected.key(), number, at);
      try (var ps = c.prepareStatement(
          WindowStore.WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start = ?")) {
        keyParams(ps, expected.key(), 1);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return Optional.of(WindowStore.window(rs));
        }
      }
    });
  }

  private static void insertAttempt(Connection c, WindowKey key, int number, Instant at) throws SQLException {
    try (var ps = c.prepareStatement(
        "INSERT INTO attempt (pipeline, activity, window_start, attempt, started_at, status, run_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      keyParams(ps, key, 1);
      ps.setInt(4, number);
      ps.setObject(5, ts(at));
      ps.setString(6, AttemptStatus.InProgress.name());
      ps.setString(7, java.util.UUID.randomUUID().toString());
      ps.executeUpdate();
    }
  }

  void attemptJob(WindowKey key, int number, String engineJobId, String logLocation) {
    tx(c -> {
      try (var ps = c.prepareStatement(
          "UPDATE attempt SET engine_job_id = ?, log_location = ?"
              + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND attempt = ?")) {
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
    tx(c -> {
      try (var ps = c.prepareStatement(
          "UPDATE attempt SET status = ?, error = ?, ended_at = ?, output = ?"
              + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND attempt = ?")) {
        ps.setString(1, status.name());
        ps.setString(2, truncate(error));
        ps.setObject(3, ts(at));
        ps.setString(4, SqlDialect.text(output));
        keyParams(ps, key, 5);
        ps.setInt(8, number);
        return ps.executeUpdate();
      }
    });
  }

  private static final String ATTEMPT_SELECT =
      "SELECT pipeline, activity, window_start, attempt, started_at, ended_at, status, error,"
          + " engine_job_id, log_location, run_id, output FROM attempt";

  List<Attempt> attempts(WindowKey key) {
    return tx(c -> {
      try (var ps = c.prepareStatement(
          ATTEMPT_SELECT + " WHERE pipeline = ? AND activity = ? AND window_start = ? ORDER BY attempt")) {
        keyParams(ps, key, 1);
        return attemptList(ps);
      }
    });
  }

  List<Attempt> runningAttempts() {
    return tx(c -> {
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
            rs.getString(12)));
      }
    }
    return out;
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }
}
