package dev.adf.orchestrator.store;

import dev.adf.orchestrator.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh JDBC store per test on a real database, closed after it: a new H2 file database under a
 * temp folder, or a new database on the tests' PostgreSQL server ({@link PostgresServer}), as the
 * concrete class's {@link #dialect()} says. Every store test class runs on both: the class itself on
 * H2, its {@code …PostgresTest} subclass on PostgreSQL.
 */
abstract class StoreTestBase {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path home;
  Database db;
  Store store;

  /** The database this class's tests run on. */
  abstract Database.Dialect dialect();

  @BeforeEach
  void open() {
    db = switch (dialect()) {
      case H2 -> Database.openEmbedded(home);
      case POSTGRESQL -> {
        PostgresServer pg = PostgresServer.shared();
        yield Database.open(pg.newDatabase(), pg.user(), pg.password());
      }
    };
    store = new JdbcStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }
}
