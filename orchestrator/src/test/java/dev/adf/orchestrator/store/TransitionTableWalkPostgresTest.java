package dev.adf.orchestrator.store;

/** {@link TransitionTableWalkTest} on a fresh database of the tests' real PostgreSQL server. */
class TransitionTableWalkPostgresTest extends TransitionTableWalkTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }
}
