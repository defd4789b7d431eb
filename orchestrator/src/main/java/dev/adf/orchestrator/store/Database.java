package dev.adf.orchestrator.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The orchestrator's database: an embedded H2 file under the home folder, its schema migrated by
 * Flyway on open (our tables and Quartz's JDBC job store tables).
 */
public final class Database implements AutoCloseable {
  private final JdbcConnectionPool pool;

  private Database(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  /**
   * Opens (creating if needed) the H2 database {@code <home>/db/adf.mv.db} and migrates its schema.
   * {@code AUTO_SERVER} lets a second process ({@code adf windows} while {@code adf run} runs) share
   * the file. {@code WRITE_DELAY=0}: every commit is written to the file before it returns (H2's default
   * writes commits in the background every 500 ms, so an orchestrator killed with SIGKILL lost the claim
   * of an attempt whose engine job, in its own process, went on running; found by {@code
   * CrashResumeTest}).
   *
   * @throws org.flywaydb.core.api.FlywayException when the schema cannot be migrated
   */
  public static Database openEmbedded(Path home) {
    Path file = home.toAbsolutePath().resolve("db").resolve("adf");
    return open("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;WRITE_DELAY=0", "adf", "");
  }

  /** Opens a database by JDBC URL and migrates its schema. */
  public static Database open(String url, String user, String password) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, password);
    pool.setMaxConnections(32);
    Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/h2")
        .load()
        .migrate();
    return new Database(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
