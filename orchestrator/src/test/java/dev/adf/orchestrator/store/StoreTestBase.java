package dev.adf.orchestrator.store;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh JDBC store on a real H2 file database per test, closed after it. */
abstract class StoreTestBase {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path home;
  Database db;
  Store store;

  @BeforeEach
  void open() {
    db = Database.openEmbedded(home);
    store = new JdbcStore(db.dataSource());
  }

  @AfterEach
  void close() {
    db.close();
  }
}
