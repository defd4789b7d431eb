package dev.adf.orchestrator.store;

/** {@link JdbcStoreTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcStorePostgresTest extends JdbcStoreTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
