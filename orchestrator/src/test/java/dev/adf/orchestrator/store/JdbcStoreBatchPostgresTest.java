package dev.adf.orchestrator.store;

/** {@link JdbcStoreBatchTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcStoreBatchPostgresTest extends JdbcStoreBatchTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
