package dev.adf.orchestrator.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One JDBC transaction per store call, for the store's adapters. A transaction that fails before its
 * commit because its connection was lost (the server restarted or failed over: every pooled connection
 * broke at once) or because the database chose it as a deadlock or serialization victim is run again
 * from the start on another connection, up to {@value #TRIES} times in all: it was rolled back, so
 * running it again changes nothing twice. A failure of the commit itself is never retried (the commit
 * may have happened).
 */
final class Transactions {
  private Transactions() {}

  /** Most runs of one transaction: one more than the largest pool, so a pool of broken connections drains. */
  static final int TRIES = Database.MAX_CONNECTIONS + 2;

  /**
   * Work on one connection inside a transaction. It may be run more than once (see the class): it
   * keeps what it computes in its own locals, not in state outside that a second run would add to.
   */
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
    return run(ds, work, true);
  }

  /**
   * Runs {@code work} in a transaction that is always rolled back: what it changed is seen only by
   * itself. Row locks it took are held until the rollback (bounded by the database's lock timeout).
   *
   * @throws StoreException when the database fails
   */
  static <T> T rolledBack(DataSource ds, Work<T> work) {
    return run(ds, work, false);
  }

  private static <T> T run(DataSource ds, Work<T> work, boolean commit) {
    for (int attempt = 1; ; attempt++) {
      boolean committing = false;
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        T result;
        try {
          result = work.run(c);
        } catch (SQLException | RuntimeException e) {
          rollback(c, e);
          throw e;
        }
        if (commit) {
          committing = true;
          c.commit();
        } else {
          c.rollback();
        }
        return result;
      } catch (SQLException e) {
        if (!committing && attempt < TRIES && SqlDialect.retryable(e)) {
          continue;
        }
        throw new StoreException("database error: " + e.getMessage(), e);
      }
    }
  }

  /** Rolls back after {@code failure}; a rollback that fails too (a lost connection) is added to it. */
  private static void rollback(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
