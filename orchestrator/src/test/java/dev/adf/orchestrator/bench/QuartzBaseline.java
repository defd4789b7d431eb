package dev.adf.orchestrator.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The baseline: plain Quartz 2.3.2 on a JDBC job store (JobStoreTX, StdJDBCDelegate, the QRTZ_ tables
 * our Flyway migration creates) in the given database, a thread pool of 10, otherwise Quartz's
 * defaults. {@link #run} stores {@code n} one-shot no-op jobs due now while the scheduler is in
 * standby (untimed, like our deploy), then starts it and times until every job has executed and
 * Quartz has recorded its completion (no trigger left in QRTZ_TRIGGERS or QRTZ_FIRED_TRIGGERS).
 */
final class QuartzBaseline {
  static final int THREADS = 10;
  private static volatile CountDownLatch executed;

  /** The no-op job. */
  public static final class NoOpJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      executed.countDown();
    }
  }

  /** Seconds (and this process's CPU) from start until {@code n} one-shot jobs have executed and completed. */
  static SchedulerBenchmark.Timed run(DataSource ds, String name, int n) throws Exception {
    DBConnectionManager.getInstance().addConnectionProvider(name, new Provider(ds));
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.scheduler.instanceId", "bench");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", name);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    // Storing n jobs takes a while; none of them must take Quartz's misfire path meanwhile.
    p.setProperty("org.quartz.jobStore.misfireThreshold", "3600000");
    Scheduler s = new StdSchedulerFactory(p).getScheduler();
    try {
      s.clear();
      Map<JobDetail, Set<? extends Trigger>> jobs = new HashMap<>();
      for (int i = 0; i < n; i++) {
        JobDetail job = JobBuilder.newJob(NoOpJob.class).withIdentity("job-" + i, "bench").build();
        jobs.put(job, Set.of(TriggerBuilder.newTrigger().withIdentity("t-" + i, "bench").forJob(job).startNow().build()));
      }
      s.scheduleJobs(jobs, false);
      executed = new CountDownLatch(n);
      long t0 = System.nanoTime();
      long cpu0 = SchedulerBenchmark.cpuNanos();
      s.start();
      if (!executed.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("Quartz executed only " + (n - executed.getCount()) + " of " + n + " jobs");
      }
      while (pending(ds, name) > 0) {
        LockSupport.parkNanos(500_000L);
      }
      return new SchedulerBenchmark.Timed((System.nanoTime() - t0) / 1e9, SchedulerBenchmark.cpuNanos() - cpu0);
    } finally {
      s.shutdown(true);
    }
  }

  private static int pending(DataSource ds, String name) throws SQLException {
    try (Connection c = ds.getConnection();
        var ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ?)"
            + " + (SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ?)")) {
      ps.setString(1, name);
      ps.setString(2, name);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private record Provider(DataSource ds) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return ds.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
