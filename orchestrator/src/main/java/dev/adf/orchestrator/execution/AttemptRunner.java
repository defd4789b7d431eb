package dev.adf.orchestrator.execution;

import dev.adf.activities.Activity;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.ActivityTypes;
import dev.adf.activities.AttemptListener;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.EngineResolver;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.failpoint.Failpoints;
import dev.adf.orchestrator.definition.ValidationPolicy;
import dev.adf.orchestrator.definition.LinkedService;
import dev.adf.orchestrator.schedule.AttemptLauncher;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.validation.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attempts: calls the activity on its own thread, records the engine job, classifies the end
 * and records it through {@link AttemptEnds} (the ends of attempts that finish together share one
 * commit), which applies the retry policy (ADF v1 "Pipelines and activities", policy): {@code retry} immediate
 * re-attempts, repeated for {@code longRetry} rounds with {@code longRetryInterval} between rounds,
 * so a window gets at most (retry + 1) × longRetry attempts; between attempts it is Waiting/Retry,
 * between rounds Waiting/LongRetry; after the last it is Failed (Failed/TimedOut when the last
 * attempt timed out). A canceled attempt ends the window Failed/Canceled without retry. A successful
 * attempt makes the window Ready, or Waiting/Validation when an output dataset has a {@code
 * policy.validation} (ADF v1: the output slice is validated before it is Ready; the scheduling pass
 * does it, {@code schedule.OutputValidation}).
 */
public final class AttemptRunner implements AttemptLauncher, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

  private final Store store;
  private final Clock clock;
  private final ActivityTypes types;
  private final EngineResolver engines;
  private final Path localStoreRoot;
  private final List<Path> fileShareRoots;
  private final Path attemptLogRoot;
  private final Runnable onFinish;
  private final AttemptEnds ends;
  private final ExecutorService executor;
  private final Map<WindowKey, Running> running = new ConcurrentHashMap<>();
  /** Windows that an end's commit may claim from the reserve, counted in {@link #running} until launched or passed over. */
  private final Map<WindowKey, Running> held = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong finished = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong unrecorded = new java.util.concurrent.atomic.AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile java.util.function.BooleanSupplier mayRun = () -> true;
  /** Ends that claim their activity's next window from the last pass's reserve, or null ({@link #refillFromReserve}). */
  private volatile ReserveRefill refill;
  private volatile boolean closing;

  /**
   * @param localStoreRoot the local folder store's root, for {@code UseLocalStore=true}
   * @param fileShareRoots the folders FileShare datasets may use ({@code fileShare.allowedRoots})
   * @param attemptLogRoot where engine logs copied at an attempt's end are kept ({@link
   *     AttemptLogs}); the home's {@code logs/attempts}
   * @param onFinish called after every attempt has recorded its end (the scheduler runs a pass)
   */
  public AttemptRunner(
      Store store, Clock clock, ActivityTypes types, EngineResolver engines, Path localStoreRoot,
      List<Path> fileShareRoots, Path attemptLogRoot, Runnable onFinish) {
    this.fileShareRoots = List.copyOf(fileShareRoots);
    this.store = store;
    this.attemptLogRoot = attemptLogRoot;
    this.clock = clock;
    this.types = types;
    this.engines = engines;
    this.localStoreRoot = localStoreRoot;
    this.onFinish = onFinish;
    this.ends = new AttemptEnds(store, clock);
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "adf-attempt-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * One running attempt. {@code cancel} and the attempt thread meet under the object's lock: a cancel
   * before the activity starts is seen when it starts; a cancel after the activity returned is too
   * late and does nothing; in between it interrupts the thread.
   */
  private static final class Running {
    private Thread thread;
    private AttemptStatus cancelReason;
    private boolean fenced;
    private boolean done;

    synchronized boolean begin() {
      thread = Thread.currentThread();
      return cancelReason == null;
    }

    synchronized void cancel(AttemptStatus reason) {
      cancel(reason, false);
    }

    /** As {@link #cancel(AttemptStatus)}; {@code byFence}: the scheduler fenced itself (for the message). */
    synchronized void cancel(AttemptStatus reason, boolean byFence) {
      if (cancelReason == null && !done) {
        cancelReason = reason;
        fenced = byFence;
        if (thread != null) {
          thread.interrupt();
        }
      }
    }

    /** Ends the interruptible part; returns the cancel reason, if any. */
    synchronized AttemptStatus end() {
      done = true;
      Thread.interrupted();
      return cancelReason;
    }

    synchronized boolean fenced() {
      return fenced;
    }
  }

  /**
   * Asks {@code mayRun} right before each activity starts (a scheduler's lease, {@link SchedulerLease#mayStart}):
   * when it says no, the attempt ends without running, as one cut off by a shutdown (its window goes back
   * to Waiting/Retry without using up its policy). Set it before the first launch.
   */
  public void guard(java.util.function.BooleanSupplier mayRun) {
    this.mayRun = mayRun;
  }

  /**
   * From now on, the ends of attempts claim their activity's next ready windows from the last pass's
   * reserve in the transaction that records them, and launch them ({@link ReserveRefill}, issue 15); an
   * end then asks for a pass ({@code onFinish}) only when it may need one. The scheduler's run ({@code adf
   * run}) turns this on; a caller that steps passes by hand leaves it off, so that only its passes start
   * attempts. Call it before the first pass.
   *
   * @return this runner
   */
  public AttemptRunner refillFromReserve() {
    ReserveRefill r = new ReserveRefill(new ReserveRefill.Launch() {
      @Override
      public void hold(List<WindowKey> keys) {
        for (WindowKey k : keys) {
          Running placeholder = new Running();
          if (running.putIfAbsent(k, placeholder) == null) {
            held.put(k, placeholder);
          }
        }
      }

      @Override
      public void unhold(List<WindowKey> keys) {
        for (WindowKey k : keys) {
          Running placeholder = held.remove(k);
          if (placeholder != null) {
            running.remove(k, placeholder);
          }
        }
      }

      @Override
      public void launch(ScheduledActivity activity, ActivityWindow window, FactoryView view) {
        AttemptRunner.this.launch(activity, window, view);
      }
    }, () -> !closing && mayRun.getAsBoolean());
    ends.refillWith(r);
    refill = r;
    return this;
  }

  @Override
  public int reserveSize(ScheduledActivity activity) {
    ReserveRefill r = refill;
    return r == null ? 0 : r.reserveSize(activity);
  }

  @Override
  public void reserve(dev.adf.orchestrator.schedule.ReadyReserve reserve) {
    ReserveRefill r = refill;
    if (r != null) {
      r.reserve(reserve);
    }
  }

  /**
   * How many times windows claimed from a pass's reserve may be this scheduler's without running (the
   * commit that claimed them failed, or their launch was refused): the scheduler reconciles its windows
   * when this changes, as after a failed pass.
   */
  public long claimsInDoubtCount() {
    ReserveRefill r = refill;
    return r == null ? 0 : r.inDoubtCount();
  }

  /**
   * Stops every attempt running here, as a shutdown does: each ends Failed and its window goes back to
   * Waiting/Retry without using up its policy (the scheduler fenced itself: its lease may end).
   */
  public void stopAll() {
    running.values().forEach(r -> r.cancel(AttemptStatus.Failed, true));
  }

  @Override
  public void launch(ScheduledActivity a, ActivityWindow window, FactoryView view) {
    Running kept = held.remove(window.key());
    Running r = kept != null ? kept : new Running(); // a cancel of a held window is seen when it starts
    running.put(window.key(), r);
    executor.execute(() -> runAttempt(a, window, view, r));
  }

  @Override
  public void cancel(WindowKey key, AttemptStatus reason) {
    Running r = running.get(key);
    if (r != null) {
      r.cancel(reason);
    }
  }

  @Override
  public Set<WindowKey> running() {
    return Set.copyOf(running.keySet());
  }

  /**
   * How many attempts here could not record their end, even after {@link StoreRetries}: their windows
   * stay InProgress, owned by this scheduler and not run, until a reconcile ({@link Reconciler}).
   */
  public long unrecordedCount() {
    return unrecorded.get();
  }

  /** How many attempts have ended here so far (a pass compares it before and after). */
  public long finishedCount() {
    return finished.get();
  }

  /**
   * Waits until no attempt runs here, at most {@code maxWait}.
   *
   * @return true when idle, false when the wait ran out
   */
  public boolean awaitIdle(Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    lock.lock();
    try {
      while (!running.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void runAttempt(ScheduledActivity a, ActivityWindow window, FactoryView view, Running r) {
    WindowKey key = window.key();
    int number = window.attempts();
    Logger log = LoggerFactory.getLogger("adf.attempt." + a.pipeline().name() + "." + a.activity().name());
    AttemptStatus status;
    String error = null;
    String output = null;
    boolean retryable = true;
    Events events = null;
    try {
      Failpoints.hit(Failpoints.ATTEMPT_CLAIMED);
      if (!r.begin()) {
        throw new InterruptedException("canceled before it started");
      }
      if (!mayRun.getAsBoolean()) {
        r.cancel(AttemptStatus.Failed);
        throw new InterruptedException("this scheduler fenced itself before the attempt started");
      }
      Activity activity = types.find(a.activity().type()).orElse(null);
      Optional<String> noSecret = view.unavailableSecret(a);
      if (noSecret.isPresent()) {
        status = AttemptStatus.Failed;
        error = noSecret.get() + "; then adf rerun the window";
        retryable = false;
      } else if (activity == null) {
        status = AttemptStatus.Failed;
        error = "activity type " + a.activity().type() + " cannot run on this orchestrator (it runs "
            + types.names() + ")";
        retryable = false;
      } else {
        events = new Events(attempt(window), window);
        ActivityOutcome outcome = activity.run(context(a, window, view, events, log));
        status = outcome.succeeded() ? AttemptStatus.Succeeded : AttemptStatus.Failed;
        error = outcome.error();
        retryable = outcome.retryable();
        output = outcome.output() == null ? null : outcome.output().toString();
        Failpoints.hit(Failpoints.ATTEMPT_ENDED);
      }
    } catch (InterruptedException e) {
      status = AttemptStatus.Canceled;
    } catch (RuntimeException | Error e) {
      // An Error from user job code (LinkageError, OutOfMemoryError) must not leave the window stuck.
      status = AttemptStatus.Failed;
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.warn("{} attempt {} failed unexpectedly", key, number, e);
    }
    if (events != null) {
      events.recordKeptLog(); // the job is over: its kept log replaces its engine log in the history
    }
    AttemptStatus cancelReason = r.end();
    if (cancelReason != null && status != AttemptStatus.Succeeded) {
      status = cancelReason;
      retryable = true;
      error = switch (cancelReason) {
        case TimedOut -> "attempt exceeded the policy timeout "
            + dev.adf.orchestrator.definition.TimeSpan.format(a.activity().policy().timeout())
            + "; engine job stopped";
        case Canceled -> "attempt canceled; engine job stopped";
        default -> r.fenced()
            ? "this scheduler fenced itself while the attempt ran (its lease was not renewed in time); engine job"
                + " stopped"
            : "the orchestrator shut down while the attempt ran; engine job stopped";
      };
    }
    List<String> validatedOutputs = validated(view, a);
    boolean refilled = false;
    try {
      AttemptStatus st = status;
      String err = error;
      String out = status == AttemptStatus.Succeeded ? output : null;
      boolean retry = retryable;
      boolean shutdown = cancelReason == AttemptStatus.Failed;
      // Recording the end is idempotent (the attempt ends once; the window moves by compare-and-set), so
      // a failed try (the database restarting, a commit whose outcome was lost) is made again.
      // The window as this attempt last wrote it (its engine job queued, then running), so that the end
      // commits with the group instead of reading the window again; else as launched.
      ActivityWindow last = events == null ? null : events.current;
      ActivityWindow asKnown = last != null && last.state().equals(WindowState.of(WindowStatus.InProgress)) ? last : window;
      AttemptEnds.End end = new AttemptEnds.End(a, asKnown, number, st, err, out, retry, shutdown, validatedOutputs);
      refilled = retrying(() -> ends.record(end));
      Failpoints.hit(Failpoints.ATTEMPT_RECORDED);
    } catch (RuntimeException e) {
      unrecorded.incrementAndGet();
      LOG.error("could not record the end of {} attempt {}", key, number, e);
    } finally {
      finished.incrementAndGet();
      running.remove(key, r);
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      ReserveRefill rr = refill;
      if (rr == null || !refilled || rr.passWanted(a, status, !validatedOutputs.isEmpty())) {
        onFinish.run();
      }
    }
  }

  /** Runs {@code call} through {@link StoreRetries}: a store call that fails is made again. */
  private static <T> T retrying(java.util.function.Supplier<T> call) {
    return StoreRetries.call("a store call of an attempt", call);
  }

  /**
   * The output datasets of {@code a} with a validation policy ({@code policy.validation}); when there
   * are some, a successful attempt leaves the window Waiting/Validation and the scheduling pass
   * validates them ({@code schedule.OutputValidation}) before it is Ready.
   */
  private static List<String> validated(FactoryView view, ScheduledActivity a) {
    List<String> out = new ArrayList<>();
    for (String n : a.activity().outputs()) {
      view.factory().dataset(n).filter(d -> ValidationPolicy.of(d).isPresent()).ifPresent(d -> out.add(d.name()));
    }
    return out;
  }

  /**
   * The attempt {@code w} was launched for: from the window itself when it names its latest attempt's
   * run id (a claim returns it, a read joins it), else read from the store (an attempt from before run
   * ids).
   */
  private Attempt attempt(ActivityWindow w) {
    if (w.lastRunId() != null) {
      return new Attempt(w.key(), w.attempts(), w.lastRunStart(), null, AttemptStatus.InProgress, null, null, null,
          w.lastRunId());
    }
    return retrying(() -> store.attempts(w.key())).stream().filter(at -> at.number() == w.attempts())
        .findFirst().orElseThrow(() -> new IllegalStateException(w.key() + " has no attempt " + w.attempts()));
  }

  private ActivityContext context(ScheduledActivity a, ActivityWindow w, FactoryView view, Events events, Logger log) {
    Map<String, LinkedServiceInfo> linked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (LinkedService ls : view.factory().linkedServices()) {
      linked.put(ls.name(), new LinkedServiceInfo(ls.name(), ls.type(), ls.typeProperties()));
    }
    int number = w.attempts();
    return new ActivityContext(
        a.pipeline().name(),
        a.activity().name(),
        a.activity().type(),
        w.key().windowStart(),
        w.windowEnd(),
        number,
        events.attempt.idempotencyKey(),
        a.activity().typeProperties(),
        a.activity().linkedServiceName() == null
            ? java.util.Optional.empty()
            : java.util.Optional.ofNullable(linked.get(a.activity().linkedServiceName())),
        linked,
        datasets(view, a.activity().inputs()),
        datasets(view, a.activity().outputs()),
        localStoreRoot,
        fileShareRoots,
        engines,
        events,
        log);
  }

  /**
   * An attempt's engine job events: the job is recorded with the attempt; while the engine queues it
   * for capacity the window is Waiting/ComputeResources, and InProgress again once it runs. Each
   * change is a compare-and-set, so a window a user changed meanwhile is left alone.
   */
  private final class Events implements AttemptListener {
    private final Attempt attempt; // its row as the attempt started: key, number, run id
    private final WindowKey key;
    private final int number;
    private volatile String jobRef;
    private volatile Path keptLog;
    /**
     * The window as this attempt last wrote it (row version included), or null when something else may
     * have changed it since: a move then reads it first.
     */
    volatile ActivityWindow current;

    Events(Attempt attempt, ActivityWindow launched) {
      this.attempt = attempt;
      this.key = attempt.key();
      this.number = attempt.number();
      this.current = launched;
    }

    @Override
    public void jobSubmitted(String jobRef, String logLocation) {
      this.jobRef = jobRef;
      Failpoints.hit(Failpoints.ATTEMPT_SUBMITTED);
      // Must be recorded: a job the history does not name could be submitted again by a retry.
      retrying(() -> {
        store.attemptJob(key, number, jobRef, logLocation);
        return null;
      });
      Failpoints.hit(Failpoints.ATTEMPT_RUNNING);
    }

    /**
     * Keeps the engine's log in the run history. The attempt's log location changes to that file only in
     * {@link #recordKeptLog}, once the activity has returned: while the job may still run (the log is
     * kept before a canceled batch is deleted) the location must stay the engine's, by which {@code adf
     * pause --terminate} finds a job a crashed orchestrator left behind.
     */
    @Override
    public void jobLog(List<String> lines) {
      try {
        keptLog = AttemptLogs.write(attemptLogRoot, key, number, attempt.runId(), lines);
        LOG.info("{} attempt {}: engine log kept in {} ({} lines)", key, number, keptLog, lines.size());
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("{} attempt {}: could not keep the engine log: {}", key, number, e.toString());
      }
    }

    /** Records the kept log, if any, as the attempt's log location. */
    void recordKeptLog() {
      if (keptLog != null) {
        retrying(() -> {
          store.attemptJob(key, number, jobRef, keptLog.toString());
          return null;
        });
      }
    }

    @Override
    public void jobQueued(String reason) {
      move(WindowState.of(WindowStatus.InProgress), WindowState.of(WindowSubstatus.ComputeResources),
          "attempt " + number + "'s engine job is queued: " + reason);
    }

    @Override
    public void jobRunning() {
      move(WindowState.of(WindowSubstatus.ComputeResources), WindowState.of(WindowStatus.InProgress),
          "attempt " + number + "'s engine job runs");
    }

    /**
     * Moves the window from {@code from} to {@code to} if it is still this attempt's: first by
     * compare-and-set against the window as this attempt last wrote it (no read: the queued and running
     * moves of an engine job were two reads and two writes per attempt), else, when that fails because
     * something else changed the window (a user's rerun, a commit whose outcome was lost and is tried
     * again), after reading it.
     */
    private void move(WindowState from, WindowState to, String reason) {
      String why = Secrets.redact(reason);
      java.util.function.Predicate<ActivityWindow> ours = w -> w.state().equals(from) && w.attempts() == number;
      retrying(() -> {
        ActivityWindow known = current;
        current = null; // unknown until this move's outcome is known
        ActivityWindow w = known != null && ours.test(known) ? known : null;
        if (w == null || !store.transition(w, to, Store.WindowChange.keep(w), why, clock.instant())) {
          w = store.window(key).filter(ours).orElse(null);
          if (w == null || !store.transition(w, to, Store.WindowChange.keep(w), why, clock.instant())) {
            return null;
          }
        }
        current = moved(w, to);
        LOG.info("{} -> {}: {}", key, to, reason);
        return null;
      });
    }

    /** {@code w} after a compare-and-set to {@code to} that kept everything else (row version + 1). */
    private ActivityWindow moved(ActivityWindow w, WindowState to) {
      return new ActivityWindow(w.key(), w.windowEnd(), to, w.attempts(), w.notBefore(), w.lastError(),
          w.lastRunStart(), w.lastRunEnd(), w.rowVersion() + 1, w.lastRunId());
    }
  }

  private static List<DatasetInfo> datasets(FactoryView view, List<String> names) {
    List<DatasetInfo> out = new ArrayList<>();
    for (String n : names) {
      view.factory().dataset(n).ifPresent((Dataset d) ->
          out.add(new DatasetInfo(d.name(), d.type(), d.linkedServiceName(), d.typeProperties())));
    }
    return out;
  }

  /**
   * Stops running attempts (each ends Failed, "the orchestrator shut down"; its window goes back to
   * Waiting/Retry without using up its retry policy) and waits, bounded, for them to record their end.
   */
  @Override
  public void close() {
    closing = true; // no more claims from the reserve
    running.keySet().forEach(k -> cancel(k, AttemptStatus.Failed));
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
