package dev.adf.orchestrator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The orchestrator's database, its schema migrated by Flyway on open (our tables and Quartz's JDBC
 * job store tables): the embedded H2 file under the home folder by default, or a shared PostgreSQL
 * that several {@code adf run} processes use at once ({@code store.url}). Both dialects have the same
 * migrations, version for version ({@code db/h2}, {@code db/postgresql}); Flyway takes a lock on its
 * history table while it migrates, so two processes starting at once against a fresh database migrate
 * it once.
 */
public final class Database implements AutoCloseable {

  /** The SQL dialects the store speaks. */
  public enum Dialect {
    H2("db/h2", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
    POSTGRESQL("db/postgresql", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");

    private final String migrations;
    private final String quartzDelegate;

    Dialect(String migrations, String quartzDelegate) {
      this.migrations = migrations;
      this.quartzDelegate = quartzDelegate;
    }

    /** Quartz's driver delegate for this dialect ({@code org.quartz.jobStore.driverDelegateClass}). */
    public String quartzDelegate() {
      return quartzDelegate;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws IllegalArgumentException for a URL that is neither {@code jdbc:h2:} nor {@code jdbc:postgresql:}
     */
    public static Dialect of(String url) {
      String u = url == null ? "" : url.trim().toLowerCase(Locale.ROOT);
      if (u.startsWith("jdbc:h2:")) {
        return H2;
      }
      if (u.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      throw new IllegalArgumentException("store.url '" + url + "' is not a database this orchestrator speaks: give"
          + " jdbc:postgresql://HOST:PORT/DATABASE (or leave it out for the embedded H2 file)");
    }
  }

  private final DataSource dataSource;
  private final AutoCloseable pool;
  private final Dialect dialect;

  private Database(DataSource dataSource, AutoCloseable pool, Dialect dialect) {
    this.dataSource = dataSource;
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * Opens (creating if needed) the H2 database {@code <home>/db/adf.mv.db} and migrates its schema.
   * {@code AUTO_SERVER} lets a second process ({@code adf windows} while {@code adf run} runs) share
   * the file. {@code WRITE_DELAY=0}: every commit is written to the file before it returns (H2's default
   * writes commits in the background every 500 ms, so an orchestrator killed with SIGKILL lost the claim
   * of an attempt whose engine job, in its own process, went on running; found by {@code
   * CrashResumeTest}). {@code MAX_COMPACT_TIME=0}: no compaction when the last connection closes. H2
   * 2.3's close-time chunk move fails an internal assertion (h2database#4086, seen here as an
   * {@code AssertionError} in {@code RandomAccessStore.moveChunkInside} under {@code -ea}, after which the
   * in-process database stayed open with stale contents: {@code OrchestratorCrashTest}) and has lost data
   * in others' use (h2database#4247); the background compaction ({@code AUTO_COMPACT_FILL_RATE}) still
   * reclaims space, and {@code SHUTDOWN COMPACT} shrinks the file on demand.
   *
   * @throws org.flywaydb.core.api.FlywayException when the schema cannot be migrated
   */
  public static Database openEmbedded(Path home) {
    Path file = home.toAbsolutePath().resolve("db").resolve("adf");
    return open("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;WRITE_DELAY=0;MAX_COMPACT_TIME=0",
        "adf", "");
  }

  /**
   * The embedded H2 database's pool (Apache Commons DBCP 2): at most 32 connections, 30 s to get one, a
   * connection checked ({@code isValid}) before it is lent (an {@code AUTO_SERVER} connection to another
   * process's server breaks when that process exits), and <b>each connection's prepared statements kept</b>
   * for its next transactions, by SQL text. H2 parses a statement again on every {@code prepareStatement}
   * (its own query cache serves only plain SELECTs, and not across a sequence's metadata update), which was
   * 10-19 % of the scheduling pass (docs/BENCHMARKS.md, issue 15); PostgreSQL's driver keeps its own
   * server-side statements per connection, so HikariCP stays there.
   */
  private static org.apache.commons.dbcp2.BasicDataSource h2Pool(String url, String user, String password) {
    org.apache.commons.dbcp2.BasicDataSource h2 = new org.apache.commons.dbcp2.BasicDataSource();
    h2.setDriverClassName("org.h2.Driver");
    h2.setUrl(url);
    h2.setUsername(user);
    h2.setPassword(password);
    h2.setMaxTotal(32);
    h2.setMaxIdle(32);
    h2.setMaxWait(java.time.Duration.ofSeconds(30));
    h2.setPoolPreparedStatements(true);
    h2.setMaxOpenPreparedStatements(512);
    return h2;
  }

  /**
   * Opens a database by JDBC URL ({@code jdbc:h2:…} or {@code jdbc:postgresql://…}) and migrates its
   * schema. PostgreSQL connections come from a HikariCP pool (at most {@value #MAX_CONNECTIONS}, 10 s to
   * get one) whose sessions end an open transaction idle for {@value #IDLE_IN_TRANSACTION_MILLIS} ms.
   *
   * @throws IllegalArgumentException for a URL of another database
   * @throws org.flywaydb.core.api.FlywayException when the schema cannot be migrated (the database
   *     cannot be reached, refuses the user, or holds a newer schema)
   */
  public static Database open(String url, String user, String password) {
    return open(url, user, password, java.time.Duration.ofMillis(IDLE_IN_TRANSACTION_MILLIS));
  }

  /**
   * As {@link #open(String, String, String)}, with PostgreSQL sessions ending a transaction left idle
   * for {@code idleInTransaction} ({@code idle_in_transaction_session_timeout}): a scheduler frozen
   * (SIGSTOP, a long pause) in the middle of a transaction must not hold its row locks (its own lease
   * row, windows) past its lease, or the scheduler adopting it would wait for them. None of the store's
   * transactions waits between two statements.
   */
  public static Database open(String url, String user, String password, java.time.Duration idleInTransaction) {
    Dialect dialect = Dialect.of(url);
    DataSource ds;
    AutoCloseable pool;
    if (dialect == Dialect.H2) {
      var h2 = h2Pool(url, user, password);
      ds = h2;
      pool = h2;
    } else {
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(url);
      c.setUsername(user);
      c.setPassword(password);
      c.setMaximumPoolSize(MAX_CONNECTIONS);
      c.setMinimumIdle(1);
      c.setConnectionTimeout(10_000);
      c.setPoolName("adf-store");
      c.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout="
          + Math.max(1, idleInTransaction.toMillis()));
      c.addDataSourceProperty("tcpKeepAlive", "true");
      c.setInitializationFailTimeout(-1); // the first connection is made (and its failure told) by Flyway
      HikariDataSource hikari = new HikariDataSource(c);
      ds = hikari;
      pool = hikari;
    }
    try {
      if (!schemaIsCurrent(ds)) {
        Flyway.configure()
            .dataSource(ds)
            .locations("classpath:" + dialect.migrations)
            .load()
            .migrate();
      }
    } catch (RuntimeException e) {
      try {
        pool.close();
      } catch (Exception ignored) {
        // the migration's failure is the one to report
      }
      throw e;
    }
    return new Database(DataSourceDecorator.applyAll(ds, dialect), pool, dialect);
  }

  /**
   * The highest migration version this build ships ({@code V<n>__….sql} in {@code db/h2} and {@code
   * db/postgresql}; a test checks the two folders against it).
   */
  public static final int SCHEMA_VERSION = 16;

  /**
   * Whether Flyway's history says versions 1 to {@link #SCHEMA_VERSION} are applied, all successfully,
   * and nothing else: then Flyway is not started at all. Starting it (its classes, the classpath scan
   * for migrations, their checksums) was about 0.35 s of CPU on the critical path of every command
   * that opens the store (docs/BENCHMARKS.md, issue 15). Anything else (no history table, a failed or
   * missing version, a version this build does not know) goes to Flyway, which migrates, waits for
   * another process's migration, or reports the mismatch. The checksums of applied migrations are not
   * compared here; Flyway compares them whenever it runs.
   */
  static boolean schemaIsCurrent(DataSource ds) {
    java.util.Set<String> applied = new java.util.HashSet<>();
    try (java.sql.Connection c = ds.getConnection();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
      while (r.next()) {
        if (!r.getBoolean(2)) {
          return false;
        }
        if (r.getString(1) != null && !applied.add(r.getString(1))) { // null: Flyway's own table or schema marker
          return false;
        }
      }
    } catch (java.sql.SQLException noHistoryYet) {
      return false;
    }
    for (int v = 1; v <= SCHEMA_VERSION; v++) {
      if (!applied.remove(Integer.toString(v))) {
        return false;
      }
    }
    return applied.isEmpty();
  }

  /** Most connections a PostgreSQL store opens per process. */
  public static final int MAX_CONNECTIONS = 16;

  /**
   * By default a PostgreSQL session idle inside a transaction this long (ms) is ended by the server; a
   * scheduler uses a quarter of its lease, at least 2 s.
   */
  public static final int IDLE_IN_TRANSACTION_MILLIS = 5_000;

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    try {
      pool.close();
    } catch (Exception e) {
      throw new StoreException("closing the database failed: " + e.getMessage(), e);
    }
  }
}
