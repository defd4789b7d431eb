package dev.adf.orchestrator.store;

/** {@link JdbcRunHistoryLatestDueTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcRunHistoryLatestDuePostgresTest extends JdbcRunHistoryLatestDueTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
