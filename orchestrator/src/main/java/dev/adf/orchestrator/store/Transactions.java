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
    return run(ds, work, End.COMMIT);
  }

  /**
   * Runs {@code work} in a transaction that is always rolled back: what it changed is seen only by
   * itself. Row locks it took are held until the rollback (bounded by the database's lock timeout).
   *
   * @throws StoreException when the database fails
   */
  static <T> T rolledBack(DataSource ds, Work<T> work) {
    return run(ds, work, End.ROLLBACK);
  }

  /**
   * Runs read-only {@code work} in one transaction (one snapshot of the database) and ends it with a
   * commit, which for a transaction that wrote nothing writes nothing. Use it for every read; use
   * {@link #rolledBack} for work that writes and must leave no trace (a deploy's plan).
   *
   * <p>Not a rollback because of H2 2.3 with {@code WRITE_DELAY=0} (the embedded store): its MVStore
   * treats every rollback as a transaction with changes ({@code Transaction.rollback} calls {@code
   * TransactionStore.endTransaction(t, true)}), and ending one stores a chunk of every change not yet
   * in the file, the uncommitted changes of other transactions included. While attempt ends were being
   * recorded, each of the scheduling pass's reads wrote such a chunk; ending them with a commit made
   * {@code SchedulerBenchmark}'s {@code async}, 1 × 5,000 case 1.38× faster (docs/BENCHMARKS.md, issue 15). A commit of a transaction
   * without changes ends it without a store. On PostgreSQL both are the same.
   *
   * <p>What {@code work} writes is committed, so it must only read. A commit that fails is run again
   * like any failure before it (the transaction wrote nothing).
   *
   * @throws StoreException when the database fails
   */
  static <T> T read(DataSource ds, Work<T> work) {
    return run(ds, work, End.READ);
  }

  /** How a transaction ends: its commit (never run again when it fails), a read's commit, or a rollback. */
  private enum End { COMMIT, READ, ROLLBACK }

  private static <T> T run(DataSource ds, Work<T> work, End end) {
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
        if (end == End.ROLLBACK) {
          c.rollback();
        } else {
          committing = end == End.COMMIT;
          c.commit();
        }
        restoreAutoCommit(c);
        return result;
      } catch (SQLException e) {
        if (!committing && attempt < TRIES && SqlDialect.retryable(e)) {
          continue;
        }
        throw new StoreException("database error: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Puts the ended transaction's connection back in auto-commit, so that the pool does not roll it back
   * when it gets it back (DBCP's {@code rollbackOnReturn}): on H2 that rollback stores a chunk of other
   * transactions' changes (see {@link #read}). A failure here changes nothing of the ended transaction;
   * the pool checks the connection before it lends it again.
   */
  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // the transaction has ended; a broken connection is the pool's to find (isValid on borrow)
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
