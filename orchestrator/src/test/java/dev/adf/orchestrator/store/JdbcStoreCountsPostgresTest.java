package dev.adf.orchestrator.store;

/** {@link JdbcStoreCountsTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcStoreCountsPostgresTest extends JdbcStoreCountsTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
