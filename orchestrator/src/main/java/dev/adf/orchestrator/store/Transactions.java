package dev.adf.orchestrator.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One JDBC transaction per store call, for the store's adapters. */
final class Transactions {
  private Transactions() {}

  /** Work on one connection inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction and commits it; rolls back when it throws.
   *
   * @throws StoreException when the database fails (a {@link RuntimeException} of {@code work} is
   *     rethrown as it is, after the rollback)
   */
  static <T> T run(DataSource ds, Work<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }
}
