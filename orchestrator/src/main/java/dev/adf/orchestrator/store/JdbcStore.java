package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.window.TimeWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@link Store} on the orchestrator's JDBC database, H2 or PostgreSQL: the same SQL on both except
 * where {@link SqlDialect} says.
 */
public final class JdbcStore implements Store {
  private final DataSource ds;
  private final SqlDialect sql;

  /** A store on {@code database}'s connections, speaking its dialect; it does not close the database. */
  public JdbcStore(Database database) {
    this.ds = database.dataSource();
    this.sql = SqlDialect.of(database.dialect());
  }

  @Override
  public DeployOutcome deploy(List<StoredEntity> entities, Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source, Instant at) {
    return tx(c -> deploy(c, entities, windows, source, at));
  }

  /** Runs {@link #deploy}'s very code in a transaction that is always rolled back. */
  @Override
  public DeployOutcome plan(List<StoredEntity> entities, Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source, Instant at) {
    return rolledBack(c -> deploy(c, entities, windows, source, at));
  }

  private static DeployOutcome deploy(Connection c, List<StoredEntity> entities,
      Map<ActivityRef, ? extends Iterable<TimeWindow>> windows, String source, Instant at) throws SQLException {
    Map<String, StoredEntity> current = new java.util.LinkedHashMap<>(); // in deployedEntities' order
    for (StoredEntity e : deployedEntities(c)) {
      current.put(e.kind() + "/" + key(e.name()), e);
    }
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<StoredEntity> toInsert = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StoredEntity e : entities) {
      String k = e.kind() + "/" + key(e.name());
      seen.add(k);
      StoredEntity old = current.get(k);
      if (old == null) {
        added.add(e.kind() + " " + e.name());
        toInsert.add(e);
      } else if (!old.sha256().equals(e.sha256())) {
        changed.add(e.kind() + " " + e.name());
        toInsert.add(e);
      }
    }
    for (var old : current.entrySet()) {
      if (!seen.contains(old.getKey())) {
        removed.add(old.getValue().kind() + " " + old.getValue().name());
      }
    }
    int deployment = 0;
    if (!toInsert.isEmpty() || !removed.isEmpty()) {
      deployment = nextDeployment(c);
      try (var ps = c.prepareStatement(
          "INSERT INTO deployment (id, deployed_at, source, summary) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, deployment);
        ps.setObject(2, ts(at));
        ps.setString(3, truncate(source));
        ps.setString(4, truncate("added " + added + ", changed " + changed + ", removed " + removed));
        ps.executeUpdate();
      }
      for (StoredEntity e : toInsert) {
        int version = nextVersion(c, e.kind(), key(e.name()));
        try (var ps = c.prepareStatement(
            "INSERT INTO entity_version (kind, name_key, version, name, file_name, json, sha256, deployment)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, e.kind());
          ps.setString(2, key(e.name()));
          ps.setInt(3, version);
          ps.setString(4, e.name());
          ps.setString(5, e.fileName());
          ps.setString(6, e.json());
          ps.setString(7, e.sha256());
          ps.setInt(8, deployment);
          ps.executeUpdate();
        }
        update(c, "DELETE FROM deployed_entity WHERE kind = ? AND name_key = ?", e.kind(), key(e.name()));
        try (var ps = c.prepareStatement(
            "INSERT INTO deployed_entity (kind, name_key, version) VALUES (?, ?, ?)")) {
          ps.setString(1, e.kind());
          ps.setString(2, key(e.name()));
          ps.setInt(3, version);
          ps.executeUpdate();
        }
      }
      for (var old : current.entrySet()) {
        if (!seen.contains(old.getKey())) {
          update(c, "DELETE FROM deployed_entity WHERE kind = ? AND name_key = ?",
              old.getValue().kind(), key(old.getValue().name()));
        }
      }
    }
    Map<ActivityRef, WindowSpan> created = new HashMap<>();
    Map<ActivityRef, WindowSpan> dropped = new HashMap<>();
    Set<ActivityRef> existing = new HashSet<>();
    try (var ps = c.prepareStatement("SELECT DISTINCT pipeline, activity FROM activity_window");
        var rs = ps.executeQuery()) {
      while (rs.next()) {
        existing.add(new ActivityRef(rs.getString(1), rs.getString(2)));
      }
    }
    for (ActivityRef ref : existing) {
      if (!windows.containsKey(ref)) {
        // A window a concurrent scheduling pass lays out between the count and the delete (a rare race
        // at the layout horizon) is deleted too but not counted.
        dropRange(c, ref, null, null, dropped);
      }
    }
    for (var entry : windows.entrySet()) {
      reconcile(c, entry.getKey(), entry.getValue(), true, at, created, dropped);
    }
    return new DeployOutcome(deployment, added, changed, removed, windowChanges(created, dropped));
  }

  /** Per activity with any change, sorted by pipeline then activity. */
  private static List<WindowChanges> windowChanges(
      Map<ActivityRef, WindowSpan> created, Map<ActivityRef, WindowSpan> dropped) {
    Set<ActivityRef> refs = new java.util.TreeSet<>(
        java.util.Comparator.comparing(ActivityRef::pipeline).thenComparing(ActivityRef::activity));
    refs.addAll(created.keySet());
    refs.addAll(dropped.keySet());
    List<WindowChanges> out = new ArrayList<>();
    for (ActivityRef ref : refs) {
      out.add(new WindowChanges(ref, created.getOrDefault(ref, WindowSpan.NONE),
          dropped.getOrDefault(ref, WindowSpan.NONE)));
    }
    return out;
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
  private static void reconcile(Connection c, ActivityRef ref, Iterable<TimeWindow> windows, boolean exact,
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
  private static void dropRange(Connection c, ActivityRef ref, Instant from, Instant to,
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

  @Override
  public List<StoredEntity> deployedEntities() {
    return tx(JdbcStore::deployedEntities);
  }

  @Override
  public List<String> deployedVersions() {
    return tx(c -> {
      List<String> out = new ArrayList<>();
      try (var ps = c.prepareStatement(
              "SELECT kind, name_key, version FROM deployed_entity ORDER BY kind, name_key");
          var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3));
        }
      }
      return out;
    });
  }

  private static List<StoredEntity> deployedEntities(Connection c) throws SQLException {
    List<StoredEntity> out = new ArrayList<>();
    try (var ps = c.prepareStatement(
            "SELECT v.kind, v.name, v.version, v.file_name, v.json, v.sha256 FROM deployed_entity d"
                + " JOIN entity_version v ON v.kind = d.kind AND v.name_key = d.name_key AND v.version = d.version"
                + " ORDER BY v.kind, v.name_key");
        var rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new StoredEntity(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
            rs.getString(5), rs.getString(6)));
      }
    }
    return out;
  }

  @Override
  public int addWindows(ActivityRef activity, Iterable<TimeWindow> windows, Instant at) {
    return tx(c -> {
      Map<ActivityRef, WindowSpan> created = new HashMap<>(); // per run of the transaction
      reconcile(c, activity, windows, false, at, created, new HashMap<>());
      return created.getOrDefault(activity, WindowSpan.NONE).count();
    });
  }

  @Override
  public Optional<Instant> latestWindowEnd(ActivityRef activity) {
    return tx(c -> {
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

  @Override
  public List<ActivityWindow> windowsOf(ActivityRef activity, WindowStatus status, Instant startAtOrBefore,
      boolean newestFirst, Instant after, int limit) {
    // The page is cut in a subquery ordered by the whole (pipeline, activity, status, window_start)
    // index, ascending or descending (V5, V6), so the database reads the page off the index instead of
    // sorting every Waiting window of the activity (H2 sorts unless the ORDER BY is the index's); only
    // the page is joined with its latest attempt.
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

  @Override
  public List<ActivityWindow> windowsBetween(ActivityRef activity, Instant from, Instant to) {
    return windowList(WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start >= ?"
        + " AND w.window_start < ? ORDER BY w.window_start",
        List.of(activity.pipeline(), activity.activity(), ts(from), ts(to)));
  }

  private List<ActivityWindow> windowList(String sql, List<Object> params) {
    return tx(c -> {
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

  @Override
  public int retag(List<Retag> changes, Instant at) {
    changes.forEach(r -> r.expected().state().checkTransition(r.next()));
    if (changes.isEmpty()) {
      return 0;
    }
    return tx(c -> {
      int n = 0;
      for (Retag r : changes) {
        if (transition(c, r.expected(), r.next(), WindowChange.keep(r.expected()), r.reason(), at)) {
          n++;
        }
      }
      return n;
    });
  }

  static final String WINDOW_SELECT =
      "SELECT w.pipeline, w.activity, w.window_start, w.window_end, w.status, w.substatus, w.attempts,"
          + " w.not_before, w.last_error, a.started_at, a.ended_at, w.row_version FROM activity_window w"
          + " LEFT JOIN attempt a ON a.pipeline = w.pipeline AND a.activity = w.activity"
          + " AND a.window_start = w.window_start AND a.attempt = w.attempts";

  @Override
  public List<ActivityWindow> windows(WindowQuery q) {
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

  @Override
  public Optional<ActivityWindow> window(WindowKey key) {
    return tx(c -> {
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
        rs.getLong(12));
  }

  @Override
  public boolean transition(
      ActivityWindow expected, WindowState next, WindowChange change, String reason, Instant at) {
    expected.state().checkTransition(next);
    return tx(c -> transition(c, expected, next, change, reason, at));
  }

  @Override
  public boolean transitionAll(List<Transition> changes, String reason, Instant at) {
    changes.forEach(t -> t.expected().state().checkTransition(t.next()));
    return tx(c -> {
      for (Transition t : changes) {
        if (!transition(c, t.expected(), t.next(), t.change(), reason, at)) {
          c.rollback();
          return false;
        }
      }
      return true;
    });
  }

  @Override
  public void pause(String pipeline, boolean terminate, Instant at) {
    tx(c -> update(c, sql.upsert("pipeline_pause", List.of("name_key"),
        List.of("name_key", "pipeline", "terminate", "paused_at")), key(pipeline), pipeline, terminate, ts(at)));
  }

  @Override
  public boolean resume(String pipeline) {
    return tx(c -> update(c, "DELETE FROM pipeline_pause WHERE name_key = ?", key(pipeline)) == 1);
  }

  @Override
  public List<PipelinePause> pauses() {
    return tx(c -> {
      List<PipelinePause> out = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT pipeline, terminate, paused_at FROM pipeline_pause ORDER BY name_key");
          var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PipelinePause(rs.getString(1), rs.getBoolean(2), instant(rs, 3)));
        }
      }
      return out;
    });
  }

  @Override
  public Optional<ActivityWindow> claim(ActivityWindow expected, Instant at) {
    WindowState next = WindowState.of(WindowStatus.InProgress);
    expected.state().checkTransition(next);
    int number = expected.attempts() + 1;
    return tx(c -> {
      if (!transition(c, expected, next, new WindowChange(number, null, expected.lastError()),
          "attempt " + number + " started", at)) {
        return Optional.<ActivityWindow>empty();
      }
      insertAttempt(c, expected.key(), number, at);
      try (var ps = c.prepareStatement(
          WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start = ?")) {
        keyParams(ps, expected.key(), 1);
        try (var rs = ps.executeQuery()) {
          rs.next();
          return Optional.of(window(rs));
        }
      }
    });
  }

  private static boolean transition(
      Connection c, ActivityWindow expected, WindowState next, WindowChange change, String reason, Instant at)
      throws SQLException {
    int n;
    try (var ps = c.prepareStatement(
        "UPDATE activity_window SET status = ?, substatus = ?, attempts = ?, not_before = ?,"
            + " last_error = ?, row_version = row_version + 1, updated_at = ?"
            + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND row_version = ?")) {
      ps.setString(1, next.status().name());
      ps.setString(2, next.substatus() == null ? null : next.substatus().adfName());
      ps.setInt(3, change.attempts());
      ps.setObject(4, change.notBefore() == null ? null : ts(change.notBefore()));
      ps.setString(5, truncate(change.lastError()));
      ps.setObject(6, ts(at));
      keyParams(ps, expected.key(), 7);
      ps.setLong(10, expected.rowVersion());
      n = ps.executeUpdate();
    }
    if (n == 1 && !expected.state().equals(next)) {
      try (var ps = c.prepareStatement(
          "INSERT INTO window_event (pipeline, activity, window_start, at, from_status, from_substatus,"
              + " to_status, to_substatus, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        keyParams(ps, expected.key(), 1);
        ps.setObject(4, ts(at));
        ps.setString(5, expected.state().status().name());
        ps.setString(6, sub(expected.state()));
        ps.setString(7, next.status().name());
        ps.setString(8, sub(next));
        ps.setString(9, truncate(reason));
        ps.executeUpdate();
      }
    }
    return n == 1;
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

  @Override
  public void attemptJob(WindowKey key, int number, String engineJobId, String logLocation) {
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

  @Override
  public void finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output,
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

  @Override
  public List<Attempt> attempts(WindowKey key) {
    return tx(c -> {
      try (var ps = c.prepareStatement(
          ATTEMPT_SELECT + " WHERE pipeline = ? AND activity = ? AND window_start = ? ORDER BY attempt")) {
        keyParams(ps, key, 1);
        return attemptList(ps);
      }
    });
  }

  @Override
  public List<Attempt> runningAttempts() {
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

  @Override
  public List<ActivityWindow> windowsIn(WindowState state) {
    String sql = WINDOW_SELECT + " WHERE w.status = ? AND "
        + (state.substatus() == null ? "w.substatus IS NULL" : "w.substatus = ?")
        + " ORDER BY w.window_start, w.pipeline, w.activity";
    return tx(c -> {
      try (var ps = c.prepareStatement(sql)) {
        ps.setString(1, state.status().name());
        if (state.substatus() != null) {
          ps.setString(2, sub(state));
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

  private static final String SLICE_COLUMNS =
      "dataset, slice_start, slice_end, status, substatus, checks, timeouts, last_check, next_check, message";

  /** {@link #SLICE_COLUMNS} and updated_at, as saveSlice binds them. */
  private static final List<String> SLICE_COLUMN_LIST = List.of("dataset", "slice_start", "slice_end", "status",
      "substatus", "checks", "timeouts", "last_check", "next_check", "message", "updated_at");

  @Override
  public Optional<DatasetSlice> datasetSlice(String dataset, Instant sliceStart) {
    return tx(c -> {
      try (var ps = c.prepareStatement(
          "SELECT " + SLICE_COLUMNS + " FROM dataset_slice WHERE dataset = ? AND slice_start = ?")) {
        ps.setString(1, key(dataset));
        ps.setObject(2, ts(sliceStart));
        try (var rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(slice(rs)) : Optional.<DatasetSlice>empty();
        }
      }
    });
  }

  @Override
  public void saveSlice(DatasetSlice s, Instant at) {
    tx(c -> update(c, sql.upsert("dataset_slice", List.of("dataset", "slice_start"), SLICE_COLUMN_LIST),
        key(s.dataset()), ts(s.slice().start()), ts(s.slice().end()), s.state().status().name(),
        sub(s.state()), s.checks(), s.timeouts(), tsOrNull(s.lastCheck()), tsOrNull(s.nextCheck()),
        truncate(s.message()), ts(at)));
  }

  @Override
  public List<DatasetSlice> resetFailedSlices(String dataset, Instant from, Instant to) {
    return tx(c -> {
      List<DatasetSlice> out = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT " + SLICE_COLUMNS + " FROM dataset_slice"
          + " WHERE dataset = ? AND status = 'Failed' AND slice_start >= ? AND slice_start < ?"
          + " ORDER BY slice_start FOR UPDATE")) {
        ps.setString(1, key(dataset));
        ps.setObject(2, ts(from));
        ps.setObject(3, ts(to));
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(slice(rs));
          }
        }
      }
      update(c, "DELETE FROM dataset_slice WHERE dataset = ? AND status = 'Failed' AND slice_start >= ? AND slice_start < ?",
          key(dataset), ts(from), ts(to));
      return out;
    });
  }

  private static DatasetSlice slice(ResultSet rs) throws SQLException {
    WindowStatus status = WindowStatus.valueOf(rs.getString(4));
    return new DatasetSlice(rs.getString(1), new TimeWindow(instant(rs, 2), instant(rs, 3)),
        new WindowState(status, WindowSubstatus.parse(status, rs.getString(5))), rs.getInt(6), rs.getInt(7),
        instant(rs, 8), instant(rs, 9), rs.getString(10));
  }

  private static OffsetDateTime tsOrNull(Instant t) {
    return t == null ? null : ts(t);
  }

  // --- plumbing

  private <T> T rolledBack(Transactions.Work<T> work) {
    return Transactions.rolledBack(ds, work);
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }

  private static int nextDeployment(Connection c) throws SQLException {
    try (var ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM deployment");
        var rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int nextVersion(Connection c, String kind, String nameKey) throws SQLException {
    try (var ps = c.prepareStatement(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM entity_version WHERE kind = ? AND name_key = ?")) {
      ps.setString(1, kind);
      ps.setString(2, nameKey);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static int update(Connection c, String sql, Object... params) throws SQLException {
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static void keyParams(PreparedStatement ps, WindowKey key, int first) throws SQLException {
    ps.setString(first, key.pipeline());
    ps.setString(first + 1, key.activity());
    ps.setObject(first + 2, ts(key.windowStart()));
  }

  private static String sub(WindowState s) {
    return s.substatus() == null ? null : s.substatus().adfName();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** A text for a VARCHAR(4000) column: {@link SqlDialect#text}, cut to 3,997 characters and "..." when longer. */
  private static String truncate(String s) {
    s = SqlDialect.text(s);
    return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
  }

  static OffsetDateTime ts(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
