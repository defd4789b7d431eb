package dev.adf.orchestrator.schedule;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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

/**
 * The thin Quartz adapter on the embedded store: an in-memory Quartz scheduler ({@code RAMJobStore})
 * whose one job runs a scheduling pass every {@code passInterval} and whenever {@link #triggerNow()}
 * asks. The pass itself is plain code ({@link SchedulingPass}) and never depends on Quartz.
 *
 * <p>Why in memory: every fact a pass acts on is in the orchestrator's store (windows, attempts,
 * slices); the pass trigger itself holds none, and was cleared at every start when it lived in the
 * database. With Quartz's JDBC job store each firing cost five durable commits of Quartz's own
 * ({@code triggersFired}, {@code triggeredJobComplete}, the blocked-state updates of a
 * {@link DisallowConcurrentExecution} job): 38 % of the orchestrator's CPU in a 1,000-window backfill
 * (docs/BENCHMARKS.md, issue 15). Requests for a pass are coalesced: while one is pending, asking
 * again adds nothing, and a request that arrives while a pass runs gives exactly one more pass after
 * it, so no attempt's end goes unseen.
 */
public final class QuartzDriver implements PassDriver {
  /** Default time between two scheduling passes. */
  public static final Duration DEFAULT_PASS_INTERVAL = Duration.ofSeconds(1);

  private static final String PASS_KEY = "adf.pass";
  private static final String PENDING_KEY = "adf.pending";
  private static final JobKey JOB = JobKey.jobKey("scheduling-pass", "adf");

  private final Scheduler scheduler;
  private final AtomicBoolean pending = new AtomicBoolean();
  /** Held by a running pass; {@link #close} takes it to wait for that pass. */
  private final ReentrantLock passing = new ReentrantLock();
  private volatile boolean closed;

  /**
   * @param quartzProperties extra Quartz settings (from {@code conf/quartz.properties}); the job
   *     store is set here (in memory)
   * @param pass what each firing runs; exceptions are logged and the next firing goes on
   * @throws SchedulerException when Quartz cannot start
   */
  public QuartzDriver(Properties quartzProperties, Duration passInterval, Runnable pass) throws SchedulerException {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "adf-orchestrator");
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
    p.putAll(quartzProperties);
    p.entrySet().removeIf(e -> e.getKey().toString().startsWith("org.quartz.jobStore.")
        && !e.getKey().equals("org.quartz.jobStore.misfireThreshold"));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    StdSchedulerFactory factory = new StdSchedulerFactory(p);
    scheduler = factory.getScheduler();
    scheduler.getContext().put(PASS_KEY, (Consumer<Void>) v -> {
      passing.lock();
      try {
        if (!closed) {
          pass.run();
        }
      } finally {
        passing.unlock();
      }
    });
    scheduler.getContext().put(PENDING_KEY, pending);
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
    scheduler.scheduleJob(job, Set.of(trigger), true);
  }

  /** Starts firing passes. */
  @Override
  public void start() throws SchedulerException {
    scheduler.start();
  }

  /** Asks for a pass as soon as possible (after an attempt ended); nothing more while one is pending. */
  @Override
  public void triggerNow() {
    if (!pending.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!scheduler.isShutdown()) {
        scheduler.triggerJob(JOB);
      }
    } catch (SchedulerException e) {
      pending.set(false);
      org.slf4j.LoggerFactory.getLogger(QuartzDriver.class).warn("could not trigger a pass: {}", e.getMessage());
    }
  }

  /**
   * Stops firing and waits for a running pass to end; no pass runs after this returns.
   *
   * <p>Not {@code Scheduler.shutdown(true)}: that joins Quartz's worker threads, which only see the
   * shutdown when their {@code wait(500)} for work times out, so every {@code adf run --until-idle}
   * ended half a second after its last window (measured, docs/BENCHMARKS.md, issue 15). A firing
   * already handed to a worker when this runs finds the driver closed and does nothing.
   */
  @Override
  public void close() {
    try {
      scheduler.standby();
      passing.lock();
      try {
        closed = true;
      } finally {
        passing.unlock();
      }
      scheduler.shutdown(false);
    } catch (SchedulerException e) {
      org.slf4j.LoggerFactory.getLogger(QuartzDriver.class).warn("Quartz shutdown: {}", e.getMessage());
    }
  }

  /** The Quartz job: runs one pass; never two at once. A request made from here on gives another pass. */
  @DisallowConcurrentExecution
  public static final class PassJob implements Job {
    @Override
    @SuppressWarnings("unchecked")
    public void execute(JobExecutionContext context) throws JobExecutionException {
      try {
        ((AtomicBoolean) context.getScheduler().getContext().get(PENDING_KEY)).set(false);
        ((Consumer<Void>) context.getScheduler().getContext().get(PASS_KEY)).accept(null);
      } catch (SchedulerException e) {
        throw new JobExecutionException(e);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(QuartzDriver.class).error("scheduling pass failed", e);
      }
    }
  }
}
