package dev.adf.orchestrator.store;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every place where the store's SQL differs between H2 and PostgreSQL, one method per difference;
 * all other SQL of {@link JdbcStore} and {@link JdbcRunHistory} is the same text on both. Chosen from
 * {@link Database#dialect()}.
 */
final class SqlDialect {
  private final Database.Dialect dialect;

  private SqlDialect(Database.Dialect dialect) {
    this.dialect = dialect;
  }

  static SqlDialect of(Database.Dialect dialect) {
    return new SqlDialect(dialect);
  }

  Database.Dialect dialect() {
    return dialect;
  }

  /**
   * One statement inserting a row of {@code table}, or updating the row with the same {@code key}
   * columns: H2's {@code MERGE INTO … KEY (…)}, PostgreSQL's {@code INSERT … ON CONFLICT (…) DO
   * UPDATE}. A concurrent insert of the same key never fails with a duplicate key (which an update
   * then insert, or a delete then insert, did on PostgreSQL under READ COMMITTED).
   *
   * @param key the primary key's columns, a prefix of {@code columns}
   * @param columns every column bound, in the order of the statement's {@code ?} parameters
   */
  String upsert(String table, List<String> key, List<String> columns) {
    String cols = String.join(", ", columns);
    String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    if (dialect == Database.Dialect.H2) {
      return "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", key) + ") VALUES (" + marks + ")";
    }
    String set = columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = EXCLUDED." + c)
        .collect(Collectors.joining(", "));
    return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
        + String.join(", ", key) + ") DO UPDATE SET " + set;
  }

  /**
   * One statement inserting a row of {@code table} unless a row with the same primary key exists (then
   * it does nothing): H2's {@code MERGE INTO … KEY (…)} (all columns are the key), PostgreSQL's {@code
   * INSERT … ON CONFLICT DO NOTHING}.
   */
  String insertIfAbsent(String table, List<String> key) {
    String cols = String.join(", ", key);
    String marks = key.stream().map(c -> "?").collect(Collectors.joining(", "));
    if (dialect == Database.Dialect.H2) {
      return "MERGE INTO " + table + " (" + cols + ") KEY (" + cols + ") VALUES (" + marks + ")";
    }
    return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT DO NOTHING";
  }

  /**
   * The draw from the live pages' change counter (V16's {@code history_change} sequence), one per
   * transaction that records ends on attempt rows: H2's {@code NEXT VALUE FOR}, PostgreSQL's {@code
   * nextval}. Not transactional on either.
   */
  String nextHistoryChange() {
    return dialect == Database.Dialect.H2 ? "SELECT NEXT VALUE FOR history_change" : "SELECT nextval('history_change')";
  }

  /**
   * The live pages' change counter ({@link JdbcRunHistory#pulse}) as every session sees it now, without
   * drawing a value: H2's {@code INFORMATION_SCHEMA.SEQUENCES.BASE_VALUE} (the next value to hand out),
   * PostgreSQL's {@code last_value} (plus one once drawn). It only grows.
   */
  String historyChange() {
    return dialect == Database.Dialect.H2
        ? "SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_NAME = 'HISTORY_CHANGE'"
        : "SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM history_change";
  }

  /**
   * What follows {@code FOR UPDATE} so that a row another transaction holds is passed over rather than
   * waited for: PostgreSQL's {@code SKIP LOCKED}; nothing on H2, whose embedded store has one scheduler
   * (the run lock) and so never meets a held claim row of another.
   */
  String skipLocked() {
    return dialect == Database.Dialect.POSTGRESQL ? " SKIP LOCKED" : "";
  }

  /**
   * {@code s} as both databases store it: every NUL character (U+0000), which PostgreSQL's text types
   * refuse ("invalid byte sequence for encoding UTF8: 0x00") and H2 keeps, replaced by U+FFFD, on H2
   * too so that the store reads back the same text on either. Null stays null.
   */
  static String text(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
  }

  /**
   * Whether a transaction that failed with {@code e} before its commit is worth running again from the
   * start: the connection was lost (SQLState class 08; PostgreSQL's 57P01..57P03, a server shutting
   * down, crashed or still starting) or the database rolled it back to break a deadlock or a
   * serialization conflict (40001, both databases; 40P01, PostgreSQL). Any cause in the chain counts.
   */
  static boolean retryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
            || state.equals("40001") || state.equals("40P01")) {
          return true;
        }
      }
    }
    return false;
  }
}
