package dev.adf.orchestrator.testing;

import dev.adf.orchestrator.store.DataSourceDecorator;
import dev.adf.orchestrator.store.Database;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * A JDBC proxy (datasource-proxy) that makes a share of the store's commits and statements fail, for the
 * fault tests; off unless the system property {@value #RATE} is set (the tests set it on one {@code adf
 * run} process). Each {@code commit} fails with probability {@value #RATE}, each {@code execute*} of a
 * statement with probability {@value #STATEMENT_RATE} (default 0): half of those fail before the call
 * reaches the database (nothing happened), half after it returned (the statement ran, the commit
 * happened, and the caller cannot know), with SQLState 08006, a lost connection. Faults start {@value #DELAY} ms (default 0) after the store opened, so a
 * process can register first. Every fault prints {@code adf-test: injected JDBC fault N} on stderr.
 */
public final class FaultyJdbc implements DataSourceDecorator {
  /** System property: the share of commits that fail, 0..1. */
  public static final String RATE = "adf.test.jdbcFaults";
  /** System property: the share of statement executions that fail, 0..1. */
  public static final String STATEMENT_RATE = "adf.test.jdbcStatementFaults";
  /** System property: milliseconds after the store opened before the first fault. */
  public static final String DELAY = "adf.test.jdbcFaultsDelayMillis";

  private static final AtomicLong FAULTS = new AtomicLong();

  @Override
  public DataSource decorate(DataSource ds, Database.Dialect dialect) {
    String rate = System.getProperty(RATE);
    if (rate == null) {
      return ds;
    }
    double commits = Double.parseDouble(rate);
    double statements = Double.parseDouble(System.getProperty(STATEMENT_RATE, "0"));
    long from = System.nanoTime() + Long.parseLong(System.getProperty(DELAY, "0")) * 1_000_000L;
    return ProxyDataSourceBuilder.create(ds).methodListener(new MethodExecutionListener() {
      @Override
      public void beforeMethod(MethodExecutionContext c) {
        maybeFail(c, "before");
      }

      @Override
      public void afterMethod(MethodExecutionContext c) {
        if (c.getThrown() == null) {
          maybeFail(c, "after");
        }
      }

      private void maybeFail(MethodExecutionContext c, String when) {
        String m = c.getMethod().getName();
        double p = m.equals("commit") ? commits : m.startsWith("execute") ? statements : 0;
        if (p > 0 && System.nanoTime() > from && ThreadLocalRandom.current().nextDouble() < p / 2) {
          long n = FAULTS.incrementAndGet();
          System.err.println("adf-test: injected JDBC fault " + n + " " + when + " " + m);
          FaultyJdbc.<RuntimeException>sneaky(new SQLTransientConnectionException(
              "injected fault " + when + " " + m + " (adf-test)", "08006"));
        }
      }
    }).build();
  }

  /** Throws a checked exception where the listener's signature has none: JDBC's methods declare it. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** Faults injected in this JVM so far. */
  public static long faults() {
    return FAULTS.get();
  }
}
