package dev.adf.orchestrator.store;

/** {@link JdbcStorePlanTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcStorePlanPostgresTest extends JdbcStorePlanTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
