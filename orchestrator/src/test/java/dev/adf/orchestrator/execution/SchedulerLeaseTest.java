package dev.adf.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.store.Database;
import dev.adf.orchestrator.store.SchedulerNodes;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease's fence on a real embedded H2 database whose renewals fail while {@link #renewalsFail} is
 * set (a datasource-proxy listener fails every {@code execute*} of the renewal's UPDATE): a scheduler on
 * a shared store fences itself two thirds of its lease after its last renewal and lifts the fence at
 * the next renewal; on the embedded store (no fence action) it goes on, since the home's run lock keeps
 * every other scheduler out. Found by a CI run on a loaded box: a lone {@code adf run} whose renewals
 * were late stopped its re-attached Livy batch and submitted a second one.
 */
class SchedulerLeaseTest {
  private static final Duration LEASE = Duration.ofSeconds(3); // fences after 2 s, renews every 600 ms

  @TempDir Path home;
  private Database db;
  private final AtomicBoolean renewalsFail = new AtomicBoolean();
  private final AtomicInteger failedRenewals = new AtomicInteger();

  @BeforeEach
  void open() {
    db = Database.openEmbedded(home);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private SchedulerNodes nodes() {
    DataSource ds = ProxyDataSourceBuilder.create(db.dataSource()).methodListener(new MethodExecutionListener() {
      @Override
      public void beforeMethod(MethodExecutionContext c) {
        if (renewalsFail.get() && c.getMethod().getName().startsWith("execute")
            && c.getTarget() instanceof java.sql.PreparedStatement ps && ps.toString().contains("heartbeat_at")) {
          failedRenewals.incrementAndGet();
          sneaky(new SQLTransientConnectionException("renewal refused (test)", "08006"));
        }
      }

      @Override
      public void afterMethod(MethodExecutionContext c) {}
    }).build();
    return new SchedulerNodes(ds, db.dialect());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** Polls {@code condition} every 20 ms until it holds or {@code max} passed; returns whether it held. */
  private static boolean await(BooleanSupplier condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    return true;
  }

  @Test
  void aSchedulerOnASharedStoreFencesItselfWhenItsRenewalsFailAndLiftsTheFenceWhenOneSucceeds() {
    AtomicInteger stops = new AtomicInteger();
    try (SchedulerLease lease = SchedulerLease.acquire(nodes(), "test-host", 1, home, LEASE, null,
        stops::incrementAndGet, Clock.systemUTC())) {
      lease.start();
      assertThat(lease.mayStart()).isTrue();
      renewalsFail.set(true);
      assertThat(await(() -> stops.get() == 1, Duration.ofSeconds(10))).as("the fence action ran").isTrue();
      assertThat(lease.mayStart()).isFalse();
      assertThat(failedRenewals.get()).isPositive();
      renewalsFail.set(false);
      assertThat(await(lease::mayStart, Duration.ofSeconds(10))).as("the fence lifted").isTrue();
      assertThat(stops.get()).isEqualTo(1);
      assertThat(lease.lost()).isFalse();
    }
  }

  @Test
  void aSchedulerOnTheEmbeddedStoreGoesOnWhileItsRenewalsFail() {
    try (SchedulerLease lease = SchedulerLease.acquire(nodes(), "test-host", 1, home, LEASE, null, null,
        Clock.systemUTC())) {
      lease.start();
      renewalsFail.set(true);
      // Past the fence time (2 s) with several failed renewals: the late-renewal warning was logged and
      // the scheduler still may start attempts.
      long since = System.nanoTime();
      assertThat(await(() -> System.nanoTime() - since > lease.fenceAfter().toNanos() + 500_000_000L
          && failedRenewals.get() >= 3, Duration.ofSeconds(15))).isTrue();
      assertThat(lease.mayStart()).isTrue();
      assertThat(lease.lost()).isFalse();
    }
  }
}
