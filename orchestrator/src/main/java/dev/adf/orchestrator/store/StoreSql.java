package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The JDBC plumbing the store's concerns share: binding (timestamps as {@link OffsetDateTime} in UTC on
 * both databases), reading, name keys and text limits.
 */
final class StoreSql {
  private StoreSql() {}

  static OffsetDateTime tsOrNull(Instant t) {
    return t == null ? null : ts(t);
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  static void keyParams(PreparedStatement ps, WindowKey key, int first) throws SQLException {
    ps.setString(first, key.pipeline());
    ps.setString(first + 1, key.activity());
    ps.setObject(first + 2, ts(key.windowStart()));
  }

  static String sub(WindowState s) {
    return s.substatus() == null ? null : s.substatus().adfName();
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** A text for a VARCHAR(4000) column: {@link SqlDialect#text}, cut to 3,997 characters and "..." when longer. */
  static String truncate(String s) {
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
