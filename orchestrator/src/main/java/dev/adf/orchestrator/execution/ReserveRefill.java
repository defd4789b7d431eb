package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.schedule.ReadyReserve;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends that claim their activity's next window (issue 15): the attempt runner keeps the last pass's
 * {@link ReadyReserve}, and the commit that records a group of ends ({@link AttemptEnds}) also claims, for
 * each activity of those ends, the next windows of its reserve, up to its free concurrency slots ({@link
 * Store#finishAttemptsAndClaim}: one transaction, the claims as a pass makes them), then launches them. So
 * a backfill's steady state needs neither a pass nor a commit of its own per claim; an end asks for a pass
 * ({@link #passWanted}) only when what it changed may need one.
 *
 * <p>The reserve is used only while the store is still at the pass's {@link Store.ReserveMark} (checked in
 * the claim's transaction: nothing since could have made its windows not ready), for at most {@link
 * #MAX_AGE_NANOS}, while the scheduler may start attempts (its lease) and is not closing. Each window is
 * claimed by its row-version compare-and-set, so one that changed since the pass read it is passed over.
 *
 * <p>The candidates of a commit count as running here ({@link Launch#hold}) from before the commit until
 * they are launched or passed over, so the scheduler's reconcile never finds a window claimed from the
 * reserve but not launched yet and takes it for one this scheduler lost.
 *
 * <p>Thread-safe: {@link #offer}, {@link #claimed} and {@link #failed} are called by the one thread
 * committing a group at a time ({@link AttemptEnds}); {@link #reserve} by the pass, at any time.
 */
final class ReserveRefill {
  private static final Logger LOG = LoggerFactory.getLogger(ReserveRefill.class);

  /** A reserve older than this (monotonic time, 2 s: two default pass intervals) is not used. */
  static final long MAX_AGE_NANOS = 2_000_000_000L;

  /**
   * A group of ends of more activities than this claims nothing from the reserve: the pass those ends
   * trigger claims for all of them in one transaction, beside the group commits, which measured faster
   * (100 activities × 100 windows: every group claiming measured 0.6–0.9× of the passes claiming; one
   * activity, with this limit: 1.3–1.5× over the passes alone; docs/BENCHMARKS.md, issue 15).
   */
  static final int MAX_ACTIVITIES = 2;

  /** At most this many windows of one activity are kept (the pass reads them with its page). */
  static final int MAX_PER_ACTIVITY = 128;

  /** The runner's side: what it runs here, and the launch of a window claimed from the reserve. */
  interface Launch {
    /**
     * Counts {@code keys} as running here from now on (before the transaction that may claim them), so
     * that a reconcile of this scheduler's windows meanwhile does not take a window claimed but not yet
     * launched for one it lost; a key already running here is left as it is.
     */
    void hold(List<dev.adf.orchestrator.store.WindowKey> keys);

    /** Stops counting {@code keys} as running here, unless they were launched since {@link #hold}. */
    void unhold(List<dev.adf.orchestrator.store.WindowKey> keys);

    /** Starts a window's attempt (claimed: InProgress), in the place {@link #hold} kept for it. */
    void launch(ScheduledActivity activity, ActivityWindow window, dev.adf.orchestrator.schedule.FactoryView view);
  }

  private final Launch launch;
  private final BooleanSupplier mayStart;
  private final AtomicLong inDoubt = new AtomicLong();
  private volatile Held held;
  /** Whether the latest group of ends spanned more than {@link #MAX_ACTIVITIES} activities: then passes keep no reserve. */
  private volatile boolean manyAtOnce;

  /**
   * @param launch starts a claimed window's attempt
   * @param mayStart whether this scheduler may start attempts now (its lease, not closing)
   */
  ReserveRefill(Launch launch, BooleanSupplier mayStart) {
    this.launch = launch;
    this.mayStart = mayStart;
  }

  /** The last pass's reserve, what ends have taken of it since, and when it was made (System.nanoTime). */
  record Held(ReadyReserve reserve, long madeAt, Map<Store.ActivityRef, Deque<ActivityWindow>> left) {
    boolean fresh() {
      return System.nanoTime() - madeAt < MAX_AGE_NANOS;
    }
  }

  /**
   * What one group's commit claims: per activity, its reserve's windows left, in priority order.
   *
   * @param claims the store's claims, one per activity
   * @param activities the activities of {@code claims}, in the same order
   */
  record Offer(Held held, List<Store.Claim> claims, List<ScheduledActivity> activities) {
    /** Every candidate's key. */
    List<dev.adf.orchestrator.store.WindowKey> keys() {
      return claims.stream().flatMap(c -> c.candidates().stream()).map(ActivityWindow::key).toList();
    }
  }

  /**
   * How many windows of {@code a} beyond its free slots a pass should reserve: 4 × its concurrency, at most
   * 128; none while the latest group of ends spanned more than {@link #MAX_ACTIVITIES} activities (it could
   * not have claimed from a reserve, and reading one costs the pass a longer Waiting page per activity).
   */
  int reserveSize(ScheduledActivity a) {
    if (manyAtOnce) {
      return 0;
    }
    return Math.min(MAX_PER_ACTIVITY, 4 * a.activity().policy().concurrency());
  }

  /** Takes a pass's reserve; it replaces the one before. */
  void reserve(ReadyReserve reserve) {
    Map<Store.ActivityRef, Deque<ActivityWindow>> left = new HashMap<>();
    reserve.entries().forEach((ref, e) -> left.put(ref, new ConcurrentLinkedDeque<>(e.windows())));
    held = new Held(reserve, System.nanoTime(), left);
  }

  /**
   * What the commit of {@code ends} should claim: for each of their activities with windows left in a
   * fresh reserve, those windows; null when nothing (no reserve, an old one, a scheduler that may not start).
   */
  Offer offer(List<AttemptEnds.End> ends) {
    Map<Store.ActivityRef, ScheduledActivity> activities = new LinkedHashMap<>();
    ends.forEach(e -> activities.putIfAbsent(e.activity().ref(), e.activity()));
    manyAtOnce = activities.size() > MAX_ACTIVITIES;
    if (manyAtOnce) {
      return null; // many activities end together: the pass they trigger claims for all of them at once
    }
    Held h = held;
    if (h == null || !h.fresh() || !mayStart.getAsBoolean()) {
      return null;
    }
    List<Store.Claim> claims = new ArrayList<>();
    List<ScheduledActivity> of = new ArrayList<>();
    for (Store.ActivityRef ref : activities.keySet()) {
      ReadyReserve.Entry entry = h.reserve().entries().get(ref);
      Deque<ActivityWindow> left = h.left().get(ref);
      if (entry != null && left != null && !left.isEmpty()) {
        claims.add(new Store.Claim(ref, List.copyOf(left), entry.activity().activity().policy().concurrency()));
        of.add(entry.activity());
      }
    }
    if (claims.isEmpty()) {
      return null;
    }
    Offer offer = new Offer(h, claims, of);
    launch.hold(offer.keys());
    return offer;
  }

  /**
   * After the commit of an offer: launches what it claimed and takes it (and every window before it, which
   * changed since the pass read it) off the reserve; drops the reserve when the store had moved from its
   * mark.
   *
   * @return the activities of which a window was claimed
   */
  java.util.Set<Store.ActivityRef> claimed(Offer offer, Store.EndsAndClaims result) {
    java.util.Set<Store.ActivityRef> refilled = new java.util.HashSet<>();
    if (!result.markHeld()) {
      launch.unhold(offer.keys());
      dropIf(offer.held());
      return refilled;
    }
    for (int i = 0; i < offer.claims().size(); i++) {
      List<ActivityWindow> claimed = result.claimed().get(i);
      if (claimed.isEmpty()) {
        continue;
      }
      Store.ActivityRef ref = offer.claims().get(i).activity();
      refilled.add(ref);
      Deque<ActivityWindow> left = offer.held().left().get(ref);
      var last = claimed.get(claimed.size() - 1).key();
      while (!left.isEmpty() && !left.pollFirst().key().equals(last)) {
        // a window before the last claimed one was passed over: it changed since the pass read it
      }
      for (ActivityWindow w : claimed) {
        try {
          launch.launch(offer.activities().get(i), w, offer.held().reserve().view());
        } catch (RuntimeException e) {
          inDoubt.incrementAndGet();
          LOG.warn("{} was claimed from the reserve but could not start ({}); it waits for the reconcile", w.key(),
              e.toString());
        }
      }
    }
    launch.unhold(offer.keys()); // the candidates not claimed (the claimed ones were launched)
    return refilled;
  }

  /** The commit of an offer failed: its claims may have been made, their windows this scheduler's without running. */
  void failed(Offer offer) {
    launch.unhold(offer.keys());
    inDoubt.incrementAndGet();
    dropIf(offer.held());
  }

  private void dropIf(Held h) {
    if (held == h) {
      held = null;
    }
  }

  /**
   * How many times claims from the reserve may have been made without their windows running (a commit
   * that failed, a launch refused): the scheduler reconciles its windows when this changes.
   */
  long inDoubtCount() {
    return inDoubt.get();
  }

  /**
   * Whether the end of an attempt of {@code a} that ended {@code status} should trigger a pass: always,
   * except for a success that needs no validation of an activity that feeds no other, while a fresh
   * reserve still holds at least its concurrency of windows (so a pass refills it before it runs dry).
   * A failure's retry, an output validation and a downstream window made ready need the pass.
   */
  boolean passWanted(ScheduledActivity a, AttemptStatus status, boolean validates) {
    Held h = held;
    if (status != AttemptStatus.Succeeded || validates || h == null || !h.fresh()) {
      return true;
    }
    ReadyReserve.Entry entry = h.reserve().entries().get(a.ref());
    Deque<ActivityWindow> left = h.left().get(a.ref());
    // An end of an activity that feeds another may make windows ready that no reserve holds.
    return entry == null || h.reserve().view().feedsOthers(a) || left == null
        || left.size() < a.activity().policy().concurrency();
  }
}
