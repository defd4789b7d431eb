package dev.adf.orchestrator.store;

import dev.adf.orchestrator.history.AuditEntry;
import dev.adf.orchestrator.history.Deployment;
import dev.adf.orchestrator.history.EntityVersion;
import dev.adf.orchestrator.history.Pulse;
import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.history.WindowEvent;
import dev.adf.orchestrator.history.WindowFilter;
import dev.adf.orchestrator.history.WindowPage;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link RunHistory} on the orchestrator's JDBC database, H2 or PostgreSQL (the same SQL on both). Each list is
 * one indexed query with a LIMIT (V8's indexes); counts are aggregates the database computes.
 */
public final class JdbcRunHistory implements RunHistory {
  private final DataSource ds;
  private final SqlDialect sql;

  /** The history of {@code database}'s store; it does not close the database. */
  public JdbcRunHistory(Database database) {
    this.ds = database.dataSource();
    this.sql = SqlDialect.of(database.dialect());
  }

  @Override
  public WindowPage windows(WindowFilter f) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (f.pipeline() != null) {
      where.append(" AND LOWER(w.pipeline) = ?");
      params.add(f.pipeline().toLowerCase(Locale.ROOT));
    }
    if (f.activity() != null) {
      where.append(" AND LOWER(w.activity) = ?");
      params.add(f.activity().toLowerCase(Locale.ROOT));
    }
    if (!f.statuses().isEmpty()) {
      where.append(" AND w.status IN (").append(marks(f.statuses().size())).append(")");
      f.statuses().stream().map(WindowStatus::name).sorted().forEach(params::add);
    }
    if (!f.substatuses().isEmpty()) {
      where.append(" AND (");
      boolean first = true;
      for (WindowSubstatus s : f.substatuses().stream().sorted().toList()) {
        where.append(first ? "" : " OR ").append("(w.status = ? AND " + WindowStore.SHOWN_SUBSTATUS + " = ?)");
        params.add(s.status().name());
        params.add(s.adfName());
        first = false;
      }
      where.append(")");
    }
    if (f.from() != null) {
      where.append(" AND w.window_start >= ?");
      params.add(StoreSql.ts(f.from()));
    }
    if (f.to() != null) {
      where.append(" AND w.window_start < ?");
      params.add(StoreSql.ts(f.to()));
    }
    String select;
    String count;
    List<Object> countParams = params;
    // A substatus is matched as shown (WindowStore.SHOWN_SUBSTATUS), which needs the activity's review.
    String windowsW = " FROM activity_window w" + (f.substatuses().isEmpty() ? "" : WindowStore.REVIEW_JOIN);
    if (f.order() == WindowFilter.Order.RECENT) {
      // The latest attempt of each window that ran, newest first: read off V9's attempt_recent.
      select = "SELECT w.pipeline, w.activity, w.window_start, w.window_end, w.status, "
          + WindowStore.SHOWN_SUBSTATUS + ", w.attempts,"
          + " w.not_before, w.last_error, a.started_at, a.ended_at, w.row_version, a.run_id FROM attempt a"
          + " JOIN activity_window w ON a.pipeline = w.pipeline AND a.activity = w.activity"
          + " AND a.window_start = w.window_start AND a.attempt = w.attempts" + WindowStore.REVIEW_JOIN + where
          + " ORDER BY a.started_at DESC, a.window_start DESC, a.pipeline, a.activity LIMIT ? OFFSET ?";
      // The order is on the attempt's columns (equal to the window's by the join), so H2 reads it off
      // V9's attempt_recent index and stops after the page; ordered by w's columns it sorted every
      // attempt (1.3 s at 100,000 windows, docs/BENCHMARKS.md issue 12).
      // The windows that ran are all of them less those that never ran: two index counts (the first a
      // direct row count without a filter, the second on V9's activity_window_attempts over the few
      // windows with no attempt) instead of a scan of every window for attempts > 0.
      count = "SELECT (SELECT COUNT(*)" + windowsW + where + ")"
          + " - (SELECT COUNT(*)" + windowsW + where + " AND w.attempts = 0)";
      List<Object> twice = new ArrayList<>(params);
      twice.addAll(params);
      countParams = twice;
    } else {
      String dir = f.order() == WindowFilter.Order.OLDEST ? " ASC" : " DESC";
      String order = " ORDER BY w.window_start" + dir + ", w.pipeline, w.activity";
      // The page's keys first (LIMIT/OFFSET on the window table alone, read off its index), then the
      // join to each window's latest attempt for those rows only: with the join outside, H2 joined every
      // row the OFFSET skipped (50,000 attempts for page 1000 at 100,000 windows, docs/BENCHMARKS.md
      // issue 12).
      String ws = WindowStore.WINDOW_SELECT;
      select = ws.substring(0, ws.indexOf(" FROM ")) + " FROM (SELECT w.pipeline, w.activity, w.window_start"
          + windowsW + where + order + " LIMIT ? OFFSET ?) k JOIN activity_window w"
          + " ON w.pipeline = k.pipeline AND w.activity = k.activity AND w.window_start = k.window_start"
          + ws.substring(ws.indexOf(" LEFT JOIN ")) + order;
      count = "SELECT COUNT(*)" + windowsW + where;
    }
    List<Object> countParamsFinal = countParams;
    return tx(c -> {
      List<ActivityWindow> page = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(select)) {
        int i = bind(ps, params);
        ps.setInt(i++, f.limit());
        ps.setInt(i, f.offset());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(WindowStore.window(rs));
          }
        }
      }
      int total;
      if (f.offset() == 0 && page.size() < f.limit()) {
        total = page.size(); // the whole result is on this page: no second query
      } else {
        try (PreparedStatement ps = c.prepareStatement(count)) {
          bind(ps, countParamsFinal);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            total = rs.getInt(1);
          }
        }
      }
      return new WindowPage(page, total, f.offset(), f.limit());
    });
  }

  @Override
  public Map<ActivityRef, Map<WindowStatus, Integer>> statusCounts() {
    return tx(c -> {
      Map<ActivityRef, Map<WindowStatus, Integer>> out = new LinkedHashMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT pipeline, activity, status, COUNT(*) FROM activity_window"
              + " GROUP BY pipeline, activity, status ORDER BY pipeline, activity")) {
        while (rs.next()) {
          out.computeIfAbsent(new ActivityRef(rs.getString(1), rs.getString(2)),
              k -> new EnumMap<>(WindowStatus.class)).put(WindowStatus.valueOf(rs.getString(3)), rs.getInt(4));
        }
      }
      return out;
    });
  }

  @Override
  public List<ActivityWindow> strip(ActivityRef activity, Instant from, Instant to, int limit) {
    // A lower bound on window_start lets the primary key's range stop near {@code from}: without one
    // every older window of the activity was read (10,000 per strip at 100,000 windows,
    // docs/BENCHMARKS.md issue 12). An activity's windows do not overlap, so none starting before the
    // latest one starting at or before {@code from} ends after {@code from}: that start is the bound,
    // found in one index entry on V9's activity_window_activity_start_desc (H2 reads a descending index
    // in its own order only when ORDER BY names all its columns so). A fixed bound such as from minus a
    // year would still read a year of hourly windows.
    String sql = WindowStore.WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start < ?"
        + " AND w.window_start >= COALESCE((SELECT b.window_start FROM activity_window b"
        + " WHERE b.pipeline = ? AND b.activity = ? AND b.window_start <= ?"
        + " ORDER BY b.pipeline DESC, b.activity DESC, b.window_start DESC LIMIT 1), ?)"
        + " AND w.window_end > ? ORDER BY w.window_start DESC LIMIT ?";
    return tx(c -> {
      List<ActivityWindow> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, activity.pipeline());
        ps.setString(2, activity.activity());
        ps.setObject(3, StoreSql.ts(to));
        ps.setString(4, activity.pipeline());
        ps.setString(5, activity.activity());
        ps.setObject(6, StoreSql.ts(from));
        ps.setObject(7, StoreSql.ts(from));
        ps.setObject(8, StoreSql.ts(from));
        ps.setInt(9, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(WindowStore.window(rs));
          }
        }
      }
      Collections.reverse(out);
      return out;
    });
  }

  @Override
  public Optional<ActivityWindow> latestDueWindow(ActivityRef activity) {
    // One probe per status on activity_window_activity_status (V5; equality on its three first columns,
    // ordered by its fourth, read backwards: V13): each reads the newest row of that status and stops.
    // A Waiting window is due unless it shows ScheduledTime (WindowStore.SHOWN_SUBSTATUS: one stored as
    // ScheduledTime may show ConcurrencyLimit).
    String probe = "SELECT w.window_start FROM activity_window w" + WindowStore.REVIEW_JOIN
        + " WHERE w.pipeline = ? AND w.activity = ? AND w.status = ?";
    String newest = " ORDER BY w.pipeline DESC, w.activity DESC, w.status DESC, w.window_start DESC LIMIT 1";
    String shown = WindowStore.SHOWN_SUBSTATUS;
    return tx(c -> {
      Instant latest = null;
      for (WindowStatus s : WindowStatus.values()) {
        String sql = probe + (s == WindowStatus.Waiting ? " AND (w.substatus IS NULL OR " + shown + " <> '"
            + WindowSubstatus.ScheduledTime.name() + "')" : "") + newest;
        latest = later(latest, newestStart(c, sql, activity, s));
      }
      if (latest == null) {
        latest = newestStart(c, probe + newest, activity, WindowStatus.Waiting);
      }
      if (latest == null) {
        return Optional.<ActivityWindow>empty();
      }
      try (PreparedStatement ps = c.prepareStatement(WindowStore.WINDOW_SELECT
          + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start = ?")) {
        ps.setString(1, activity.pipeline());
        ps.setString(2, activity.activity());
        ps.setObject(3, StoreSql.ts(latest));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(WindowStore.window(rs)) : Optional.<ActivityWindow>empty();
        }
      }
    });
  }

  private static Instant newestStart(Connection c, String sql, ActivityRef activity, WindowStatus status)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, activity.pipeline());
      ps.setString(2, activity.activity());
      ps.setString(3, status.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? StoreSql.instant(rs, 1) : null;
      }
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  /** {@inheritDoc} Read by {@link WindowEvents}: the event rows and the attempts' starts, merged. */
  @Override
  public List<WindowEvent> events(WindowKey key, int limit) {
    return tx(c -> WindowEvents.of(c, key, limit));
  }

  @Override
  public Pulse pulse() {
    return tx(c -> {
      long last;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(id) FROM window_event")) {
        rs.next();
        last = rs.getLong(1);
      }
      long changes;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.historyChange())) {
        changes = rs.next() ? rs.getLong(1) : 0;
      }
      int active;
      try (Statement st = c.createStatement();
          // Two lookups on activity_window_state (status, substatus), added up: with an OR H2 scanned the
          // whole index (every window, each page of the view calls this; docs/BENCHMARKS.md issue 12).
          ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM activity_window WHERE status = 'InProgress')"
              + " + (SELECT COUNT(*) FROM activity_window WHERE status = 'Waiting' AND substatus = 'ComputeResources')")) {
        rs.next();
        active = rs.getInt(1);
      }
      return new Pulse(last, changes, active);
    });
  }

  @Override
  public List<Deployment> deployments(int limit) {
    return tx(c -> {
      List<Deployment> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, deployed_at, source, summary FROM deployment ORDER BY id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Deployment(rs.getInt(1), StoreSql.instant(rs, 2), rs.getString(3), rs.getString(4)));
          }
        }
      }
      return out;
    });
  }

  private static final String VERSION_SELECT =
      "SELECT v.kind, v.name, v.version, v.deployment, d.deployed_at, v.file_name, v.sha256,"
          + " CASE WHEN e.version = v.version THEN TRUE ELSE FALSE END FROM entity_version v"
          + " JOIN deployment d ON d.id = v.deployment"
          + " LEFT JOIN deployed_entity e ON e.kind = v.kind AND e.name_key = v.name_key";

  @Override
  public List<EntityVersion> versions(int limit) {
    return versionList(VERSION_SELECT + " ORDER BY v.deployment DESC, v.kind, v.name_key LIMIT ?", List.of(limit));
  }

  @Override
  public List<EntityVersion> versions(String kind, String name) {
    return versionList(VERSION_SELECT + " WHERE LOWER(v.kind) = ? AND v.name_key = ? ORDER BY v.version DESC",
        List.of(kind.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)));
  }

  private List<EntityVersion> versionList(String sql, List<Object> params) {
    return tx(c -> {
      List<EntityVersion> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new EntityVersion(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                StoreSql.instant(rs, 5), rs.getString(6), rs.getString(7), rs.getBoolean(8)));
          }
        }
      }
      return out;
    });
  }

  @Override
  public Optional<String> json(String kind, String name, int version) {
    return tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT json FROM entity_version WHERE LOWER(kind) = ? AND name_key = ? AND version = ?")) {
        ps.setString(1, kind.toLowerCase(Locale.ROOT));
        ps.setString(2, name.toLowerCase(Locale.ROOT));
        ps.setInt(3, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public AuditEntry record(AuditEntry e) {
    return tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (at, actor, action, target, command,"
          + " changed, result) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setObject(1, StoreSql.ts(e.at()));
        ps.setString(2, cap(e.actor(), 400));
        ps.setString(3, cap(e.action(), 40));
        ps.setString(4, cap(e.target(), 4000));
        ps.setString(5, cap(e.command(), 4000));
        ps.setInt(6, e.changed());
        ps.setString(7, cap(e.result(), 4000));
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          return new AuditEntry(keys.getLong(1), e.at(), e.actor(), e.action(), e.target(), e.command(), e.changed(),
              e.result());
        }
      }
    });
  }

  @Override
  public List<AuditEntry> audit(long beforeId, int limit) {
    if (limit < 1 || limit > WindowFilter.MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is not in 1.." + WindowFilter.MAX_LIMIT);
    }
    return tx(c -> {
      List<AuditEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, at, actor, action, target, command, changed, result"
          + " FROM audit_event" + (beforeId > 0 ? " WHERE id < ?" : "") + " ORDER BY id DESC LIMIT ?")) {
        int i = 1;
        if (beforeId > 0) {
          ps.setLong(i++, beforeId);
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AuditEntry(rs.getLong(1), StoreSql.instant(rs, 2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8)));
          }
        }
      }
      return out;
    });
  }

  private static String cap(String s, int max) {
    s = SqlDialect.text(s);
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
    return params.size() + 1;
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }
}
