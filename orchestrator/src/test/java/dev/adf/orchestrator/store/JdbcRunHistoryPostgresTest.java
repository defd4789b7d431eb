package dev.adf.orchestrator.store;

/** {@link JdbcRunHistoryTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcRunHistoryPostgresTest extends JdbcRunHistoryTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
