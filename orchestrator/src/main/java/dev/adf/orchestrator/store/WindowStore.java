package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.Store.Retag;
import dev.adf.orchestrator.store.Store.Transition;
import dev.adf.orchestrator.store.Store.WindowChange;
import dev.adf.orchestrator.store.Store.WindowSpan;
import dev.adf.orchestrator.window.TimeWindow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The activity windows of {@link JdbcStore} ({@code activity_window}, each status change appended to
 * {@code window_event}): the layout's reconciliation, reads by activity, status and time, and the
 * compare-and-set transitions on {@code row_version}. The static methods on a {@link Connection} are
 * for transactions that span concerns (a deploy, a claim).
 */
final class WindowStore {
  private final DataSource ds;
  private final String reviewUpsert;
  /** The scheduler whose changes these are ({@link Store#forNode}), or null. */
  private final Long node;

  WindowStore(DataSource ds, SqlDialect sql, Long node) {
    this.ds = ds;
    this.reviewUpsert = sql.upsert("activity_review", List.of("pipeline", "activity"),
        List.of("pipeline", "activity", "reviewed_at", "due_through"));
    this.node = node;
  }

  /** Windows are reconciled with the store this many at a time: memory is bounded by it, not the layout. */
  private static final int CHUNK = 1_000;

  /**
   * Makes the stored windows of {@code ref} match {@code windows} (oldest first, no overlap) a chunk at
   * a time: windows not stored yet are inserted Waiting/ScheduledTime; with {@code exact}, stored
   * windows that are not in the layout are deleted with their attempts (before the first, between, and
   * after the last window of the layout). Memory: one chunk of the layout and the stored starts in its
   * time range.
   *
   * @throws IllegalArgumentException when the windows are not in order or overlap
   */
  static void reconcile(Connection c, ActivityRef ref, Iterable<TimeWindow> windows, boolean exact,
      Instant at, Map<ActivityRef, WindowSpan> created, Map<ActivityRef, WindowSpan> dropped) throws SQLException {
    var it = windows.iterator();
    List<TimeWindow> chunk = new ArrayList<>(CHUNK);
    Instant reconciledTo = null; // stored windows starting before it have been reconciled
    while (it.hasNext()) {
      chunk.clear();
      while (chunk.size() < CHUNK && it.hasNext()) {
        TimeWindow w = it.next();
        TimeWindow previous = chunk.isEmpty() ? null : chunk.get(chunk.size() - 1);
        if ((previous != null && w.start().isBefore(previous.end()))
            || (previous == null && reconciledTo != null && w.start().isBefore(reconciledTo))) {
          throw new IllegalArgumentException("windows of " + ref + " must be oldest first without overlap: " + w);
        }
        chunk.add(w);
      }
      Instant from = chunk.get(0).start();
      Instant to = chunk.get(chunk.size() - 1).end();
      if (exact) {
        dropRange(c, ref, reconciledTo, from, dropped);
      }
      Map<Instant, Instant> stored = new HashMap<>(); // start -> end
      try (var ps = c.prepareStatement("SELECT window_start, window_end FROM activity_window"
          + " WHERE pipeline = ? AND activity = ? AND window_start >= ? AND window_start < ?")) {
        ps.setString(1, ref.pipeline());
        ps.setString(2, ref.activity());
        ps.setObject(3, ts(from));
        ps.setObject(4, ts(to));
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            stored.put(instant(rs, 1), instant(rs, 2));
          }
        }
      }
      List<TimeWindow> toInsert = new ArrayList<>();
      for (TimeWindow w : chunk) {
        // The same start with another end (the grid changed) is another window: dropped, then inserted.
        if (w.end().equals(stored.get(w.start()))) {
          stored.remove(w.start());
        } else {
          toInsert.add(w);
        }
      }
      if (exact && !stored.isEmpty()) { // stored windows inside the chunk's range that are off the new grid
        try (var delete = c.prepareStatement(
            "DELETE FROM activity_window WHERE pipeline = ? AND activity = ? AND window_start = ?")) {
          WindowSpan stale = WindowSpan.NONE;
          for (Instant s : stored.keySet()) {
            delete.setString(1, ref.pipeline());
            delete.setString(2, ref.activity());
            delete.setObject(3, ts(s));
            delete.addBatch();
            stale = stale.plus(s);
          }
          delete.executeBatch();
          dropped.merge(ref, stale, WindowSpan::plus);
        }
      } else {
        toInsert.removeIf(w -> stored.containsKey(w.start())); // adding only: a stored window stays
      }
      WindowSpan inserted = WindowSpan.NONE;
      try (var insert = c.prepareStatement(
          "INSERT INTO activity_window (pipeline, activity, window_start, window_end, status, substatus,"
              + " attempts, row_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)")) {
        for (TimeWindow w : toInsert) {
          insert.setString(1, ref.pipeline());
          insert.setString(2, ref.activity());
          insert.setObject(3, ts(w.start()));
          insert.setObject(4, ts(w.end()));
          insert.setString(5, WindowStatus.Waiting.name());
          insert.setString(6, WindowSubstatus.ScheduledTime.name());
          insert.setObject(7, ts(at));
          insert.addBatch();
          inserted = inserted.plus(w.start());
        }
        if (inserted.count() > 0) {
          insert.executeBatch();
          created.merge(ref, inserted, WindowSpan::plus);
        }
      }
      reconciledTo = to;
    }
    if (exact) {
      dropRange(c, ref, reconciledTo, null, dropped);
    }
  }

  /**
   * Deletes the activity's windows starting in {@code [from, to)} with their attempts, adding them to
   * {@code dropped}; a null bound is open.
   */
  static void dropRange(Connection c, ActivityRef ref, Instant from, Instant to,
      Map<ActivityRef, WindowSpan> dropped) throws SQLException {
    String where = " WHERE pipeline = ? AND activity = ?" + (from == null ? "" : " AND window_start >= ?")
        + (to == null ? "" : " AND window_start < ?");
    List<Object> params = new ArrayList<>(List.of(ref.pipeline(), ref.activity()));
    if (from != null) {
      params.add(ts(from));
    }
    if (to != null) {
      params.add(ts(to));
    }
    WindowSpan span;
    try (var ps = c.prepareStatement("SELECT COUNT(*), MIN(window_start), MAX(window_start) FROM activity_window"
        + where)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        int n = rs.getInt(1);
        span = n == 0 ? WindowSpan.NONE : new WindowSpan(n, instant(rs, 2), instant(rs, 3));
      }
    }
    if (span.count() > 0) {
      update(c, "DELETE FROM activity_window" + where, params.toArray());
      dropped.merge(ref, span, WindowSpan::plus);
    }
  }

  int addWindows(ActivityRef activity, Iterable<TimeWindow> windows, Instant at) {
    return tx(c -> {
      Map<ActivityRef, WindowSpan> created = new HashMap<>(); // per run of the transaction
      reconcile(c, activity, windows, false, at, created, new HashMap<>());
      return created.getOrDefault(activity, WindowSpan.NONE).count();
    });
  }

  Optional<Instant> latestWindowEnd(ActivityRef activity) {
    return read(c -> {
      try (var ps = c.prepareStatement(
          "SELECT MAX(window_end) FROM activity_window WHERE pipeline = ? AND activity = ?")) {
        ps.setString(1, activity.pipeline());
        ps.setString(2, activity.activity());
        try (var rs = ps.executeQuery()) {
          rs.next();
          return Optional.ofNullable(instant(rs, 1));
        }
      }
    });
  }

  List<ActivityWindow> windowsOf(ActivityRef activity, WindowStatus status, Instant startAtOrBefore,
      boolean newestFirst, Instant after, int limit) {
    // The page is cut in a subquery ordered by the whole (pipeline, activity, status, window_start)
    // index (V5), forwards or, for NewestFirst, backwards (every column descending: V13), so the database
    // reads the page off the index instead of sorting every Waiting window of the activity (H2 sorts unless
    // the ORDER BY is the index's order or its exact reverse); only the page is joined with its latest attempt.
    String dir = newestFirst ? " DESC" : " ASC";
    StringBuilder page = new StringBuilder(
        "SELECT * FROM activity_window WHERE pipeline = ? AND activity = ? AND status = ?");
    List<Object> params = new ArrayList<>(List.of(activity.pipeline(), activity.activity(), status.name()));
    if (startAtOrBefore != null) {
      page.append(" AND window_start <= ?");
      params.add(ts(startAtOrBefore));
    }
    if (after != null) {
      page.append(newestFirst ? " AND window_start < ?" : " AND window_start > ?");
      params.add(ts(after));
    }
    page.append(" ORDER BY pipeline").append(dir).append(", activity").append(dir).append(", status").append(dir)
        .append(", window_start").append(dir).append(" FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
    String sql = WINDOW_SELECT.replace("FROM activity_window w", "FROM (" + page + ") w")
        + " ORDER BY w.window_start" + dir;
    return windowList(sql, params);
  }

  List<ActivityWindow> windowsBetween(ActivityRef activity, Instant from, Instant to) {
    return windowList(WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start >= ?"
        + " AND w.window_start < ? ORDER BY w.window_start",
        List.of(activity.pipeline(), activity.activity(), ts(from), ts(to)));
  }

  private List<ActivityWindow> windowList(String sql, List<Object> params) {
    return read(c -> {
      try (var ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        List<ActivityWindow> out = new ArrayList<>();
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(window(rs));
          }
        }
        return out;
      }
    });
  }

  int retag(List<Retag> changes, List<Store.Review> reviews, Instant at) {
    changes.forEach(r -> r.expected().state().checkTransition(r.next()));
    if (changes.isEmpty() && reviews.isEmpty()) {
      return 0;
    }
    // A move to Waiting/ConcurrencyLimit writes no event: a backfill's first review makes one for nearly
    // every window (a window update and an event row each: 14 % of the pass, docs/BENCHMARKS.md issue 15),
    // and the attempt that ends the wait records the substatus it started from.
    List<Move> moves = changes.stream()
        .map(r -> new Move(r.expected(), r.next(), WindowChange.keep(r.expected()), r.reason(),
            r.next().substatus() != WindowSubstatus.ConcurrencyLimit)).toList();
    return tx(c -> {
      int n = 0;
      if (!moves.isEmpty()) {
        for (boolean m : transitionBatch(c, node, moves, at)) {
          n += m ? 1 : 0;
        }
      }
      if (!reviews.isEmpty()) {
        try (var ps = c.prepareStatement(reviewUpsert)) {
          for (Store.Review r : reviews) {
            ps.setString(1, r.activity().pipeline());
            ps.setString(2, r.activity().activity());
            ps.setObject(3, ts(at));
            if (r.dueThrough() == null) {
              ps.setNull(4, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
              ps.setObject(4, ts(r.dueThrough()));
            }
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return n;
    });
  }

  /**
   * The join that {@link #SHOWN_SUBSTATUS} needs: the latest full review of the window {@code w}'s
   * activity ({@code activity_review}, V15), as {@code r}; no row when none was recorded.
   */
  static final String REVIEW_JOIN =
      " LEFT JOIN activity_review r ON r.pipeline = w.pipeline AND r.activity = w.activity";

  /**
   * The substatus a window {@code w} shows (SQL over {@code w} and {@link #REVIEW_JOIN}'s {@code r}): its
   * stored one, except that a Waiting window still stored as ScheduledTime that its activity's latest
   * full review found due ({@code window_start <= r.due_through}) and that has not changed since
   * ({@code updated_at <= r.reviewed_at}) shows ConcurrencyLimit: that review examined it and wrote every
   * other reason it found, so only a lack of free concurrency slots held it back (ADF v1's
   * Waiting/ConcurrencyLimit), and a backfill's review writes nothing for each window of its backlog.
   */
  static final String SHOWN_SUBSTATUS = "CASE WHEN w.status = 'Waiting' AND w.substatus = 'ScheduledTime'"
      + " AND w.window_start <= r.due_through AND w.updated_at <= r.reviewed_at THEN 'ConcurrencyLimit'"
      + " ELSE w.substatus END";

  static final String WINDOW_SELECT =
      "SELECT w.pipeline, w.activity, w.window_start, w.window_end, w.status, " + SHOWN_SUBSTATUS + ", w.attempts,"
          + " w.not_before, w.last_error, a.started_at, a.ended_at, w.row_version, a.run_id FROM activity_window w"
          + REVIEW_JOIN
          + " LEFT JOIN attempt a ON a.pipeline = w.pipeline AND a.activity = w.activity"
          + " AND a.window_start = w.window_start AND a.attempt = w.attempts";

  List<ActivityWindow> windows(WindowQuery q) {
    StringBuilder sql = new StringBuilder(WINDOW_SELECT).append(" WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (q.pipeline() != null) {
      sql.append(" AND LOWER(w.pipeline) = ?");
      params.add(key(q.pipeline()));
    }
    if (q.activity() != null) {
      sql.append(" AND LOWER(w.activity) = ?");
      params.add(key(q.activity()));
    }
    if (q.status() != null) {
      sql.append(" AND w.status = ?");
      params.add(q.status().name());
    }
    if (q.from() != null) {
      sql.append(" AND w.window_start >= ?");
      params.add(ts(q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND w.window_start < ?");
      params.add(ts(q.to()));
    }
    String dir = q.newestFirst() ? " DESC" : " ASC";
    sql.append(" ORDER BY w.window_start").append(dir).append(", w.pipeline, w.activity");
    return windowList(sql.toString(), params);
  }

  Optional<ActivityWindow> window(WindowKey key) {
    return read(c -> {
      try (var ps = c.prepareStatement(
          WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start = ?")) {
        ps.setString(1, key.pipeline());
        ps.setString(2, key.activity());
        ps.setObject(3, ts(key.windowStart()));
        try (var rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(window(rs)) : Optional.<ActivityWindow>empty();
        }
      }
    });
  }

  static ActivityWindow window(ResultSet rs) throws SQLException {
    WindowStatus status = WindowStatus.valueOf(rs.getString(5));
    return new ActivityWindow(
        new WindowKey(rs.getString(1), rs.getString(2), instant(rs, 3)),
        instant(rs, 4),
        new WindowState(status, WindowSubstatus.parse(status, rs.getString(6))),
        rs.getInt(7),
        instant(rs, 8),
        rs.getString(9),
        instant(rs, 10),
        instant(rs, 11),
        rs.getLong(12),
        rs.getString(13));
  }

  boolean transition(
      ActivityWindow expected, WindowState next, WindowChange change, String reason, Instant at) {
    expected.state().checkTransition(next);
    return tx(c -> transition(c, node, expected, next, change, reason, at));
  }

  boolean transitionAll(List<Transition> changes, String reason, Instant at) {
    changes.forEach(t -> t.expected().state().checkTransition(t.next()));
    return tx(c -> {
      for (Transition t : changes) {
        if (!transition(c, node, t.expected(), t.next(), t.change(), reason, at)) {
          c.rollback();
          return false;
        }
      }
      return true;
    });
  }

  /**
   * On {@code c}: the compare-and-set of one window to {@code next} (only if its row_version is still
   * {@code expected}'s), with a window_event when the state changes.
   *
   * @return whether the window was changed (false: another change came first, or it was deleted)
   */
  static boolean transition(
      Connection c, ActivityWindow expected, WindowState next, WindowChange change, String reason, Instant at)
      throws SQLException {
    return transition(c, null, expected, next, change, reason, at);
  }

  /**
   * As {@link #transition(Connection, ActivityWindow, WindowState, WindowChange, String, Instant)}, for
   * the scheduler {@code node} (null: a command, unbound). The window's owner ({@code owner_node})
   * follows its state: a scheduler that makes a window active owns it; leaving the active states clears
   * the owner; and a scheduler changes an active window only while it owns it, the fence against a
   * scheduler whose windows another adopted (on top of the row version, which only goes up).
   */
  static boolean transition(Connection c, Long node, ActivityWindow expected, WindowState next,
      WindowChange change, String reason, Instant at) throws SQLException {
    return transitionBatch(c, node, List.of(new Move(expected, next, change, reason)), at)[0];
  }

  /**
   * One window's compare-and-set of {@link #transitionBatch}.
   *
   * @param reason why, for the window's history (one line, no secrets)
   * @param event whether the move writes its {@code window_event} row; false for a move that another row
   *     records (an attempt's start: its {@code attempt} row, V14) or that the history leaves out (a move to
   *     Waiting/ConcurrencyLimit: the claim that ends it records the substatus it came from)
   */
  record Move(ActivityWindow expected, WindowState next, WindowChange change, String reason, boolean event) {
    Move(ActivityWindow expected, WindowState next, WindowChange change, String reason) {
      this(expected, next, change, reason, true);
    }
  }

  /**
   * On {@code c}: the compare-and-set of each window of {@code moves}, each as {@link #transition(Connection,
   * Long, ActivityWindow, WindowState, WindowChange, String, Instant)} (its own row version and owner
   * fence; one that fails leaves the others alone), sent as JDBC batches: one batch of updates per
   * statement text (the owner clause depends on the move), then one batch of window_event inserts
   * for the windows that changed state. Windows must be distinct. The caller checked each move
   * against {@link WindowState}'s table.
   *
   * @return for each move, in order, whether it changed its window
   */
  static boolean[] transitionBatch(Connection c, Long node, List<Move> moves, Instant at) throws SQLException {
    boolean[] moved = new boolean[moves.size()];
    Map<String, List<Integer>> bySql = new java.util.LinkedHashMap<>();
    for (int i = 0; i < moves.size(); i++) {
      bySql.computeIfAbsent(updateSql(node, moves.get(i)), k -> new ArrayList<>()).add(i);
    }
    for (var e : bySql.entrySet()) {
      try (var ps = c.prepareStatement(e.getKey())) {
        for (int i : e.getValue()) {
          Move m = moves.get(i);
          ps.setString(1, m.next().status().name());
          ps.setString(2, sub(m.next()));
          ps.setInt(3, m.change().attempts());
          ps.setObject(4, tsOrNull(m.change().notBefore()));
          ps.setString(5, truncate(m.change().lastError()));
          ps.setObject(6, ts(at));
          keyParams(ps, m.expected().key(), 7);
          ps.setLong(10, m.expected().rowVersion());
          ps.addBatch();
        }
        int[] counts = ps.executeBatch(); // H2 and PostgreSQL's driver report each statement's count
        for (int j = 0; j < counts.length; j++) {
          moved[e.getValue().get(j)] = counts[j] == 1;
        }
      }
    }
    boolean events = false;
    try (var ps = c.prepareStatement(
        "INSERT INTO window_event (pipeline, activity, window_start, at, from_status, from_substatus,"
            + " to_status, to_substatus, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < moves.size(); i++) {
        Move m = moves.get(i);
        if (moved[i] && m.event() && !m.expected().state().equals(m.next())) {
          keyParams(ps, m.expected().key(), 1);
          ps.setObject(4, ts(at));
          ps.setString(5, m.expected().state().status().name());
          ps.setString(6, sub(m.expected().state()));
          ps.setString(7, m.next().status().name());
          ps.setString(8, sub(m.next()));
          ps.setString(9, truncate(m.reason()));
          ps.addBatch();
          events = true;
        }
      }
      if (events) {
        ps.executeBatch();
      }
    }
    return moved;
  }

  /**
   * The compare-and-set UPDATE of one move, for the scheduler {@code node} (null: unbound). The
   * window's owner ({@code owner_node}) follows its state: a scheduler that makes a window active owns
   * it; leaving the active states clears the owner; and a scheduler changes an active window only
   * while it owns it, the fence against a scheduler whose windows another adopted (on top of the row
   * version, which only goes up).
   */
  private static String updateSql(Long node, Move m) {
    String owner = !m.next().isActive() ? "NULL"
        : m.expected().state().isActive() || node == null ? "owner_node" : String.valueOf(node);
    boolean fenced = node != null && m.expected().state().isActive();
    return "UPDATE activity_window SET status = ?, substatus = ?, attempts = ?, not_before = ?,"
        + " last_error = ?, row_version = row_version + 1, updated_at = ?, owner_node = " + owner
        + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND row_version = ?"
        + (fenced ? " AND owner_node = " + node : "");
  }

  List<ActivityWindow> windowsIn(WindowState state) {
    return windowsIn(List.of(state));
  }

  /**
   * The windows in any of {@code states} in one read: one indexed branch per state ({@code (status,
   * substatus)}, V5) joined by UNION ALL, oldest first; a state whose substatus is null matches windows
   * without one. States are distinct.
   */
  List<ActivityWindow> windowsIn(List<WindowState> states) {
    if (states.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    for (WindowState state : states) {
      // ScheduledTime and ConcurrencyLimit are matched as shown (SHOWN_SUBSTATUS); the others as stored,
      // off the (status, substatus) index.
      boolean shown = state.substatus() == WindowSubstatus.ScheduledTime
          || state.substatus() == WindowSubstatus.ConcurrencyLimit;
      sql.append(sql.length() == 0 ? "" : " UNION ALL ").append(WINDOW_SELECT).append(" WHERE w.status = ? AND ")
          .append(state.substatus() == null ? "w.substatus IS NULL"
              : shown ? SHOWN_SUBSTATUS + " = ?" : "w.substatus = ?");
      params.add(state.status().name());
      if (state.substatus() != null) {
        params.add(sub(state));
      }
    }
    String q = states.size() == 1 ? sql + " ORDER BY w.window_start, w.pipeline, w.activity"
        : "SELECT * FROM (" + sql + ") u ORDER BY 3, 1, 2";
    return windowList(q, params);
  }

  /**
   * Every active window ({@link WindowState#isActive()}: InProgress in any substatus, or
   * Waiting/ComputeResources), over all activities, in one read off the {@code (status, substatus)}
   * index: as many rows as attempts hold windows, not as the backlog.
   */
  List<ActivityWindow> activeWindows() {
    return windowList(WINDOW_SELECT + " WHERE w.status = 'InProgress' UNION ALL " + WINDOW_SELECT
        + " WHERE w.status = 'Waiting' AND w.substatus = 'ComputeResources'", List.of());
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
