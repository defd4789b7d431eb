package dev.adf.orchestrator.schedule;

import dev.adf.activities.expression.ExpressionException;
import dev.adf.orchestrator.definition.ActivityPolicy;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.ExecutionPriorityOrder;
import dev.adf.orchestrator.definition.InputDependency;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.store.WindowQuery;
import dev.adf.orchestrator.window.DependencyPeriods;
import dev.adf.orchestrator.window.DependencyPeriods.DependencyPeriod;
import dev.adf.orchestrator.window.TimeWindow;
import dev.adf.orchestrator.window.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduling pass: given the store and {@code now}, decides for every Waiting window whether it
 * can run, starts what the concurrency policy allows, and stops attempts past their timeout. It never
 * reads a clock; Quartz (or a test) calls {@link #run(Instant)} with the time.
 *
 * <p>ADF v1's run rule ("Scheduling and execution"): a window runs when (a) its pipeline is not
 * paused, (b) its due time has come (window end for EndOfInterval, window start for
 * StartOfInterval) plus the policy delay, (c) every input slice in its dependency period is Ready,
 * (d) a concurrency slot is free, ready windows going OldestFirst or NewestFirst. A Waiting window
 * that cannot run shows why in its substatus: ActivityResume, ScheduledTime, DatasetDependencies,
 * ConcurrencyLimit, Retry/LongRetry (retry pause).
 *
 * <p>External input slices are checked under their dataset's {@code externalData} and {@code
 * validation} policies by {@link ExternalSlices}; windows whose attempt succeeded and whose output
 * has a {@code validation} policy (Waiting/Validation) are validated first in each pass by {@link
 * OutputValidation} and are never started again meanwhile.
 *
 * <p>Not thread-safe: run one pass at a time (the Quartz job is non-concurrent).
 */
public final class SchedulingPass {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingPass.class);

  /** How far ahead of now windows are laid out (an end far in the future is laid out lazily). */
  public static final Duration LAYOUT_LOOKAHEAD = Duration.ofDays(7);

  private final Store store;
  private final Supplier<FactoryView> factory;
  private final ExternalSlices externalSlices;
  private final OutputValidation outputValidation;
  private final AttemptLauncher launcher;
  /**
   * Every due Waiting window is examined, and its substatus brought up to date, at least this often
   * (clock time); passes in between examine windows in priority order only until the free
   * concurrency slots are filled (or {@link #FAST_SCAN_LIMIT} windows were examined), so a pass costs
   * what it starts, not the size of the backlog.
   */
  public static final Duration FULL_REVIEW_INTERVAL = Duration.ofSeconds(30);

  /** At most this many Waiting windows of one activity are examined by a pass between full reviews. */
  static final int FAST_SCAN_LIMIT = 512;

  /** Waiting windows are read this many at a time, with the producing windows of their input slices. */
  static final int PAGE = 256;

  private Instant laidOutTo;
  private Instant lastFullReview;
  /** When set, claims are stamped with this clock's time (never before the pass's): see {@link #stampClaimsWith}. */
  private Supplier<Instant> claimClock;
  /** Run-time pauses ({@code adf pause}) by lower-cased pipeline name, read at the start of each pass. */
  private Map<String, Store.PipelinePause> pauses = Map.of();

  /**
   * @param externalCheck checks external input slices ({@link ExternalSlices}, defaults) and measures
   *     validated output slices ({@link OutputValidation})
   */
  public SchedulingPass(
      Store store, Supplier<FactoryView> factory, ExternalSliceCheck externalCheck, AttemptLauncher launcher) {
    this(store, factory, new ExternalSlices(store, externalCheck), new OutputValidation(store, externalCheck), launcher);
  }

  public SchedulingPass(Store store, Supplier<FactoryView> factory, ExternalSlices externalSlices,
      OutputValidation outputValidation, AttemptLauncher launcher) {
    this.store = store;
    this.factory = factory;
    this.externalSlices = externalSlices;
    this.outputValidation = outputValidation;
    this.launcher = launcher;
  }

  /**
   * Stamps each claim batch (the attempts' start) with {@code clock}'s time when the claim is made,
   * instead of the time the pass began: a pass reads the store after it began, so an attempt stamped
   * with the pass's time could show a start before its input slice's producing attempt ended.
   *
   * @return this pass
   */
  public SchedulingPass stampClaimsWith(Supplier<Instant> clock) {
    this.claimClock = clock;
    return this;
  }

  /**
   * Runs one pass at {@code now} (UTC): lays out windows that came within the lookahead, stops attempts
   * past their timeout, cancels attempts of pipelines paused with {@code --terminate}, and starts the
   * ready windows the concurrency policy allows, in priority order.
   */
  public PassResult run(Instant now) {
    // Read before anything else, so that every change after it that could make a window of the reserve not
    // ready moves it (Store.ReserveMark); only when the launcher keeps a reserve.
    FactoryView view = factory.get();
    boolean reserving = view.activities().stream().anyMatch(a -> launcher.reserveSize(a) > 0);
    Store.ReserveMark mark = reserving ? store.reserveMark() : null;
    layOut(view, now);
    readPauses();
    outputValidation.run(view, now);
    boolean full = lastFullReview == null || !now.isBefore(lastFullReview.plus(FULL_REVIEW_INTERVAL));
    int started = 0;
    int timedOut = 0;
    // Every activity's active windows in one read: InProgress, and Waiting/ComputeResources (an attempt
    // whose engine job is queued for capacity holds a concurrency slot too). Active windows first, then
    // the Waiting pages: an attempt that ends in between is then counted once too often (one slot fewer
    // this pass; its end triggers another pass), never too few.
    Map<Store.ActivityRef, List<ActivityWindow>> active = new HashMap<>();
    for (ActivityWindow w : store.allActiveWindows()) {
      active.computeIfAbsent(new Store.ActivityRef(w.key().pipeline(), w.key().activity()), k -> new ArrayList<>())
          .add(w);
    }
    List<ScheduledActivity> claiming = new ArrayList<>();
    List<Store.Claim> claims = new ArrayList<>();
    List<Store.Retag> retags = new ArrayList<>();
    List<Store.Review> reviews = new ArrayList<>();
    Map<Store.ActivityRef, List<ActivityWindow>> reserves = new HashMap<>();
    for (ScheduledActivity a : view.activities()) {
      List<ActivityWindow> inProgress = active.getOrDefault(a.ref(), List.of());
      timedOut += stopTimedOut(a, inProgress, now);
      cancelTerminated(a);
      List<ActivityWindow> reserve = new ArrayList<>();
      List<ActivityWindow> ready =
          readyWindows(view, a, inProgress.size(), now, full ? reviews : null, retags, reserve);
      if (!reserve.isEmpty()) {
        reserves.put(a.ref(), reserve);
      }
      if (!ready.isEmpty()) {
        claiming.add(a);
        claims.add(new Store.Claim(a.ref(), ready, a.activity().policy().concurrency()));
      }
    }
    if (reserving) {
      // Before this pass's claims launch: their ends may come at once, and claim from this reserve.
      launcher.reserve(reserve(view, mark, reserves));
    }
    if (!claims.isEmpty()) {
      // One claim transaction for the pass: the store counts each activity's active windows again under
      // that activity's claim lock, so schedulers sharing the database never start more than its
      // concurrency allows.
      Instant claimAt = claimClock == null ? now : java.util.Collections.max(List.of(now, claimClock.get()));
      List<List<ActivityWindow>> claimed = store.claimPass(claims, claimAt);
      for (int i = 0; i < claiming.size(); i++) {
        for (ActivityWindow running : claimed.get(i)) {
          launcher.launch(claiming.get(i), running, view);
          started++;
        }
      }
    }
    store.retag(retags, reviews, now);
    if (full) {
      lastFullReview = now;
    }

    return new PassResult(started, timedOut, launcher.running().size());
  }

  /** The pass's reserve: each activity's ready windows beyond its slots. */
  private static ReadyReserve reserve(FactoryView view, Store.ReserveMark mark,
      Map<Store.ActivityRef, List<ActivityWindow>> reserves) {
    Map<Store.ActivityRef, ReadyReserve.Entry> entries = new HashMap<>();
    for (ScheduledActivity a : view.activities()) {
      List<ActivityWindow> r = reserves.get(a.ref());
      if (r != null) {
        entries.put(a.ref(), new ReadyReserve.Entry(a, r));
      }
    }
    return new ReadyReserve(view, mark, entries);
  }

  private void readPauses() {
    Map<String, Store.PipelinePause> m = new HashMap<>();
    store.pauses().forEach(p -> m.put(p.pipeline().toLowerCase(java.util.Locale.ROOT), p));
    pauses = m;
  }

  /** The run-time pause of the activity's pipeline, or null. */
  private Store.PipelinePause pause(ScheduledActivity a) {
    return pauses.get(a.pipeline().name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * {@code adf pause --terminate}: asks the running attempts of the pipeline to stop; each ends
   * Canceled once its engine job is stopped (the launcher records it), its window Failed/Canceled.
   */
  private void cancelTerminated(ScheduledActivity a) {
    Store.PipelinePause p = pause(a);
    if (p == null || !p.terminate()) {
      return;
    }
    for (var key : launcher.running()) {
      if (key.pipeline().equals(a.pipeline().name()) && key.activity().equals(a.activity().name())) {
        LOG.info("{}: pipeline paused with --terminate; canceling its attempt", key);
        launcher.cancel(key, AttemptStatus.Canceled);
      }
    }
  }

  /**
   * Why a Waiting window cannot start at {@code now}, by this pass's own rules (pause, due time,
   * retry pause, input slices), or empty when nothing but a free concurrency slot stands in its way.
   * Changes no window (an external input may be checked and its slice recorded). For {@code adf why}.
   *
   * @throws IllegalArgumentException when the window's activity is not deployed
   */
  public Optional<Blocker> explain(ActivityWindow w, Instant now) {
    FactoryView view = factory.get();
    readPauses();
    ScheduledActivity a = view.activity(w.key().pipeline(), w.key().activity())
        .orElseThrow(() -> new IllegalArgumentException("activity " + w.key() + " is not deployed"));
    return Optional.ofNullable(blocker(view, a, w, now, new Readiness(view, a, List.of())));
  }

  /**
   * Lays out the windows that time has brought within {@link #LAYOUT_LOOKAHEAD}: for each activity, the
   * grid windows after its latest stored window (at most once an hour of clock time).
   */
  private void layOut(FactoryView view, Instant now) {
    Instant horizon = now.plus(LAYOUT_LOOKAHEAD);
    if (laidOutTo != null && horizon.isBefore(laidOutTo.plus(Duration.ofHours(1)))) {
      return;
    }
    for (ScheduledActivity a : view.activities()) {
      var more = view.extension(a, store.latestWindowEnd(a.ref()).orElse(null), horizon);
      if (more.iterator().hasNext()) {
        store.addWindows(a.ref(), more, now);
      }
    }
    laidOutTo = horizon;
  }

  private int stopTimedOut(ScheduledActivity a, List<ActivityWindow> inProgress, Instant now) {
    ActivityPolicy policy = a.activity().policy();
    if (!policy.hasTimeout()) {
      return 0;
    }
    int n = 0;
    for (ActivityWindow w : inProgress) {
      if (w.lastRunStart() != null
          && !now.isBefore(w.lastRunStart().plus(policy.timeout()))
          && launcher.running().contains(w.key())) {
        LOG.info("{} attempt {} passed its timeout {}; stopping it", w.key(), w.attempts(), policy.timeout());
        launcher.cancel(w.key(), AttemptStatus.TimedOut);
        n++;
      }
    }
    return n;
  }

  /**
   * Examines the activity's due Waiting windows in priority order (OldestFirst or NewestFirst), a page
   * at a time, choosing ready ones while concurrency slots are free and adding to {@code retags} why the
   * others wait (a window to skip is skipped here). With {@code reviews} (a full review) every due Waiting
   * window is examined and the review is added to {@code reviews}: a ready window beyond the free slots
   * that still shows ScheduledTime is not retagged, the recorded review makes it show ConcurrencyLimit
   * ({@link Store#retag(List, List, Instant)}); without, only until the slots are filled or {@link
   * #FAST_SCAN_LIMIT} windows were examined.
   *
   * <p>With a launcher that keeps a reserve ({@link AttemptLauncher#reserveSize}), up to that many ready
   * windows beyond the free slots that show ScheduledTime or ConcurrencyLimit are added to {@code reserve}
   * in priority order, without a write (an end claims each by its row version), and examining goes on
   * until the reserve is full too, even with no free slot.
   *
   * @return the ready windows to claim, at most as many as slots are free, in priority order
   */
  private List<ActivityWindow> readyWindows(FactoryView view, ScheduledActivity a, int inProgress, Instant now,
      List<Store.Review> reviews, List<Store.Retag> retags, List<ActivityWindow> reserve) {
    boolean full = reviews != null;
    ActivityPolicy policy = a.activity().policy();
    int slots = Math.max(0, policy.concurrency() - inProgress);
    int reserveSize = pause(a) == null ? launcher.reserveSize(a) : 0;
    if (!full && slots == 0 && reserveSize == 0) {
      return List.of();
    }
    boolean newestFirst = policy.executionPriorityOrder() == ExecutionPriorityOrder.NewestFirst;
    // A window is due at its start or end plus the delay, so none starting after now - delay is due.
    Instant startBound = now.minus(policy.delay());
    List<ActivityWindow> ready = new ArrayList<>();
    int examined = 0;
    Instant after = null;
    Instant dueThrough = null; // the latest WindowStart found ready (a ready window is due)
    // Between full reviews a pass reads little more than it can start.
    int pageSize = full ? PAGE : Math.min(PAGE, Math.max(32, 4 * slots + reserveSize));
    while (true) {
      List<ActivityWindow> page =
          store.windowsOf(a.ref(), WindowStatus.Waiting, startBound, newestFirst, after, pageSize);
      if (page.isEmpty()) {
        break;
      }
      Readiness readiness = new Readiness(view, a, page);
      for (ActivityWindow w : page) {
        if (w.state().isActive()) {
          continue; // Waiting/ComputeResources: its attempt runs; counted above
        }
        examined++;
        Blocker blocker = blocker(view, a, w, now, readiness);
        if (blocker == null) {
          if (dueThrough == null || w.key().windowStart().isAfter(dueThrough)) {
            dueThrough = w.key().windowStart();
          }
          WindowSubstatus sub = w.state().substatus();
          if (ready.size() < slots) {
            ready.add(w);
          } else if (reserve.size() < reserveSize
              && (sub == WindowSubstatus.ScheduledTime || sub == WindowSubstatus.ConcurrencyLimit)) {
            reserve.add(w); // not written (its row version must hold for an end to claim it)
          } else if (full && sub == WindowSubstatus.ScheduledTime) {
            // Not written: this review, once recorded, shows it Waiting/ConcurrencyLimit.
          } else if (sub != WindowSubstatus.ConcurrencyLimit) {
            retags.add(new Store.Retag(w, WindowState.of(WindowSubstatus.ConcurrencyLimit),
                "concurrency " + policy.concurrency() + " reached"));
          }
        } else if (blocker.skip()) {
          store.transition(w, WindowState.of(WindowStatus.Skipped), Store.WindowChange.keep(w), blocker.reason(), now);
        } else if (blocker.substatus() != w.state().substatus()) {
          retags.add(new Store.Retag(w, WindowState.of(blocker.substatus()), blocker.reason()));
        }
      }
      after = page.get(page.size() - 1).key().windowStart();
      if (page.size() < pageSize
          || (!full && ((ready.size() >= slots && reserve.size() >= reserveSize) || examined >= FAST_SCAN_LIMIT))) {
        break;
      }
    }
    if (full) {
      reviews.add(new Store.Review(a.ref(), dueThrough));
    }
    return ready;
  }

  /** Why a Waiting window cannot run now, or null when it can. */
  private Blocker blocker(FactoryView view, ScheduledActivity a, ActivityWindow w, Instant now, Readiness readiness) {
    Blocker validating = validationBlocker(w);
    if (validating != null) {
      return validating;
    }
    if (a.pipeline().paused()) {
      return new Blocker(WindowSubstatus.ActivityResume,
          "pipeline " + a.pipeline().name() + " is paused (isPaused in its JSON)", false);
    }
    Store.PipelinePause p = pause(a);
    if (p != null) {
      return new Blocker(WindowSubstatus.ActivityResume, "pipeline " + a.pipeline().name() + " is paused since "
          + p.since() + " (adf pause" + (p.terminate() ? " --terminate" : "") + "; adf resume to go on)", false);
    }
    Instant due = FactoryView.dueTime(a, w.window()).plus(a.activity().policy().delay());
    if (now.isBefore(due)) {
      return new Blocker(WindowSubstatus.ScheduledTime, "due at " + due, false);
    }
    if (w.notBefore() != null && now.isBefore(w.notBefore())) {
      WindowSubstatus s = w.state().substatus() == WindowSubstatus.LongRetry
          ? WindowSubstatus.LongRetry : WindowSubstatus.Retry;
      return new Blocker(s, "next attempt at " + w.notBefore(), false);
    }
    for (InputDependency input : a.activity().dependencies()) {
      Blocker b = inputBlocker(view, input, w.window(), now, readiness);
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  /**
   * Why one input holds the window back, or null when every input slice of its dependency period
   * ({@link DependencyPeriods}) is Ready. Slices are checked oldest first and the first one not Ready
   * is named. A Skipped slice skips the window (ARCHITECTURE). A produced slice whose producing window
   * does not exist (outside the producer pipeline's active period, or not laid out yet) counts as not
   * Ready: the window keeps waiting with DatasetDependencies rather than running on data that no
   * pipeline will produce, so a user sees it in {@code adf windows} and can widen the producer's
   * period. An empty dependency period has nothing to wait for.
   */
  private Blocker inputBlocker(
      FactoryView view, InputDependency input, TimeWindow window, Instant now, Readiness readiness) {
    Dataset ds = view.factory().dataset(input.dataset()).orElse(null);
    if (ds == null) {
      return new Blocker(WindowSubstatus.DatasetDependencies,
          "input dataset " + input.dataset() + " is not deployed", false);
    }
    DependencyPeriod period;
    try {
      period = readiness.period(input, window, ds.availability());
    } catch (ExpressionException e) {
      return new Blocker(WindowSubstatus.DatasetDependencies,
          "input " + ds.name() + " dependency period cannot be evaluated: " + e.getMessage(), false);
    }
    if (period.isEmpty()) {
      LOG.debug("input {} of window {} has an empty dependency period {}: nothing to wait for",
          ds.name(), window, period);
    }
    for (TimeWindow slice : period.slices()) {
      if (ds.external()) {
        String missing = externalMissing(view, ds, slice, now);
        if (missing != null) {
          return new Blocker(WindowSubstatus.DatasetDependencies,
              "input " + ds.name() + " slice " + slice + " " + missing, false);
        }
        continue;
      }
      var producer = view.producerOf(ds.name());
      if (producer.isEmpty()) {
        return new Blocker(WindowSubstatus.DatasetDependencies,
            "no activity produces input " + ds.name() + " and it is not external: set \"external\": true", false);
      }
      var upstream = readiness.window(producer.get(), slice.start());
      if (upstream.isEmpty()) {
        return new Blocker(WindowSubstatus.DatasetDependencies,
            "input " + ds.name() + " slice " + slice + " has no window of its producer "
                + producer.get().pipeline().name() + "/" + producer.get().activity().name()
                + " (outside that pipeline's active period, or not laid out yet)", false);
      }
      WindowStatus s = upstream.get().state().status();
      if (s == WindowStatus.Skipped) {
        return new Blocker(null, "input " + ds.name() + " slice " + slice + " is Skipped", true,
            upstream.get().key());
      }
      if (s != WindowStatus.Ready) {
        return new Blocker(WindowSubstatus.DatasetDependencies,
            "input " + ds.name() + " slice " + slice + " is " + upstream.get().state(), false, upstream.get().key());
      }
    }
    return null;
  }

  /**
   * A window whose attempt succeeded and whose output awaits validation (Waiting/Validation or
   * Waiting/ValidationRetry) is not to run again: {@link OutputValidation} moves it on.
   */
  private static Blocker validationBlocker(ActivityWindow w) {
    WindowSubstatus s = w.state().substatus();
    if (s == WindowSubstatus.Validation || s == WindowSubstatus.ValidationRetry) {
      return new Blocker(s, w.notBefore() == null ? "output awaits validation"
          : "output validation again at " + w.notBefore(), false);
    }
    return null;
  }

  /**
   * Why an external slice is not Ready, or null when it is: checked when due under the dataset's
   * {@code externalData} policy, its checks kept in the store ({@link ExternalSlices}).
   */
  private String externalMissing(FactoryView view, Dataset ds, TimeWindow slice, Instant now) {
    return externalSlices.missing(view.factory(), ds, slice, now, view.unavailableSecret(ds).orElse(null));
  }

  /**
   * The producing windows of the input slices of a page of windows, read with one query per input
   * (the union of the page's dependency periods) instead of one per slice; a slice outside what was
   * read (or with no page: {@code adf why}) is looked up on its own.
   */
  private final class Readiness {
    private final Map<Store.ActivityRef, Map<Instant, ActivityWindow>> read = new HashMap<>();
    private final Map<Store.ActivityRef, TimeWindow> readRange = new HashMap<>();
    /** Dependency periods computed for the page, by input and window, so each is evaluated once. */
    private final Map<InputDependency, Map<TimeWindow, DependencyPeriod>> periods = new HashMap<>();

    Readiness(FactoryView view, ScheduledActivity a, List<ActivityWindow> page) {
      if (page.size() < 2) {
        return;
      }
      for (InputDependency input : a.activity().dependencies()) {
        Dataset ds = view.factory().dataset(input.dataset()).orElse(null);
        var producer = ds == null || ds.external() ? Optional.<ScheduledActivity>empty() : view.producerOf(ds.name());
        if (producer.isEmpty()) {
          continue;
        }
        Instant from = null;
        Instant to = null;
        for (ActivityWindow w : page) {
          try {
            List<TimeWindow> slices = period(input, w.window(), ds.availability()).slices();
            if (!slices.isEmpty()) {
              Instant s = slices.get(0).start();
              Instant e = slices.get(slices.size() - 1).end();
              from = from == null || s.isBefore(from) ? s : from;
              to = to == null || e.isAfter(to) ? e : to;
            }
          } catch (ExpressionException e) {
            // reported by inputBlocker for the window
          }
        }
        Store.ActivityRef ref = producer.get().ref();
        if (from != null && !readRange.containsKey(ref)) {
          Map<Instant, ActivityWindow> m = new HashMap<>();
          store.windowsBetween(ref, from, to).forEach(w -> m.put(w.key().windowStart(), w));
          read.put(ref, m);
          readRange.put(ref, new TimeWindow(from, to));
        }
      }
    }

    /**
     * {@link DependencyPeriods#of}, remembered for the page.
     *
     * @throws ExpressionException as {@link DependencyPeriods#of} (not remembered)
     */
    DependencyPeriod period(InputDependency input, TimeWindow window, dev.adf.orchestrator.definition.Availability grid) {
      Map<TimeWindow, DependencyPeriod> byWindow = periods.computeIfAbsent(input, k -> new HashMap<>());
      DependencyPeriod p = byWindow.get(window);
      if (p == null) {
        p = DependencyPeriods.of(window, input, grid);
        byWindow.put(window, p);
      }
      return p;
    }

    /** The producer's window starting at {@code sliceStart}, if it exists. */
    Optional<ActivityWindow> window(ScheduledActivity producer, Instant sliceStart) {
      TimeWindow range = readRange.get(producer.ref());
      if (range != null && range.contains(sliceStart)) {
        return Optional.ofNullable(read.get(producer.ref()).get(sliceStart));
      }
      return store.window(producer.key(sliceStart));
    }
  }

  /**
   * What keeps a Waiting window from starting.
   *
   * @param substatus the Waiting substatus it shows, null when {@code skip}
   * @param reason one line
   * @param skip an input slice is Skipped, so the window is Skipped too
   * @param upstream the window producing the input slice that is not Ready (the next link of the
   *     blocking chain), or null when no window of this factory causes the wait
   */
  public record Blocker(WindowSubstatus substatus, String reason, boolean skip, WindowKey upstream) {
    /** A blocker that no other window causes. */
    public Blocker(WindowSubstatus substatus, String reason, boolean skip) {
      this(substatus, reason, skip, null);
    }
  }
}
