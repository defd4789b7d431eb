package dev.adf.engine;

import dev.adf.engine.child.ChildFiles;
import dev.adf.engine.child.ChildJob;
import dev.adf.engine.child.JobMain;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The built-in compute engine: like a Spark standalone master and worker in one, it queues jobs and
 * runs each one in its own child JVM.
 *
 * <ul>
 *   <li><b>Capacity</b>: the engine has {@code cores} and {@code memoryMiB}; each job takes {@link
 *       JobResources#of its resources} from its conf. A job that needs more than the engine has in all
 *       is refused at submit ({@link JobTooLargeException}). Others wait SUBMITTED in a <b>strict FIFO
 *       queue</b>: the head job, until it fits, blocks the jobs behind it, and {@link
 *       JobStatus#waitingFor()} says what it waits for.
 *   <li><b>Jars</b>: a job whose main class is built in or on the engine's classpath runs without
 *       its {@link JobSpec#jars()} (the Spark sample names a jar the copy job does not need); any other
 *       job's jars are fetched in STARTING (see {@link JarFetcher}) and put on its classpath.
 *   <li><b>Life</b>: SUBMITTED (queued) → STARTING (jars fetched, JVM starting) → RUNNING (the child
 *       wrote {@link ChildFiles#STARTED}: it is about to call the job) → SUCCEEDED | FAILED (by exit
 *       code) | KILLED | LOST.
 *   <li><b>Child JVM</b>: {@code java -Xmx<memory>m -XX:ActiveProcessorCount=<cores>
 *       -XX:+ExitOnOutOfMemoryError … -cp <base classpath>:<job jars> }{@link JobMain}, in {@code
 *       <workRoot>/<jobId>/} with its {@code stdout} and {@code stderr} files; the job (args and conf,
 *       which hold secrets) goes over its stdin only. See {@link JobMain} for exit codes.
 *   <li><b>Files</b>: besides the child's files, each job folder has the journal ({@code
 *       job.properties}, {@code state.log}, {@code process.properties}; never conf or args) and the
 *       engine's event log {@code engine.log}. Ids look like {@code job-20151116000001-9f2c41d7}.
 *   <li><b>Kill</b>: a queued job leaves the queue; a started one gets SIGTERM (the child sets the
 *       stop flag and interrupts the job), then after the grace its whole process tree is killed
 *       forcibly; KILLED is recorded once the processes are gone.
 *   <li><b>Restart</b>: a new engine on the same work root re-attaches to jobs whose JVM still lives
 *       (same pid and start instant) and counts their resources as used; jobs whose JVM is gone end by
 *       their {@code exit} file, else LOST; queued jobs become LOST. Idempotency keys survive.
 * </ul>
 *
 * <p>Every state change is stamped by the injected clock. Thread-safe.
 */
public final class BuiltInEngine implements ComputeEngine {

  /** Grace given to each running job by {@link #close()}. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);

  /**
   * JVM options every child gets after its {@code -Xmx} and {@code -XX:ActiveProcessorCount} and
   * before the builder's extra options. Children with at most {@link #SERIAL_GC_MAX_HEAP_MIB} MiB of
   * heap also get {@code -XX:+UseSerialGC} (what the JVM picks by itself below that size on one core).
   */
  public static final List<String> DEFAULT_CHILD_JVM_OPTIONS =
      List.of("-XX:+ExitOnOutOfMemoryError", "-Xshare:auto");

  /** How long an idle warm executor JVM lives on by default. */
  public static final Duration DEFAULT_EXECUTOR_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Largest child heap, in MiB, that runs with the serial collector. */
  public static final long SERIAL_GC_MAX_HEAP_MIB = 1792;

  /** How long a forcibly killed process tree may take to disappear before the job is declared LOST. */
  static final Duration FORCE_LIMIT = Duration.ofSeconds(10);

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final Path workRoot;
  private final Clock clock;
  private final int cores;
  private final long memoryMiB;
  private final String javaExecutable;
  private final String baseClasspath;
  private final List<String> jvmOptions;
  private final Set<String> warmJobs;
  private final JobJournal journal = new JobJournal();
  private final Map<JobId, JobRecord> jobs = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "adf-engine-worker");
    t.setDaemon(true);
    return t;
  });
  private final StartWatcher startWatcher;
  /** Warm executor JVMs for built-in jobs, or null when every job gets a JVM of its own. */
  private final WarmExecutors executors;

  // Guarded by lock: the queue, the capacity in use, the idempotency index, the job numbers.
  private final Object lock = new Object();
  private final ArrayDeque<JobRecord> queue = new ArrayDeque<>();
  private final Map<String, JobId> byIdempotencyKey = new HashMap<>();
  private int usedCores;
  private long usedMemoryMiB;
  private int lastNumber;
  private volatile boolean closed;
  private volatile boolean detached;

  /**
   * An engine with the default memory ({@link Builder#memoryMiB}) and child JVM.
   *
   * @param workRoot folder of the jobs' work directories (created when missing)
   * @param clock the source of every recorded time
   * @param cores cores the engine hands out to jobs (at least 1)
   * @throws UncheckedIOException when the work root cannot be created or read
   */
  public BuiltInEngine(Path workRoot, Clock clock, int cores) {
    this(builder(workRoot).clock(clock).cores(cores));
  }

  private BuiltInEngine(Builder b) {
    b.validate();
    this.workRoot = b.workRoot.toAbsolutePath().normalize();
    this.clock = b.clock;
    this.cores = b.cores;
    this.memoryMiB = b.memoryMiB;
    this.javaExecutable = b.javaExecutable;
    this.baseClasspath = absolute(b.baseClasspath);
    this.jvmOptions = List.copyOf(b.jvmOptions);
    this.warmJobs = Set.copyOf(b.warmJobs);
    try {
      Files.createDirectories(workRoot);
      this.startWatcher = new StartWatcher(this::started);
      this.executors = b.warmExecutors
          ? new WarmExecutors(workRoot, this::executorCommand, new ExecutorEvents(), b.cores, b.executorIdleTimeout,
              ExecutorClassData.in(b.classDataDir))
          : null;
      recover();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use engine work root " + workRoot, e);
    }
  }

  public static Builder builder(Path workRoot) {
    return new Builder(workRoot);
  }

  /** Cores the engine hands out in all. */
  public int cores() {
    return cores;
  }

  /** Memory (child heaps) the engine hands out in all, in MiB. */
  public long memoryMiB() {
    return memoryMiB;
  }

  /**
   * {@inheritDoc}
   *
   * @throws JobTooLargeException when the job needs more cores or memory than the engine has in all
   * @throws IllegalArgumentException when the conf's cores or memory are malformed (naming key and value)
   * @throws IllegalStateException when the engine is closed
   */
  @Override
  public JobId submit(JobSpec spec) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("engine is closed");
      }
      JobId existing = byIdempotencyKey.get(spec.idempotencyKey());
      if (existing != null) {
        return existing;
      }
      JobResources res = JobResources.of(spec);
      if (res.cores() > cores || res.memoryMiB() > memoryMiB) {
        throw new JobTooLargeException(spec.name(), res, cores, memoryMiB);
      }
      boolean needsJars = !resolvesLocally(spec);
      try {
        Path dir = newJobDir();
        JobId id = new JobId(dir.getFileName().toString());
        int number = ++lastNumber;
        journal.create(dir, id, number, spec, res);
        JobRecord r = new JobRecord(id, number, spec.name(), spec.idempotencyKey(), dir, res, journal, List.of(), null);
        r.pendingSpec = spec;
        r.fetchJars = needsJars;
        r.transitionFirst(clock.instant());
        journal.event(dir, clock.instant(), "submitted " + spec + " needing " + res);
        jobs.put(id, r);
        byIdempotencyKey.put(spec.idempotencyKey(), id);
        queue.addLast(r);
        dispatch();
        return id;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the work directory of job '" + spec.name() + "' in " + workRoot, e);
      }
    }
  }

  @Override
  public JobStatus status(JobId id) {
    JobRecord r = record(id);
    synchronized (lock) {
      return r.snapshot(waitingFor(r));
    }
  }

  /** The job's state changes so far, oldest first. */
  public List<StateChange> history(JobId id) {
    return record(id).history();
  }

  @Override
  public List<JobStatus> jobs() {
    List<JobStatus> all = new ArrayList<>();
    synchronized (lock) {
      jobs.values().forEach(r -> all.add(r.snapshot(waitingFor(r))));
    }
    all.sort(Comparator.comparingInt(JobStatus::number));
    return all;
  }

  /** The job's work directory. */
  public Path workDir(JobId id) {
    return record(id).workDir;
  }

  /** The pid of the job's child JVM, or -1 when none was started. */
  public long pid(JobId id) {
    JobRecord r = record(id);
    synchronized (r) {
      return r.process == null ? -1 : r.process.pid();
    }
  }

  @Override
  public JobStatus await(JobId id, Duration maxWait) throws InterruptedException {
    JobRecord r = record(id);
    r.awaitTerminal(JobRecord.toNanos(maxWait));
    return status(id);
  }

  /**
   * Waits until the job is in {@code state}, or terminal, or {@code maxWait} has passed.
   *
   * @return the status at return
   */
  public JobStatus awaitState(JobId id, JobState state, Duration maxWait) throws InterruptedException {
    JobRecord r = record(id);
    r.awaitState(state, JobRecord.toNanos(maxWait));
    return status(id);
  }

  /**
   * {@inheritDoc} A queued job just leaves the queue. A started job gets SIGTERM; when its JVM has
   * not ended after {@code grace}, its descendants and then the JVM are killed forcibly. KILLED is
   * recorded (and capacity released) only once the JVM and every descendant seen are gone; LOST
   * when they outlive {@link #FORCE_LIMIT} after the forced kill.
   */
  @Override
  public JobStatus kill(JobId id, Duration grace) throws InterruptedException {
    JobRecord r = record(id);
    synchronized (lock) {
      if (r.state() == JobState.SUBMITTED && queue.remove(r)) {
        r.requestKill();
        finish(r, JobState.KILLED, null, "killed on request while queued");
        return status(id);
      }
    }
    ProcessHandle h;
    synchronized (r) {
      if (!r.requestKill()) {
        return status(id);
      }
      h = r.process;
    }
    if (h == null) { // STARTING, fetching jars: the launcher sees the request and starts no JVM
      finish(r, JobState.KILLED, null, "killed on request before its JVM started");
      return status(id);
    }
    Set<ProcessHandle> tree = new HashSet<>(h.descendants().toList());
    boolean interrupted = false;
    boolean forced = false;
    h.destroy();
    try {
      forced = !waitFor(h, grace);
    } catch (InterruptedException e) {
      interrupted = true;
      forced = true;
    }
    if (forced) {
      h.descendants().forEach(tree::add);
      tree.forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
    }
    tree.forEach(ProcessHandle::destroyForcibly); // what a cooperative stop left behind
    boolean gone = waitForUninterruptibly(h) & tree.stream().allMatch(BuiltInEngine::waitForUninterruptibly);
    if (gone) {
      finish(r, JobState.KILLED, null, forced
          ? "killed on request: forced after a grace of " + grace.toMillis() + " ms"
          : "killed on request: stopped within the grace of " + grace.toMillis() + " ms");
    } else {
      finish(r, JobState.LOST, null, "process " + h.pid() + " or a descendant did not end within "
          + FORCE_LIMIT.toSeconds() + " s of a forced kill");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedException("interrupted while killing job " + id + "; it was killed forcibly");
    }
    return status(id);
  }

  /**
   * The job's output so far: its stdout, then its stderr (after a {@code --- stderr ---} line),
   * then the engine's events for it (after {@code --- engine ---}).
   */
  @Override
  public String log(JobId id) throws IOException {
    JobRecord r = record(id);
    StringBuilder b = new StringBuilder(read(r.workDir.resolve(ChildFiles.STDOUT)));
    String err = read(r.workDir.resolve(ChildFiles.STDERR));
    if (!err.isEmpty()) {
      b.append(b.length() == 0 || b.charAt(b.length() - 1) == '\n' ? "" : "\n").append("--- stderr ---\n").append(err);
    }
    b.append(b.length() == 0 || b.charAt(b.length() - 1) == '\n' ? "" : "\n").append("--- engine ---\n")
        .append(read(r.workDir.resolve(JobJournal.EVENT_FILE)));
    return b.toString();
  }

  /**
   * Kills every job that is not terminal (queued ones leave the queue; started ones get the grace
   * {@link #DEFAULT_CLOSE_GRACE}, all at once) and stops the engine's threads; later submits fail.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    List<java.util.concurrent.Future<?>> kills = new ArrayList<>();
    for (JobRecord r : jobs.values()) {
      if (!r.state().isTerminal()) {
        kills.add(workers.submit(() -> kill(r.id, DEFAULT_CLOSE_GRACE)));
      }
    }
    boolean interrupted = false;
    for (var k : kills) {
      try {
        k.get();
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        // the job's state says what happened
      }
    }
    startWatcher.close();
    if (executors != null) {
      executors.close();
    }
    workers.shutdown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops this engine without touching its jobs, as a crash would: running child JVMs keep running,
   * queued jobs stay SUBMITTED on disk, and this engine records nothing more. A new engine on the
   * same work root re-attaches to them.
   */
  public void closeLeavingJobsRunning() {
    synchronized (lock) {
      closed = true;
      detached = true;
    }
    startWatcher.close();
    if (executors != null) {
      executors.close(); // as a crash would: stdin closed, a busy executor ends after its job
    }
    workers.shutdown();
  }

  // ---- queue and capacity ----

  /** Starts queued jobs from the head while the head fits (strict FIFO). Holds {@code lock}. */
  private void dispatch() {
    while (!queue.isEmpty() && !detached) {
      JobRecord head = queue.peekFirst();
      if (head.state().isTerminal()) {
        queue.pollFirst();
        continue;
      }
      JobResources res = head.resources;
      if (res.cores() > cores - usedCores || res.memoryMiB() > memoryMiB - usedMemoryMiB) {
        return;
      }
      queue.pollFirst();
      reserve(head);
      head.transition(JobState.STARTING, clock.instant(), null, null);
      JobSpec spec = head.pendingSpec;
      head.pendingSpec = null;
      execute(() -> launch(head, spec));
    }
  }

  private void reserve(JobRecord r) {
    if (!r.holdsCapacity.getAndSet(true)) {
      usedCores += r.resources.cores();
      usedMemoryMiB += r.resources.memoryMiB();
    }
  }

  /** Records a terminal state, releases the job's capacity (once) and starts what now fits. */
  private void finish(JobRecord r, JobState end, Integer exit, String error) {
    if (detached) {
      return;
    }
    if (end.isSuccessful() && r.state() == JobState.STARTING) {
      r.transitionFrom(JobState.STARTING, JobState.RUNNING, clock.instant());
    }
    r.transition(end, clock.instant(), exit, error);
    r.pendingSpec = null;
    synchronized (lock) {
      if (r.holdsCapacity.getAndSet(false)) {
        usedCores -= r.resources.cores();
        usedMemoryMiB -= r.resources.memoryMiB();
      }
      dispatch();
    }
  }

  /** What a queued job waits for, or null. Holds {@code lock}. */
  private String waitingFor(JobRecord r) {
    if (r.state() != JobState.SUBMITTED) {
      return null;
    }
    int ahead = 0;
    for (JobRecord q : queue) {
      if (q == r) {
        return r.resources + "; " + JobResources.describe(cores - usedCores, memoryMiB - usedMemoryMiB) + " free; "
            + ahead + (ahead == 1 ? " job" : " jobs") + " ahead";
      }
      ahead++;
    }
    return null;
  }

  // ---- child JVMs ----

  /** Fetches the jars and starts the JVM, unless the job was killed (or the engine detached) meanwhile. */
  private void launch(JobRecord r, JobSpec spec) {
    if (executors != null && (BuiltInJobs.find(spec.mainClass()).isPresent() || warmJobs.contains(spec.mainClass()))) {
      launchWarm(r, spec);
      return;
    }
    try {
      List<Path> jars = r.fetchJars ? JarFetcher.fetch(spec, r.workDir) : List.of();
      List<String> command = command(r, jars);
      ProcessBuilder pb = new ProcessBuilder(command).directory(r.workDir.toFile())
          .redirectOutput(ProcessBuilder.Redirect.appendTo(r.workDir.resolve(ChildFiles.STDOUT).toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(r.workDir.resolve(ChildFiles.STDERR).toFile()));
      Process p;
      synchronized (r) {
        if (r.killRequested() || detached || r.state().isTerminal()) {
          return;
        }
        p = pb.start();
        r.process = p.toHandle();
      }
      journal.recordProcess(r.workDir, p.toHandle());
      journal.event(r.workDir, clock.instant(), "started JVM pid " + p.pid() + ": "
          + String.join(" ", command.subList(0, command.size() - 2)).replace(classpath(jars), "<classpath>") + " "
          + JobMain.class.getName());
      startWatcher.watch(r);
      try (OutputStream in = p.getOutputStream()) {
        new ChildJob(r.id.value(), spec.mainClass(), spec.args(), spec.conf()).writeTo(in);
      } catch (IOException e) {
        // the JVM ended before reading its job; its exit is reported below
      }
      p.onExit().thenRun(() -> execute(() -> exited(r, p.exitValue())));
    } catch (JarFetcher.FetchException e) {
      finish(r, JobState.FAILED, null, e.getMessage());
    } catch (IOException | RuntimeException e) {
      finish(r, JobState.FAILED, null, "cannot start the job's JVM: " + e);
    }
  }

  /**
   * Runs a built-in job in a warm executor JVM (a new one when none with the job's heap and cores is
   * idle). The executor keeps {@link JobMain}'s file contract in the job's folder; it reports the start
   * and the end over its control channel, and a JVM that ends mid-job is reported by its exit.
   */
  private void launchWarm(JobRecord r, JobSpec spec) {
    try {
      synchronized (r) {
        if (r.killRequested() || detached || r.state().isTerminal()) {
          return;
        }
        // Held while the job is handed over, so that a kill sees the executor's process (or no process).
        ProcessHandle h = executors.run(r, new ChildJob(r.id.value(), spec.mainClass(), spec.args(), spec.conf()),
            text -> journal.event(r.workDir, clock.instant(), text));
        r.process = h;
        journal.recordProcess(r.workDir, h);
      }
    } catch (IOException | RuntimeException e) {
      finish(r, JobState.FAILED, null, "cannot start the job's executor JVM: " + e);
    }
  }

  /** The command line of a warm executor with the given heap and cores. */
  private List<String> executorCommand(WarmExecutors.Key key) {
    List<String> c = jvm(key.memoryMiB(), key.cores());
    c.add("-XX:+DisplayVMOutputToStderr"); // the JVM's own messages must not reach the control channel
    c.add("-cp");
    c.add(baseClasspath);
    c.add(dev.adf.engine.child.ExecutorMain.class.getName());
    c.add("executor");
    return c;
  }

  /** What the warm executors report, turned into the jobs' states. */
  private final class ExecutorEvents implements WarmExecutors.Events {
    @Override
    public void started(JobRecord r) {
      BuiltInEngine.this.started(r);
    }

    @Override
    public boolean ended(JobRecord r, int code, Runnable handBack) {
      synchronized (r) { // against kill(): a job whose kill is under way is recorded by the kill
        if (detached || r.killRequested() || r.state().isTerminal()) {
          return false;
        }
        handBack.run();
        if (!Files.isDirectory(r.workDir)) {
          finish(r, JobState.FAILED, code, folderDeleted(r));
          return true;
        }
        finish(r, code == 0 ? JobState.SUCCEEDED : JobState.FAILED, code, code == 0 ? null : "job exited with code " + code);
        return true;
      }
    }

    @Override
    public void exited(JobRecord r, int exitValue, String executorTail) {
      if (!executorTail.isBlank() && ChildFiles.readExit(r.workDir).isEmpty()) {
        try {
          Files.writeString(r.workDir.resolve(ChildFiles.STDERR), "--- executor JVM ---\n" + executorTail,
              StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
          // the reason below still names the exit value
        }
      }
      execute(() -> BuiltInEngine.this.exited(r, exitValue));
    }
  }

  private List<String> command(JobRecord r, List<Path> jars) {
    List<String> c = jvm(r.resources.memoryMiB(), r.resources.cores());
    c.add("-cp");
    c.add(classpath(jars));
    c.add(JobMain.class.getName());
    c.add(r.id.value()); // for ps; the job itself comes over stdin
    return c;
  }

  /** The java executable and JVM options of a child with the given heap (MiB) and cores. */
  private List<String> jvm(long memoryMiB, int cores) {
    List<String> c = new ArrayList<>();
    c.add(javaExecutable);
    c.add("-Xmx" + memoryMiB + "m");
    c.add("-XX:ActiveProcessorCount=" + cores);
    c.addAll(DEFAULT_CHILD_JVM_OPTIONS);
    if (memoryMiB <= SERIAL_GC_MAX_HEAP_MIB) {
      c.add("-XX:+UseSerialGC");
    }
    c.addAll(jvmOptions);
    return c;
  }

  private String classpath(List<Path> jars) {
    StringBuilder cp = new StringBuilder(baseClasspath);
    for (Path j : jars) {
      cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(j);
    }
    return cp.toString();
  }

  private void started(JobRecord r) {
    if (!detached) {
      r.transitionFrom(JobState.STARTING, JobState.RUNNING, clock.instant());
    }
  }

  /**
   * The child JVM ended. {@code exitValue} is null for a re-attached JVM (not our child). A killed
   * job is recorded by {@link #kill}.
   */
  private void exited(JobRecord r, Integer exitValue) {
    if (detached || r.killRequested()) {
      return;
    }
    if (!Files.isDirectory(r.workDir)) {
      finish(r, JobState.FAILED, exitValue, folderDeleted(r));
      return;
    }
    if (Files.exists(r.workDir.resolve(ChildFiles.STARTED))) {
      started(r);
    }
    var outcome = ChildFiles.readExit(r.workDir);
    if (outcome.isPresent()) {
      int code = outcome.get().code();
      finish(r, code == 0 ? JobState.SUCCEEDED : JobState.FAILED, code,
          code == 0 ? null : outcome.get().error() != null ? outcome.get().error() : "job exited with code " + code);
    } else if (exitValue == null) {
      finish(r, JobState.LOST, null, "the job's JVM ended without recording an exit code");
    } else {
      finish(r, JobState.FAILED, exitValue, withoutExitFile(r, exitValue));
    }
  }

  /**
   * The reason of a job whose folder is gone when it ended: whatever the job returned, its log and
   * its recorded outcome ({@link ChildFiles#EXIT}, what a Copy reports) are lost, so it cannot count
   * as SUCCEEDED.
   */
  private String folderDeleted(JobRecord r) {
    return "the job's work folder " + r.workDir + " was deleted while the job ran (by something outside the"
        + " engine), so its log and outcome are lost; keep the engine's folder " + workRoot
        + " away from temp-file cleaners and run the job again";
  }

  /** Why a child that wrote no exit file ended: out of memory, a signal, or a JVM that did not start. */
  private static String withoutExitFile(JobRecord r, int exitValue) {
    String out = tail(r.workDir.resolve(ChildFiles.STDOUT)) + tail(r.workDir.resolve(ChildFiles.STDERR));
    if (out.contains("java.lang.OutOfMemoryError")) {
      return "the job ran out of memory (heap " + r.resources.memoryMiB() + " MiB); raise its conf driverMemory";
    }
    if (exitValue > 128) {
      return "the job's JVM was ended by signal " + (exitValue - 128) + " (exit code " + exitValue + ")";
    }
    return "job exited with code " + exitValue + " through System.exit or a JVM error (no outcome recorded); see its stderr";
  }

  // ---- restart ----

  private void recover() throws IOException {
    for (JobJournal.Recovered found : journal.recover(workRoot)) {
      JobRecord r = new JobRecord(found.id(), found.number(), found.name(), found.idempotencyKey(),
          found.workDir(), found.resources(), journal, found.history(), found.exitCode());
      lastNumber = Math.max(lastNumber, found.number());
      jobs.put(r.id, r);
      if (found.idempotencyKey() != null) {
        byIdempotencyKey.put(found.idempotencyKey(), r.id);
      }
      JobState was = r.state();
      if (was == JobState.SUBMITTED) {
        finish(r, JobState.LOST, null, "the engine restarted before it started the job");
      } else if (!was.isTerminal()) {
        reattach(r, was);
      }
    }
  }

  private void reattach(JobRecord r, JobState was) throws IOException {
    JobJournal.ProcessRecord p = journal.readProcess(r.workDir);
    if (p == null) {
      finish(r, JobState.LOST, null, "the engine restarted while the job was " + was + ", before its JVM started");
      return;
    }
    if (ChildFiles.readExit(r.workDir).isPresent()) {
      exited(r, null); // it ended (a warm executor that ran it may still live, running a later job)
      return;
    }
    ProcessHandle live = ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive)
        .filter(h -> p.isStartedAt(h.info().startInstant()))
        .orElse(null);
    if (live == null) {
      exited(r, null);
      return;
    }
    synchronized (lock) {
      reserve(r);
    }
    synchronized (r) {
      r.process = live;
    }
    journal.event(r.workDir, clock.instant(), "re-attached to JVM pid " + live.pid() + " after an engine restart");
    if (was == JobState.STARTING) {
      startWatcher.watch(r);
    }
    live.onExit().thenRun(() -> execute(() -> exited(r, null)));
  }

  // ---- helpers ----

  private void execute(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      // closed or detached: nothing more is recorded
    }
  }

  private static boolean waitFor(ProcessHandle h, Duration d) throws InterruptedException {
    try {
      h.onExit().get(JobRecord.toNanos(d), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return !h.isAlive();
    } catch (ExecutionException e) {
      return !h.isAlive();
    }
  }

  private static boolean waitForUninterruptibly(ProcessHandle h) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return waitFor(h, FORCE_LIMIT);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * True when the main class is built in or on the engine's classpath (then the job's jars are not
   * fetched); false when it may be in the job's jars.
   *
   * @throws UnknownJobClassException when it is in neither, or is neither an EngineJob nor has a main
   */
  private static boolean resolvesLocally(JobSpec spec) {
    if (BuiltInJobs.find(spec.mainClass()).isPresent()) {
      return true;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = BuiltInEngine.class.getClassLoader();
    }
    Class<?> c;
    try {
      c = Class.forName(spec.mainClass(), false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      if (!spec.jars().isEmpty()) {
        return false; // may be in the job's jars: the child checks
      }
      throw new UnknownJobClassException(spec.mainClass());
    }
    if (!EngineJob.class.isAssignableFrom(c) && !hasMain(c)) {
      throw new UnknownJobClassException(spec.mainClass());
    }
    return true;
  }

  private static boolean hasMain(Class<?> c) {
    try {
      return java.lang.reflect.Modifier.isStatic(c.getMethod("main", String[].class).getModifiers());
    } catch (NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  private JobRecord record(JobId id) {
    JobRecord r = jobs.get(id);
    if (r == null) {
      throw new NoSuchElementException("no job " + id + " in the engine at " + workRoot);
    }
    return r;
  }

  private Path newJobDir() throws IOException {
    while (true) {
      String id = "job-" + ID_TIME.format(clock.instant()) + "-"
          + String.format("%08x", ThreadLocalRandom.current().nextInt());
      try {
        return Files.createDirectory(workRoot.resolve(id));
      } catch (FileAlreadyExistsException taken) {
        // try another random suffix
      } catch (java.nio.file.NoSuchFileException rootGone) {
        // the work folder was deleted from outside since the engine started: make it again
        Files.createDirectories(workRoot);
        return Files.createDirectory(workRoot.resolve(id));
      }
    }
  }

  /** The classpath with relative entries made absolute: children run in their own work directory. */
  private static String absolute(String classpath) {
    List<String> out = new ArrayList<>();
    for (String e : classpath.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
      if (!e.isEmpty()) {
        out.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, out);
  }

  private static String read(Path f) throws IOException {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  private static String tail(Path f) {
    try (var ch = Files.newByteChannel(f)) {
      long size = ch.size();
      ch.position(Math.max(0, size - 4096));
      var buf = java.nio.ByteBuffer.allocate((int) Math.min(4096, size));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // fill
      }
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Options of a {@link BuiltInEngine}, validated at {@link #build()}. */
  public static final class Builder {
    private final Path workRoot;
    private Clock clock = Clock.systemUTC();
    private int cores = defaultCores();
    private long memoryMiB = defaultMemoryMiB();
    private String javaExecutable = defaultJava();
    private String baseClasspath = System.getProperty("java.class.path", "");
    private List<String> jvmOptions = List.of();
    private boolean warmExecutors = true;
    private final Set<String> warmJobs = new HashSet<>();
    private Duration executorIdleTimeout = DEFAULT_EXECUTOR_IDLE_TIMEOUT;
    private Path classDataDir;

    private Builder(Path workRoot) {
      this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    }

    /** Default cores: {@code Runtime.availableProcessors()}. */
    public static int defaultCores() {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Default memory: 3/4 of the machine's (or container's) physical memory, in MiB. */
    public static long defaultMemoryMiB() {
      var os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return Math.max(JobResources.DEFAULT_MEMORY_MIB, sun.getTotalMemorySize() / 4 * 3 / (1024 * 1024));
      }
      return 4096;
    }

    /** Default child java: {@code ${java.home}/bin/java}, the JVM running the engine. */
    public static String defaultJava() {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Source of every recorded time (default the UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Cores the engine hands out in all (default {@link #defaultCores()}). */
    public Builder cores(int cores) {
      this.cores = cores;
      return this;
    }

    /** Memory the engine hands out to child heaps in all, in MiB (default {@link #defaultMemoryMiB()}). */
    public Builder memoryMiB(long memoryMiB) {
      this.memoryMiB = memoryMiB;
      return this;
    }

    /** The java executable of child JVMs (default {@link #defaultJava()}). */
    public Builder javaExecutable(String javaExecutable) {
      this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
      return this;
    }

    /**
     * The classpath every child starts with, before the job's jars; it must hold the engine
     * (default {@code java.class.path} of this JVM). Relative entries are made absolute against this
     * JVM's working directory.
     */
    public Builder baseClasspath(String baseClasspath) {
      this.baseClasspath = Objects.requireNonNull(baseClasspath, "baseClasspath");
      return this;
    }

    /** JVM options added to every child after {@link #DEFAULT_CHILD_JVM_OPTIONS} (default none). */
    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = List.copyOf(jvmOptions);
      return this;
    }

    /**
     * Whether built-in jobs run in warm executor JVMs ({@link dev.adf.engine.child.ExecutorMain}) that
     * outlive their jobs (default true); false gives every job a JVM of its own. Jobs that are not
     * built in always get a JVM of their own.
     */
    public Builder warmExecutors(boolean warmExecutors) {
      this.warmExecutors = warmExecutors;
      return this;
    }

    /**
     * Also runs jobs of this main class (on the engine's classpath, an {@link EngineJob} or a class
     * with a {@code main}) in warm executors, as built-in jobs are: only for classes trusted to leave
     * no state behind that would change the next job (a leftover non-daemon thread retires the
     * executor; static state is not detected).
     */
    public Builder warmJob(String mainClass) {
      warmJobs.add(Objects.requireNonNull(mainClass, "mainClass"));
      return this;
    }

    /**
     * The folder of the warm executors' AppCDS archive ({@code executor.jsa}, written by the first
     * executor at its exit when missing, mapped by later ones); null (the default) or a missing folder:
     * none. The {@code adf} launcher gives its own ({@code cli/target/cds}) through the system property
     * {@code adf.cds.dir}, and deletes the archives there when the jars change.
     */
    public Builder classDataDir(Path classDataDir) {
      this.classDataDir = classDataDir;
      return this;
    }

    /** How long a warm executor may wait idle before it exits (default {@link #DEFAULT_EXECUTOR_IDLE_TIMEOUT}). */
    public Builder executorIdleTimeout(Duration executorIdleTimeout) {
      this.executorIdleTimeout = Objects.requireNonNull(executorIdleTimeout, "executorIdleTimeout");
      return this;
    }

    /**
     * @throws IllegalArgumentException when cores is below 1 or memory below {@link
     *     JobResources#MIN_MEMORY_MIB}
     * @throws UncheckedIOException when the work root cannot be created or read
     */
    public BuiltInEngine build() {
      return new BuiltInEngine(this);
    }

    private void validate() {
      if (cores < 1) {
        throw new IllegalArgumentException("engine cores must be at least 1, got " + cores);
      }
      if (memoryMiB < JobResources.MIN_MEMORY_MIB) {
        throw new IllegalArgumentException("engine memory must be at least " + JobResources.MIN_MEMORY_MIB
            + " MiB, got " + memoryMiB);
      }
    }
  }
}
