package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.ExternalDataPolicy;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.TimeSpan;
import dev.adf.orchestrator.definition.ValidationPolicy;
import dev.adf.orchestrator.schedule.ExternalSliceCheck.SliceData;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.DatasetSlice;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.validation.Secrets;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The availability of external datasets' slices (ADF v1 {@code external: true} and dataset policy
 * {@code externalData}, adf-v1-semantics §3.2 and rule 10), for the scheduling pass: a downstream
 * window waits (Waiting/DatasetDependencies) until every external slice of its dependency period is
 * Ready. Each slice's checks are kept in the store ({@link DatasetSlice}), so a restart goes on with
 * the checks counted so far; a check running when the process stops is simply made again.
 *
 * <p>With an {@code externalData} object ({@link ExternalDataPolicy}):
 *
 * <ul>
 *   <li>the first check is not before slice end + dataDelay (UTC); a past slice is therefore checked
 *       at once;
 *   <li>a check that finds no data is followed by another retryInterval after it ended, without that
 *       wait for a past slice (its whole schedule of checks lies before now, {@link
 *       ExternalDataPolicy#isPast}; in practice: at the next pass);
 *   <li>each check runs on a bounded pool of checker threads and is abandoned (interrupted) once
 *       retryTimeout has passed on the scheduler's clock since it was started; it counts as a timed-out
 *       check. A check waiting for a free checker thread counts toward its retryTimeout too;
 *   <li>after maximumRetry checks without data the slice is Failed/Validation (or Failed/TimedOut
 *       when every check timed out); downstream windows keep waiting with a reason that names the
 *       slice and says how to check it again: {@code adf rerun --upstream} of the downstream window
 *       forgets the failed slice ({@link Store#resetFailedSlices}) and its checks start from scratch.
 * </ul>
 *
 * <p>Decision (lead): without an {@code externalData} object the slice is checked at once, then every
 * {@link #DEFAULT_RECHECK} while its data is missing, indefinitely and never Failed (today's
 * behaviour: a user who set nothing expects late data to be picked up); each check is still bounded
 * by the default retryTimeout, 00:10:00.
 *
 * <p>The dataset's {@code policy.validation} is part of the check ({@link ValidationPolicy}): data
 * present but smaller than minimumSizeMB is not available. minimumRows is not checked (no SQL/Table
 * connector). A check that throws (bad connection string, unreachable account) counts as a check that
 * found nothing, its message (secrets masked) kept with the slice.
 *
 * <p>Not thread-safe for one slice: the scheduling pass runs one at a time.
 */
public final class ExternalSlices {
  private static final Logger LOG = LoggerFactory.getLogger(ExternalSlices.class);

  /** How often a slice of an external dataset without {@code externalData} is checked again. */
  public static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);

  /** How long (real time) a pass waits for a check it just started before going on without it. */
  public static final Duration DEFAULT_INLINE_WAIT = Duration.ofSeconds(5);

  /** Checker threads; checks beyond them queue. */
  public static final int DEFAULT_THREADS = 4;

  private final Store store;
  private final ExternalSliceCheck check;
  private final Duration inlineWait;
  private final ThreadPoolExecutor executor;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  /**
   * Slices without an externalData policy checked by this process: for those, the minute between
   * checks is a polling interval, so a new scheduler process checks at once (data put in place while
   * no scheduler ran is seen by the next {@code adf run}); slices with a policy keep their schedule.
   */
  private final java.util.Set<String> polledHere = ConcurrentHashMap.newKeySet();

  /** Most Ready slices {@link #readyHere} remembers. */
  static final int READY_CACHE = 65_536;

  /**
   * Slices this process saw Ready, most recently used last: a Ready slice stays Ready (only Failed ones
   * are ever reset, {@link Store#resetFailedSlices}), so a pass does not read it again. It was one read
   * per examined window and pass, 6 % of the orchestrator's CPU in a 1,000-window backfill
   * (docs/BENCHMARKS.md, issue 15). Bounded: the least recently used are forgotten, and read again.
   */
  private final Map<String, Boolean> readyHere = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > READY_CACHE;
        }
      });

  /** A check started and not yet seen to end. */
  private record InFlight(Future<SliceData> future, Instant startedAt) {}

  public ExternalSlices(Store store, ExternalSliceCheck check) {
    this(store, check, DEFAULT_INLINE_WAIT, DEFAULT_THREADS);
  }

  /**
   * @param inlineWait how long (real time) a pass waits for a check it started; a check not done by
   *     then is looked at again by later passes
   * @param threads checker threads (at least 1)
   */
  public ExternalSlices(Store store, ExternalSliceCheck check, Duration inlineWait, int threads) {
    this.store = store;
    this.check = check;
    this.inlineWait = inlineWait;
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "adf-slice-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Why the external slice is not Ready at {@code now}, or null when it is. Checks it when a check is
   * due and records the result.
   *
   * @return a clause to follow "input D slice [s, e) ", e.g. "is not available yet: no data found
   *     (check 1 of 3; next check at …)"
   */
  public String missing(Factory factory, Dataset ds, TimeWindow slice, Instant now) {
    return missing(factory, ds, slice, now, null);
  }

  /**
   * As {@link #missing(Factory, Dataset, TimeWindow, Instant)}; when {@code cannotCheck} is set (a secret of
   * the dataset or its linked service could not be opened) a slice not yet Ready or Failed is not checked,
   * and no check is counted against its policy: it "cannot be checked: " for that reason.
   */
  public String missing(Factory factory, Dataset ds, TimeWindow slice, Instant now, String cannotCheck) {
    String k = key(ds, slice);
    if (readyHere.get(k) != null) {
      return null;
    }
    DatasetSlice row = store.datasetSlice(ds.name(), slice.start()).orElse(null);
    if (row != null && row.isReady()) {
      readyHere.put(k, Boolean.TRUE);
      return null;
    }
    Optional<ExternalDataPolicy> policy = ExternalDataPolicy.of(ds);
    if (row != null && row.isFailed()) {
      return failedReason(row);
    }
    if (cannotCheck != null) {
      return "cannot be checked: " + cannotCheck;
    }
    InFlight f = inFlight.get(k);
    if (f == null) {
      if (policy.isPresent() && now.isBefore(policy.get().firstCheck(slice.end()))) {
        return "is not checked before " + policy.get().firstCheck(slice.end()) + " (slice end + dataDelay "
            + TimeSpan.format(policy.get().dataDelay()) + ")";
      }
      if (row != null && row.nextCheck() != null && now.isBefore(row.nextCheck())
          && (policy.isPresent() || polledHere.contains(k))) {
        return notYet(row.message(), row.checks(), policy, row.lastCheck(), row.nextCheck());
      }
      polledHere.add(k);
      f = new InFlight(executor.submit(() -> measure(factory, ds, slice)), now);
      inFlight.put(k, f);
      awaitBriefly(f.future());
    }
    if (!f.future().isDone()) {
      Duration timeout = policy.map(ExternalDataPolicy::retryTimeout).orElse(ExternalDataPolicy.DEFAULT_RETRY_TIMEOUT);
      if (now.isBefore(f.startedAt().plus(timeout))) {
        return "is being checked since " + f.startedAt() + " (" + count((row == null ? 0 : row.checks()) + 1, policy)
            + ", abandoned at " + f.startedAt().plus(timeout) + " after retryTimeout " + TimeSpan.format(timeout) + ")";
      }
      f.future().cancel(true);
      inFlight.remove(k);
      LOG.info("availability check of {} slice {} passed retryTimeout {}; abandoned", ds.name(), slice, timeout);
      return record(ds, slice, row, policy, null, "the check timed out after retryTimeout " + TimeSpan.format(timeout), now);
    }
    inFlight.remove(k);
    SliceData data;
    try {
      data = f.future().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String msg = "could not be checked: " + Secrets.redact(String.valueOf(cause.getMessage()));
      LOG.warn("availability check of {} slice {} failed: {}", ds.name(), slice, msg);
      return record(ds, slice, row, policy, new SliceData(false, SliceData.UNKNOWN_SIZE), msg, now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "is being checked (the pass was interrupted)";
    } catch (java.util.concurrent.CancellationException e) {
      return record(ds, slice, row, policy, null, "the check was canceled", now);
    }
    String problem = !data.exists() ? "no data found" : tooSmall(ds, data);
    return record(ds, slice, row, policy, data, problem, now);
  }

  /** The slice's key in {@link #inFlight}, {@link #polledHere} and {@link #readyHere}. */
  private static String key(Dataset ds, TimeWindow slice) {
    return ds.name().toLowerCase(Locale.ROOT) + "@" + slice.start();
  }

  /** How many checks are running or queued. */
  int inFlight() {
    return inFlight.size();
  }

  private SliceData measure(Factory factory, Dataset ds, TimeWindow slice) throws Exception {
    boolean size = ValidationPolicy.of(ds).map(v -> v.minimumSizeMB() != null).orElse(false);
    return size ? check.measure(factory, ds, slice) : new SliceData(check.isAvailable(factory, ds, slice), SliceData.UNKNOWN_SIZE);
  }

  private static String tooSmall(Dataset ds, SliceData data) {
    ValidationPolicy v = ValidationPolicy.of(ds).orElse(null);
    if (v == null || v.minimumSizeMB() == null) {
      return null;
    }
    if (data.bytes() == SliceData.UNKNOWN_SIZE) {
      LOG.info("dataset {}: minimumSizeMB not checked, the check measured no size", ds.name());
      return null;
    }
    String judged = v.judgeSize(data.bytes());
    return judged == null ? null : "data found but its " + judged;
  }

  private void awaitBriefly(Future<SliceData> future) {
    try {
      future.get(inlineWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
      // looked at by the caller
    }
  }

  /**
   * Records one finished check.
   *
   * @param data what it found, or null when it timed out
   * @param problem why the slice is not available, or null when it is
   */
  private String record(Dataset ds, TimeWindow slice, DatasetSlice row, Optional<ExternalDataPolicy> policy,
      SliceData data, String problem, Instant now) {
    int checks = (row == null ? 0 : row.checks()) + 1;
    int timeouts = (row == null ? 0 : row.timeouts()) + (data == null ? 1 : 0);
    if (problem == null) {
      store.saveSlice(new DatasetSlice(ds.name(), slice, WindowState.of(WindowStatus.Ready), checks, timeouts, now, null,
          data.bytes() == SliceData.UNKNOWN_SIZE ? "data found" : "data found, " + ValidationPolicy.mb(data.bytes()) + " MB"), now);
      readyHere.put(key(ds, slice), Boolean.TRUE);
      return null;
    }
    if (policy.isPresent() && checks >= policy.get().maximumRetry()) {
      WindowSubstatus failed = timeouts == checks ? WindowSubstatus.TimedOut : WindowSubstatus.ValidationFailed;
      DatasetSlice s = new DatasetSlice(ds.name(), slice, WindowState.of(failed), checks, timeouts, now, null, problem);
      store.saveSlice(s, now);
      LOG.info("external slice {} {} is {} after {} checks: {}", ds.name(), slice, s.state(), checks, problem);
      return failedReason(s);
    }
    Instant next = policy.isEmpty() ? now.plus(DEFAULT_RECHECK)
        : policy.get().isPast(slice.end(), now) ? now : now.plus(policy.get().retryInterval());
    store.saveSlice(new DatasetSlice(ds.name(), slice, WindowState.of(WindowSubstatus.ValidationRetry),
        checks, timeouts, now, next, problem), now);
    return notYet(problem, checks, policy, now, next);
  }

  /** "is not available yet: no data found at T (check 2 of 3; next check at T')", times to the second. */
  private static String notYet(String problem, int checks, Optional<ExternalDataPolicy> policy, Instant at,
      Instant next) {
    return "is not available yet: " + problem + " at " + seconds(at) + " (" + count(checks, policy)
        + "; next check at " + seconds(next) + ")";
  }

  private static Instant seconds(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static String count(int checks, Optional<ExternalDataPolicy> policy) {
    return "check " + checks + policy.map(p -> " of " + p.maximumRetry())
        .orElse(", checked every minute until found as the dataset has no externalData policy");
  }

  private static String failedReason(DatasetSlice s) {
    return "is " + s.state() + " after " + s.checks() + " availability check(s)"
        + (s.timeouts() > 0 ? ", " + s.timeouts() + " timed out" : "") + "; last at " + s.lastCheck() + ": "
        + s.message() + ". Once the data is there, have it checked again:"
        + " adf rerun --upstream --pipeline P --activity A --window START of the waiting window";
  }
}
