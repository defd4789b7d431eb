package dev.adf.orchestrator.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * The second baseline: db-scheduler 16.7.1 on the same durable H2 database as our run (the home's
 * {@code WRITE_DELAY=0} file, through the same connection pool class), a thread pool of {@value
 * #THREADS}. Its {@code scheduled_tasks} table is created for H2 from its {@code postgresql_tables.sql}
 * at tag v16.7.1 (same columns and indexes; {@code text} as VARCHAR, {@code bytea} as VARBINARY).
 * {@link #run} stores {@code n} executions of one no-op {@code OneTimeTask} due now with {@code
 * SchedulerClient.scheduleBatch} (untimed, like our deploy), then starts the scheduler and times until
 * every execution has run and db-scheduler has removed it (the table is empty).
 *
 * <p>Polling: {@code pollUsingFetchAndLockOnExecute(0.5, 3.0)}, db-scheduler's default, and the only
 * strategy it has on H2: its lock-and-fetch needs a database customization with {@code SELECT … FOR
 * UPDATE SKIP LOCKED} (PostgreSQL, MySQL 8, MSSQL, Oracle), and H2 gets {@code
 * DefaultJdbcCustomization}, which supports neither the single-statement nor the generic form. So it
 * selects up to 30 due executions, then picks each with an optimistic {@code UPDATE … WHERE version = ?}
 * (one autocommitted statement), runs it, and deletes it (one more). Polling interval 50 ms and
 * heartbeat 500 ms as in issue 14's {@code DbSchedulerNode}; a batch that runs low (half the threads)
 * fetches the next one at once.
 */
final class DbSchedulerBaseline {
  static final int THREADS = 10;
  private static volatile CountDownLatch executed;

  private DbSchedulerBaseline() {}

  /** db-scheduler's {@code postgresql_tables.sql} (v16.7.1) in H2's types. */
  static final String DDL = """
      CREATE TABLE IF NOT EXISTS scheduled_tasks (
        task_name VARCHAR(200) NOT NULL,
        task_instance VARCHAR(200) NOT NULL,
        task_data VARBINARY,
        execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
        picked BOOLEAN NOT NULL,
        picked_by VARCHAR(200),
        last_success TIMESTAMP WITH TIME ZONE,
        last_failure TIMESTAMP WITH TIME ZONE,
        consecutive_failures INT,
        last_heartbeat TIMESTAMP WITH TIME ZONE,
        version BIGINT NOT NULL,
        priority SMALLINT,
        PRIMARY KEY (task_name, task_instance)
      );
      CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;

  /** Seconds (and this process's CPU) from start until {@code n} one-time executions have run and been removed. */
  static SchedulerBenchmark.Timed run(DataSource ds, String name, int n) throws Exception {
    try (Connection c = ds.getConnection(); var st = c.createStatement()) {
      c.setAutoCommit(true);
      for (String s : DDL.split(";")) {
        if (!s.isBlank()) {
          st.execute(s);
        }
      }
      st.execute("DELETE FROM scheduled_tasks");
    }
    OneTimeTask<Void> task = Tasks.oneTime("bench-noop").execute((instance, ctx) -> executed.countDown());
    List<TaskInstance<?>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(task.instance(name + "-" + i));
    }
    // The bench's own wall clock: db-scheduler runs what is due by its system clock.
    SchedulerClient.Builder.create(ds, task).build().scheduleBatch(all, Instant.now());
    executed = new CountDownLatch(n);
    Scheduler s = Scheduler.create(ds, task)
        .schedulerName(new SchedulerName.Fixed(name))
        .threads(THREADS)
        .pollingInterval(Duration.ofMillis(50))
        .heartbeatInterval(Duration.ofMillis(500))
        .pollUsingFetchAndLockOnExecute(0.5, 3.0)
        .shutdownMaxWait(Duration.ofSeconds(10))
        .build();
    long t0 = System.nanoTime();
    long cpu0 = SchedulerBenchmark.cpuNanos();
    s.start();
    try {
      if (!executed.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("db-scheduler executed only " + (n - executed.getCount()) + " of " + n);
      }
      while (pending(ds) > 0) {
        LockSupport.parkNanos(500_000L);
      }
      return new SchedulerBenchmark.Timed((System.nanoTime() - t0) / 1e9, SchedulerBenchmark.cpuNanos() - cpu0);
    } finally {
      s.stop();
    }
  }

  private static int pending(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); var ps = c.prepareStatement("SELECT COUNT(*) FROM scheduled_tasks");
        var rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
