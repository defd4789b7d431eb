package dev.adf.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The embedded compute engine: runs each job on its own thread inside this JVM.
 *
 * <ul>
 *   <li><b>Jobs</b>: a built-in job name or alias ({@link BuiltInJobs}), else a class implementing
 *       {@link EngineJob} loaded by name from the submitting thread's context class loader.
 *   <li><b>Slots</b>: at most {@code maxConcurrentJobs} jobs run at once; the rest wait in SUBMITTED,
 *       first come first served, at most {@code maxQueueWait} (zero = no limit) before FAILED.
 *   <li><b>Files</b>: each job has {@code <workRoot>/<jobId>/} with {@code job.log} (everything the job
 *       prints to {@link JobContext#log()} and a last line with the outcome and any stack trace),
 *       {@code state.log} and {@code job.properties}. Ids look like {@code job-20151116000001-9f2c41d7}.
 *   <li><b>Restart</b>: a new engine on the same work root knows the earlier jobs and their
 *       idempotency keys; jobs that were not terminal (their thread died with the JVM) become LOST.
 *   <li><b>Kill</b>: stop flag + interrupt, wait {@code grace}, then {@code Thread.stop()} (still works
 *       on Java 17; issue #5 moves jobs to child JVMs for a real process kill).
 * </ul>
 *
 * <p>All state changes go through {@link JobState#transitionTo}, stamped by the injected clock.
 * Thread-safe.
 */
public final class InProcessEngine implements ComputeEngine {

  /** Default number of jobs running at once. */
  public static final int DEFAULT_MAX_CONCURRENT_JOBS = 4;

  /** Default longest wait for a slot: zero, meaning no limit. */
  public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ZERO;

  /** Grace given to each running job by {@link #close()}. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

  /** How long a forced stop may take before the job is declared LOST. */
  static final Duration FORCE_LIMIT = Duration.ofSeconds(10);

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final Path workRoot;
  private final Clock clock;
  private final Semaphore slots;
  private final Duration maxQueueWait;
  private final JobJournal journal = new JobJournal();
  private final Map<JobId, JobRecord> jobs = new ConcurrentHashMap<>();
  private final Map<String, JobId> byIdempotencyKey = new HashMap<>();
  private final Object submitLock = new Object();
  private int lastNumber;
  private volatile boolean closed;

  /**
   * An engine with no queue-wait limit.
   *
   * @param workRoot folder of the jobs' work directories (created when missing)
   * @param clock the source of every recorded time
   * @param maxConcurrentJobs jobs running at once (at least 1)
   * @throws UncheckedIOException when the work root cannot be created or read
   */
  public InProcessEngine(Path workRoot, Clock clock, int maxConcurrentJobs) {
    this(builder(workRoot).clock(clock).maxConcurrentJobs(maxConcurrentJobs));
  }

  private InProcessEngine(Builder b) {
    b.validate();
    this.workRoot = b.workRoot.toAbsolutePath().normalize();
    this.clock = b.clock;
    this.slots = new Semaphore(b.maxConcurrentJobs, true);
    this.maxQueueWait = b.maxQueueWait;
    try {
      Files.createDirectories(workRoot);
      recover();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use engine work root " + workRoot, e);
    }
  }

  public static Builder builder(Path workRoot) {
    return new Builder(workRoot);
  }

  @Override
  public JobId submit(JobSpec spec) {
    synchronized (submitLock) {
      if (closed) {
        throw new IllegalStateException("engine is closed");
      }
      JobId existing = byIdempotencyKey.get(spec.idempotencyKey());
      if (existing != null) {
        return existing;
      }
      JobRunner.JobFactory factory = resolve(spec.mainClass());
      try {
        Path dir = newJobDir();
        JobId id = new JobId(dir.getFileName().toString());
        int number = ++lastNumber;
        journal.create(dir, id, number, spec);
        JobRecord r = new JobRecord(id, number, spec.name(), spec.idempotencyKey(), dir, journal, List.of(), null);
        r.transitionFirst(clock.instant());
        Files.writeString(r.logFile, "submitted " + spec + "\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
        jobs.put(id, r);
        byIdempotencyKey.put(spec.idempotencyKey(), id);
        Thread t = new Thread(new JobRunner(r, factory, spec, slots, maxQueueWait, clock), "adf-job-" + id);
        t.setDaemon(true);
        r.thread = t;
        t.start();
        return id;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the work directory of job '" + spec.name() + "' in " + workRoot, e);
      }
    }
  }

  @Override
  public JobStatus status(JobId id) {
    return record(id).snapshot();
  }

  /** The job's state changes so far, oldest first. */
  public List<StateChange> history(JobId id) {
    return record(id).history();
  }

  @Override
  public List<JobStatus> jobs() {
    List<JobStatus> all = new ArrayList<>();
    jobs.values().forEach(r -> all.add(r.snapshot()));
    all.sort(java.util.Comparator.comparingInt(JobStatus::number));
    return all;
  }

  /** The job's work directory. */
  public Path workDir(JobId id) {
    return record(id).workDir;
  }

  @Override
  public JobStatus await(JobId id, Duration maxWait) throws InterruptedException {
    JobRecord r = record(id);
    r.awaitTerminal(JobRecord.toNanos(maxWait));
    return r.snapshot();
  }

  /**
   * Waits until the job is in {@code state}, or terminal, or {@code maxWait} has passed.
   *
   * @return the status at return
   */
  public JobStatus awaitState(JobId id, JobState state, Duration maxWait) throws InterruptedException {
    JobRecord r = record(id);
    r.awaitState(state, JobRecord.toNanos(maxWait));
    return r.snapshot();
  }

  @Override
  @SuppressWarnings("removal")
  public JobStatus kill(JobId id, Duration grace) throws InterruptedException {
    JobRecord r = record(id);
    if (!r.requestKill()) {
      return r.snapshot();
    }
    Thread t = r.thread;
    if (t != null) {
      t.interrupt();
      t.join(Math.max(1, grace.toMillis()));
      long deadline = System.nanoTime() + FORCE_LIMIT.toNanos();
      while (t.isAlive() && System.nanoTime() < deadline) {
        // Java 17 still honours Thread.stop(); issue #5 moves jobs to child JVMs for a real kill.
        t.stop();
        t.join(200);
      }
      if (t.isAlive()) {
        r.transition(JobState.LOST, clock.instant(), null,
            "job thread did not end within " + FORCE_LIMIT + " of a forced stop");
        return r.snapshot();
      }
    }
    if (r.transition(JobState.KILLED, clock.instant(), null, "killed on request after a forced stop")) {
      JobRunner.closeLog(r);
    }
    if (r.permitHeld.getAndSet(false)) {
      slots.release();
    }
    return r.snapshot();
  }

  @Override
  public String log(JobId id) throws IOException {
    return Files.readString(record(id).logFile, StandardCharsets.UTF_8);
  }

  /** Kills every job that is not terminal (grace {@link #DEFAULT_CLOSE_GRACE}); later submits fail. */
  @Override
  public void close() {
    synchronized (submitLock) {
      closed = true;
    }
    boolean interrupted = false;
    for (JobRecord r : jobs.values()) {
      if (!r.state().isTerminal()) {
        try {
          kill(r.id, DEFAULT_CLOSE_GRACE);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private JobRecord record(JobId id) {
    JobRecord r = jobs.get(id);
    if (r == null) {
      throw new NoSuchElementException("no job " + id + " in the engine at " + workRoot);
    }
    return r;
  }

  private static JobRunner.JobFactory resolve(String mainClass) {
    Optional<Supplier<EngineJob>> builtIn = BuiltInJobs.find(mainClass);
    if (builtIn.isPresent()) {
      return builtIn.get()::get;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = InProcessEngine.class.getClassLoader();
    }
    Class<?> c;
    try {
      c = Class.forName(mainClass, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnknownJobClassException(mainClass);
    }
    if (!EngineJob.class.isAssignableFrom(c)) {
      throw new UnknownJobClassException(mainClass);
    }
    Class<? extends EngineJob> jobClass = c.asSubclass(EngineJob.class);
    return () -> jobClass.getDeclaredConstructor().newInstance();
  }

  private Path newJobDir() throws IOException {
    while (true) {
      String id = "job-" + ID_TIME.format(clock.instant()) + "-"
          + String.format("%08x", ThreadLocalRandom.current().nextInt());
      try {
        return Files.createDirectory(workRoot.resolve(id));
      } catch (FileAlreadyExistsException taken) {
        // try another random suffix
      }
    }
  }

  private void recover() throws IOException {
    for (JobJournal.Recovered found : journal.recover(workRoot)) {
      JobRecord r = new JobRecord(found.id(), found.number(), found.name(), found.idempotencyKey(),
          found.workDir(), journal, found.history(), found.exitCode());
      lastNumber = Math.max(lastNumber, found.number());
      JobState was = r.state();
      if (!was.isTerminal()) {
        r.transition(JobState.LOST, clock.instant(), null,
            "the engine restarted while the job was " + was + "; in-process jobs do not survive a restart");
      }
      jobs.put(r.id, r);
      if (found.idempotencyKey() != null) {
        byIdempotencyKey.put(found.idempotencyKey(), r.id);
      }
    }
  }

  /** Options of an {@link InProcessEngine}, validated at {@link #build()}. */
  public static final class Builder {
    private final Path workRoot;
    private Clock clock = Clock.systemUTC();
    private int maxConcurrentJobs = DEFAULT_MAX_CONCURRENT_JOBS;
    private Duration maxQueueWait = DEFAULT_MAX_QUEUE_WAIT;

    private Builder(Path workRoot) {
      this.workRoot = java.util.Objects.requireNonNull(workRoot, "workRoot");
    }

    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder maxConcurrentJobs(int maxConcurrentJobs) {
      this.maxConcurrentJobs = maxConcurrentJobs;
      return this;
    }

    /** Longest wait in SUBMITTED for a slot before the job FAILs; zero means no limit. */
    public Builder maxQueueWait(Duration maxQueueWait) {
      this.maxQueueWait = java.util.Objects.requireNonNull(maxQueueWait, "maxQueueWait");
      return this;
    }

    /**
     * @throws IllegalArgumentException when maxConcurrentJobs is below 1 or maxQueueWait negative
     * @throws UncheckedIOException when the work root cannot be created or read
     */
    public InProcessEngine build() {
      return new InProcessEngine(this);
    }

    private void validate() {
      if (maxConcurrentJobs < 1) {
        throw new IllegalArgumentException("maxConcurrentJobs must be at least 1, got " + maxConcurrentJobs);
      }
      if (maxQueueWait.isNegative()) {
        throw new IllegalArgumentException("maxQueueWait must not be negative, got " + maxQueueWait);
      }
    }
  }
}
