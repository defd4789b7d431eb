package dev.adf.orchestrator.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The thin Quartz adapter: a persistent Quartz scheduler (JDBC job store in the orchestrator's own
 * database) whose one job runs a scheduling pass every {@code passInterval} and whenever
 * {@link #triggerNow()} asks. The pass itself is plain code ({@link SchedulingPass}) and never
 * depends on Quartz.
 */
public final class QuartzDriver implements PassDriver {
  /** Default time between two scheduling passes. */
  public static final Duration DEFAULT_PASS_INTERVAL = Duration.ofSeconds(1);

  private static final String DATA_SOURCE = "adf";
  private static final String PASS_KEY = "adf.pass";
  private static final JobKey JOB = JobKey.jobKey("scheduling-pass", "adf");

  private final Scheduler scheduler;

  /**
   * @param dataSource the orchestrator's database (holds the QRTZ_ tables)
   * @param quartzProperties extra Quartz settings (from {@code conf/quartz.properties}); the job
   *     store and data source are set here
   * @param pass what each firing runs; exceptions are logged by Quartz and the next firing goes on
   * @throws SchedulerException when Quartz cannot start on the database
   */
  public QuartzDriver(
      DataSource dataSource, Properties quartzProperties, Duration passInterval, Runnable pass)
      throws SchedulerException {
    DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new Provider(dataSource));
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "adf-orchestrator");
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
    p.putAll(quartzProperties);
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.putIfAbsent("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    StdSchedulerFactory factory = new StdSchedulerFactory(p);
    scheduler = factory.getScheduler();
    scheduler.getContext().put(PASS_KEY, (Consumer<Void>) v -> pass.run());
    JobDetail job = JobBuilder.newJob(PassJob.class).withIdentity(JOB).storeDurably().build();
    Trigger trigger = TriggerBuilder.newTrigger()
        .withIdentity("every-" + passInterval.toMillis() + "ms", "adf")
        .forJob(JOB)
        .startNow()
        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(passInterval.toMillis())
            .repeatForever()
            .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
    scheduler.clear();
    scheduler.scheduleJob(job, Set.of(trigger), true);
  }

  /** Starts firing passes. */
  @Override
  public void start() throws SchedulerException {
    scheduler.start();
  }

  /** Asks for a pass as soon as possible (after an attempt ended). */
  @Override
  public void triggerNow() {
    try {
      if (!scheduler.isShutdown()) {
        scheduler.triggerJob(JOB);
      }
    } catch (SchedulerException e) {
      org.slf4j.LoggerFactory.getLogger(QuartzDriver.class).warn("could not trigger a pass: {}", e.getMessage());
    }
  }

  /** Stops firing and waits for a running pass to end. */
  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      org.slf4j.LoggerFactory.getLogger(QuartzDriver.class).warn("Quartz shutdown: {}", e.getMessage());
    }
  }

  /** The Quartz job: runs one pass; never two at once. */
  @DisallowConcurrentExecution
  public static final class PassJob implements Job {
    @Override
    @SuppressWarnings("unchecked")
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        ((Consumer<Void>) context.getScheduler().getContext().get(PASS_KEY)).accept(null);
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(QuartzDriver.class).error("scheduling pass failed", e);
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
