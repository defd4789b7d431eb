package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository port: deployed definitions with versions, activity windows, attempts, external
 * slices. Speaks domain types; adapters map them to a database. Every method is one transaction.
 */
public interface Store {

  /**
   * This store as one scheduler writes it: claims make the scheduler {@code node} the owner of the
   * window and of its attempt, and every change it makes to an active window, or to an attempt, is
   * conditional on still owning it, so a scheduler whose windows another adopted changes nothing.
   *
   * @param node the scheduler's id ({@link SchedulerNodes.Node#id()})
   */
  default Store forNode(long node) {
    return this;
  }

  /**
   * Stores a deployment atomically: new versions of changed entities, the deployed set, and the
   * activity windows of every (pipeline, activity). Windows that exist keep their status and history;
   * windows not in {@code windows} for a deployed activity are dropped; windows of activities no
   * longer deployed are dropped.
   *
   * @param entities the complete new set of entities
   * @param windows the complete window layout, by (pipeline, activity), each oldest first without
   *     overlap; iterated once and never held whole (a {@link dev.adf.orchestrator.window.WindowRange}
   *     lays out years of windows in constant memory)
   * @param source what was deployed (a path), for the deployment record
   * @param at deployment time (UTC)
   * @return what changed
   * @throws StoreException when the database fails; then nothing changed
   */
  DeployOutcome deploy(
      List<StoredEntity> entities,
      Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source,
      Instant at);

  /**
   * What {@link #deploy} with the same arguments would do now, changing nothing: adapters run the very
   * same deploy code and always roll it back, so a plan and the deploy that follows it at the same
   * moment (and on the same stored state) cannot differ. Nothing is stored: not the entities, not the
   * windows, not the deployment counter.
   *
   * @param entities as for {@link #deploy}
   * @param windows as for {@link #deploy}
   * @param source as for {@link #deploy}
   * @param at the moment the deploy would happen (UTC)
   * @return the outcome the deploy would have, {@link DeployOutcome#deployment()} being the number it
   *     would get (0 when no entity would change)
   * @throws StoreException when the database fails
   */
  DeployOutcome plan(
      List<StoredEntity> entities,
      Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source,
      Instant at);

  /** The entities of the current deployment (empty before the first deploy). */
  List<StoredEntity> deployedEntities();

  /**
   * Rewrites stored entity versions (current and past) that {@code reseal} changes, with their SHA-256
   * taken again, in one transaction: for versions written with secrets in clear before secrets were
   * sealed ({@code secrets.SealedJson#resealed}). Versions that already hold sealed secrets (a {@code
   * "$secret"} marker) are not offered.
   *
   * @param reseal the stored text to its new text, or empty to leave it
   * @return how many versions were rewritten
   * @throws StoreException when the database fails; then nothing changed
   */
  int resealVersions(java.util.function.Function<String, java.util.Optional<String>> reseal);

  /**
   * The current deployment's identity, cheap to read (no JSON): one "kind/name/version" per entity,
   * sorted. It changes exactly when {@link #deployedEntities()} would.
   */
  List<String> deployedVersions();

  /**
   * Adds windows that do not exist yet (lazy layout as time passes), each Waiting/ScheduledTime.
   *
   * @param windows oldest first, without overlap; iterated once, never held whole
   * @return how many were added
   */
  int addWindows(ActivityRef activity, Iterable<TimeWindow> windows, Instant at);

  /** The end of the activity's latest window (UTC), or empty when it has none. */
  Optional<Instant> latestWindowEnd(ActivityRef activity);

  /**
   * A page of one activity's windows in one status, for the scheduling pass: names match exactly (as
   * deployed), so the lookup uses the window table's index whatever its size.
   *
   * @param status the status
   * @param startAtOrBefore only windows starting at or before it (UTC), or null for all
   * @param newestFirst order by WindowStart descending instead of ascending
   * @param after the last WindowStart of the previous page, exclusive in the page order, or null for
   *     the first page
   * @param limit at most this many windows (at least 1)
   */
  List<ActivityWindow> windowsOf(
      ActivityRef activity, WindowStatus status, Instant startAtOrBefore, boolean newestFirst, Instant after, int limit);

  /**
   * One activity's windows starting in {@code [from, to)} (UTC), oldest first, names matched exactly:
   * the producing windows of an input's slices, read once for a page of consuming windows.
   */
  List<ActivityWindow> windowsBetween(ActivityRef activity, Instant from, Instant to);

  /**
   * Changes several windows' substatus-level state in one transaction, each on its own: a window that
   * changed since it was read is left as it is (compare-and-set on its row version) and the others are
   * still changed. Attempts, retry pause and last error are kept. Each change is appended to its
   * window's history with its own reason.
   *
   * @return how many windows were changed
   * @throws IllegalStateException when a change is not in {@link WindowState}'s table (nothing changed)
   */
  default int retag(List<Retag> changes, Instant at) {
    return retag(changes, List.of(), at);
  }

  /**
   * {@link #retag(List, Instant)}, and in the same transaction records each of {@code reviews}: the end of
   * a full review of an activity at {@code at}, which from then on makes every Waiting window of it that
   * is still stored Waiting/ScheduledTime, starts at or before {@link Review#dueThrough()} and has not
   * changed since {@code at}, read as Waiting/ConcurrencyLimit (the review examined each of them and
   * found nothing else holding it back; a window held back by anything else is in {@code changes}).
   * A review replaces the activity's previous one.
   *
   * @param at the review's time (UTC): the pass's {@code now}, never before the windows it read changed
   * @return how many windows were changed
   * @throws IllegalStateException when a change is not in {@link WindowState}'s table (nothing changed)
   */
  int retag(List<Retag> changes, List<Review> reviews, Instant at);

  /** One change of {@link #retag}: a Waiting window's new state and why (one line, no secrets). */
  record Retag(ActivityWindow expected, WindowState next, String reason) {}

  /**
   * One activity's full review ({@link #retag(List, List, Instant)}).
   *
   * @param activity the activity reviewed
   * @param dueThrough the latest WindowStart of the Waiting windows the review found due (their due time,
   *     window start or end plus the policy delay, had come), or null when it found none due
   */
  record Review(ActivityRef activity, Instant dueThrough) {}

  List<ActivityWindow> windows(WindowQuery query);

  /**
   * How many activity windows are in each status, over all activities, and how many of the Waiting
   * ones cannot start at {@code now} whatever their inputs: their window has not ended by {@code now}
   * (laid out ahead of time; a window's end is its due time under ADF's default EndOfInterval style,
   * before any policy delay) or their pipeline is paused (Waiting/ActivityResume). Two aggregates in
   * one read, never a list of windows: cheap enough to poll every second for a progress line
   * (measured in docs/BENCHMARKS.md, issue 15).
   *
   * @param now the moment (UTC) due windows are counted at
   * @throws StoreException when the database fails
   */
  WindowCounts windowCounts(Instant now);

  Optional<ActivityWindow> window(WindowKey key);

  /**
   * The windows in exactly {@code state} (status and substatus; a null substatus matches none), over
   * all activities, oldest first. For states few windows are in, such as Waiting/Validation.
   */
  List<ActivityWindow> windowsIn(WindowState state);

  /**
   * The windows in any of {@code states}, each state as {@link #windowsIn(WindowState)}, in one read;
   * oldest first.
   *
   * @param states distinct states
   */
  default List<ActivityWindow> windowsIn(List<WindowState> states) {
    List<ActivityWindow> out = new java.util.ArrayList<>();
    states.forEach(s -> out.addAll(windowsIn(s)));
    out.sort(java.util.Comparator.comparing((ActivityWindow w) -> w.key().windowStart())
        .thenComparing(w -> w.key().pipeline()).thenComparing(w -> w.key().activity()));
    return out;
  }

  /**
   * Every window an attempt holds ({@link WindowState#isActive()}: InProgress in any substatus, or
   * Waiting/ComputeResources), over all activities, in one read (a scheduling pass counts each
   * activity's from it); no order.
   */
  default List<ActivityWindow> allActiveWindows() {
    return activeWindows(null, null);
  }

  /**
   * The windows an attempt holds ({@link WindowState#isActive()}: InProgress, or Waiting/ComputeResources
   * while its engine job is queued), of one pipeline and activity, exact names; null means any.
   */
  default List<ActivityWindow> activeWindows(String pipeline, String activity) {
    List<ActivityWindow> out = new java.util.ArrayList<>(
        windows(new WindowQuery(pipeline, activity, dev.adf.orchestrator.status.WindowStatus.InProgress, null, null,
            false)));
    for (ActivityWindow w : windowsIn(WindowState.of(dev.adf.orchestrator.status.WindowSubstatus.ComputeResources))) {
      if ((pipeline == null || w.key().pipeline().equals(pipeline))
          && (activity == null || w.key().activity().equals(activity))) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Changes a window's state if nobody else changed it since {@code expected} was read
   * (compare-and-set on its row version), and appends the change to the window's history.
   *
   * @param expected the window as read
   * @param next the new state, checked against {@link WindowState}'s table
   * @param change what else changes with it
   * @param reason why, for the history (one line, no secrets)
   * @param at when (UTC)
   * @return true when this call made the change; false when the window changed meanwhile
   * @throws IllegalStateException when the transition is not in the table
   */
  boolean transition(ActivityWindow expected, WindowState next, WindowChange change, String reason, Instant at);

  /**
   * Claims a Waiting window for its next attempt, in one transaction: the window becomes InProgress
   * (compare-and-set on its row version) and attempt number {@code expected.attempts() + 1} is
   * recorded InProgress.
   *
   * @return the claimed window, or empty when someone else changed it first
   */
  Optional<ActivityWindow> claim(ActivityWindow expected, Instant at);

  /**
   * Claims a batch of one activity's Waiting windows, in one transaction: under the activity's claim
   * lock, its active windows ({@link WindowState#isActive()}) are counted again and at most {@code
   * concurrency} minus that many of {@code candidates} are claimed, in the order given, each as {@link
   * #claim} (compare-and-set on its row version; a window changed since read is passed over). When
   * another scheduler holds the activity's claim lock, nothing is claimed (it is claiming the same
   * windows; the next pass tries again) rather than waiting for it.
   *
   * @param candidates Waiting windows of {@code activity}, in priority order
   * @param concurrency the activity's policy concurrency
   * @return the windows claimed, InProgress, in the order given
   */
  default List<ActivityWindow> claimAll(ActivityRef activity, List<ActivityWindow> candidates, int concurrency,
      Instant at) {
    List<ActivityWindow> out = new java.util.ArrayList<>();
    for (ActivityWindow w : candidates) {
      claim(w, at).ifPresent(out::add);
    }
    return out;
  }

  /**
   * One activity's part of a pass's claims ({@link #claimPass}).
   *
   * @param candidates Waiting windows of {@code activity}, in priority order
   * @param concurrency the activity's policy concurrency
   */
  record Claim(ActivityRef activity, List<ActivityWindow> candidates, int concurrency) {
    public Claim {
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * A scheduling pass's claims for every activity: each {@link Claim} as {@link #claimAll} would make it
   * (under that activity's claim lock, up to its concurrency, a window changed since read passed over, an
   * activity whose claim lock another scheduler holds passed over). On the embedded H2 store, which one
   * scheduler uses, all in one transaction: one lease check, one read of the windows queued for compute
   * capacity and one commit for the whole pass. On a shared PostgreSQL store one transaction per activity,
   * so that the other schedulers claim the other activities meanwhile. An activity's windows never count
   * against another's concurrency.
   *
   * @return for each claim, in the order given, the windows claimed (InProgress, in its candidates'
   *     order); an empty list for an activity that claimed nothing
   * @throws IllegalStateException when a candidate cannot move to InProgress (nothing claimed)
   * @throws StoreException when the database fails (nothing claimed)
   */
  default List<List<ActivityWindow>> claimPass(List<Claim> claims, Instant at) {
    List<List<ActivityWindow>> out = new java.util.ArrayList<>(claims.size());
    for (Claim c : claims) {
      out.add(claimAll(c.activity(), c.candidates(), c.concurrency(), at));
    }
    return out;
  }

  /** Records the engine job of a running attempt. */
  void attemptJob(WindowKey key, int number, String engineJobId, String logLocation);

  /** Ends a running attempt. */
  default void finishAttempt(WindowKey key, int number, AttemptStatus status, String error, Instant at) {
    finishAttempt(key, number, status, error, null, at);
  }

  /**
   * Ends a running attempt with what it reported.
   *
   * @param output a JSON object as text (no secrets), or null
   */
  void finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output, Instant at);

  /**
   * Ends a running attempt and moves its window in one transaction: the attempt's end and the window's
   * compare-and-set to {@code next} commit together, so that no one (an adopter, a restarted scheduler)
   * ever finds an ended attempt under a window still InProgress and runs it again. The attempt's end is
   * recorded even when the window changed meanwhile (then the window is left as it is).
   *
   * @return whether the window moved to {@code next}
   */
  default boolean finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output,
      Instant at, ActivityWindow expected, WindowState next, WindowChange change, String reason) {
    finishAttempt(key, number, status, error, output, at);
    return transition(expected, next, change, reason, at);
  }

  /**
   * Ends several running attempts in one transaction (one commit: the ends of attempts that finish
   * together), each with its window's compare-and-set to its {@code next} state as {@link
   * #finishAttempt(WindowKey, int, AttemptStatus, String, String, Instant, ActivityWindow, WindowState,
   * WindowChange, String)} does, except that an end whose window changed since {@code expected} was
   * read (row version, or no longer this scheduler's) is <b>not recorded at all</b>: the caller reads
   * the window again and records that end on its own. The others are recorded whatever happens to it.
   * A recorded end's move is kept on its attempt row, not as a window event row (V16: its history shows
   * it all the same, after the attempt's start), and the transaction moves the live pages' change
   * counter ({@link dev.adf.orchestrator.history.Pulse#changes}).
   *
   * @param ends distinct windows, each with the attempt number it ran
   * @param at when the attempts ended (UTC), for every end of the batch
   * @return one element per end, in order: whether that end was recorded with its window's move
   * @throws IllegalStateException when a move is not in {@link WindowState}'s table (nothing changed)
   * @throws StoreException when the database fails; then nothing changed (or, for a failed commit, all of it may have)
   */
  boolean[] finishAttempts(List<AttemptEnd> ends, Instant at);

  /**
   * What the ready windows a scheduling pass did not claim (its reserve, kept by the attempt runner) rest
   * on, read at the start of the pass ({@link #reserveMark()}); an end may claim from the reserve only while
   * the store is still at this mark ({@link #finishAttemptsAndClaim}). Every change that can make a ready
   * Waiting window not ready moves one of the parts: a window's move recorded as an event (a rerun, a cancel,
   * a skip, a retag, an end recorded on its own), a deploy, a run-time pause ({@code adf pause}). The moves
   * that write no event (claims, a group's ends, the ConcurrencyLimit review) never make a ready window not
   * ready: a claim takes a Waiting window, an end moves an InProgress one.
   *
   * @param lastEvent the latest {@code window_event} id, 0 when none
   * @param lastDeployment the latest deployment id, 0 when none
   * @param pauses how many pipelines are paused at run time
   * @param lastPause the latest pause's time (UTC), or null when none
   */
  record ReserveMark(long lastEvent, long lastDeployment, long pauses, Instant lastPause) {}

  /**
   * The store's {@link ReserveMark} now: one read.
   *
   * @throws StoreException when the database fails
   */
  ReserveMark reserveMark();

  /**
   * What {@link #finishAttemptsAndClaim} did: {@code recorded} as {@link #finishAttempts} returns it,
   * {@code claimed} as {@link #claimPass} does (empty lists when the mark had moved), and whether the
   * store was still at the mark.
   */
  record EndsAndClaims(boolean[] recorded, List<List<ActivityWindow>> claimed, boolean markHeld) {}

  /**
   * {@link #finishAttempts} and, <b>in the same transaction</b> (one commit), the claims of {@code refills}
   * as {@link #claimPass} makes them (the lease checked, each activity's claim row locked, its free places
   * counted after these ends, each window's compare-and-set), but only when the store is still at {@code
   * mark}: else the ends alone. An attempt that ends so takes its activity's next ready window without a
   * pass and without a commit of its own (issue 15, docs/BENCHMARKS.md).
   *
   * @param refills per activity, ready Waiting windows in priority order (the pass's reserve)
   * @param mark the store's mark when those windows were found ready
   * @param at when the attempts ended and the claims are made (UTC)
   * @throws IllegalStateException when a move is not in {@link WindowState}'s table (nothing changed)
   * @throws StoreException when the database fails; then nothing changed (or, for a failed commit, all of
   *     it may have: the claims' windows are then this scheduler's without running, for its reconcile)
   */
  EndsAndClaims finishAttemptsAndClaim(List<AttemptEnd> ends, List<Claim> refills, ReserveMark mark, Instant at);

  /**
   * One end of {@link #finishAttempts}: attempt {@code number} of the window {@code expected} (as read)
   * ended {@code status}, and the window moves to {@code next}.
   *
   * @param error the failure, one line, no secrets; or null
   * @param output a JSON object as text (no secrets), or null
   * @param reason why the window moves, for its history (one line, no secrets)
   */
  record AttemptEnd(ActivityWindow expected, int number, AttemptStatus status, String error, String output,
      WindowState next, WindowChange change, String reason) {}

  /** The attempts of one window, oldest first. */
  List<Attempt> attempts(WindowKey key);

  /** Attempts still InProgress (after a crash they are orphans to recover). */
  List<Attempt> runningAttempts();

  /**
   * Changes the state of several windows in one transaction, all or nothing: each is a
   * compare-and-set on the window's row version, as {@link #transition}, and each change is appended
   * to its window's history with {@code reason}.
   *
   * @return true when every change was made; false (nothing changed) when any window changed since read
   * @throws IllegalStateException when a transition is not in {@link WindowState}'s table (nothing changed)
   */
  boolean transitionAll(List<Transition> changes, String reason, Instant at);

  /**
   * Pauses a pipeline at run time (ADF's Suspend-AzureRmDataFactoryPipeline), separately from its
   * JSON {@code isPaused}; kept across redeploys until {@link #resume}. Pausing a paused pipeline
   * again replaces its {@code terminate} flag.
   *
   * @param pipeline the pipeline's name (matched case-insensitively)
   * @param terminate also cancel its running attempts
   */
  void pause(String pipeline, boolean terminate, Instant at);

  /**
   * Clears a run-time pause.
   *
   * @return true when the pipeline was paused at run time
   */
  boolean resume(String pipeline);

  /** The run-time pauses, sorted by pipeline name. */
  List<PipelinePause> pauses();

  /**
   * A run-time pause of one pipeline.
   *
   * @param pipeline the name as given to {@link #pause}
   * @param terminate its running attempts are to be canceled
   * @param since when it was paused (UTC)
   */
  record PipelinePause(String pipeline, boolean terminate, Instant since) {}

  /** One change of {@link #transitionAll}. */
  record Transition(ActivityWindow expected, WindowState next, WindowChange change) {}

  /** The status name of an external dataset's slice ({@code Waiting}, {@code Ready}, {@code Failed}), if it was checked. */
  default Optional<String> sliceStatus(String dataset, Instant sliceStart) {
    return datasetSlice(dataset, sliceStart).map(s -> s.state().status().name());
  }

  /** An external dataset's slice with its checks, if it was checked (dataset matched case-insensitively). */
  Optional<DatasetSlice> datasetSlice(String dataset, Instant sliceStart);

  /** Stores an external slice after a check, replacing what was stored for it. */
  void saveSlice(DatasetSlice slice, Instant at);

  /**
   * Forgets the Failed slices of an external dataset whose start is in {@code [from, to)}, so they are
   * checked again from scratch (no checks counted). Ready and Waiting slices are kept.
   *
   * @return the slices forgotten, oldest first
   */
  List<DatasetSlice> resetFailedSlices(String dataset, Instant from, Instant to);

  /**
   * What else changes with a window's state.
   *
   * @param attempts the new attempt count
   * @param notBefore earliest next attempt, or null
   * @param lastError the last error, or null to clear it
   */
  record WindowChange(int attempts, Instant notBefore, String lastError) {
    /** Nothing else changes. */
    public static WindowChange keep(ActivityWindow w) {
      return new WindowChange(w.attempts(), w.notBefore(), w.lastError());
    }
  }

  /** An activity of a pipeline. */
  record ActivityRef(String pipeline, String activity) {}

  /**
   * The effect of a deployment.
   *
   * @param deployment the deployment's number, or 0 when no entity changed (windows may still change:
   *     the layout follows the clock)
   * @param added entities new in this deployment ("Kind name")
   * @param changed entities with a new version
   * @param removed entities no longer deployed
   * @param windows per (pipeline, activity), the windows created and dropped, only where some are;
   *     sorted by pipeline, then activity
   */
  record DeployOutcome(
      int deployment,
      List<String> added,
      List<String> changed,
      List<String> removed,
      List<WindowChanges> windows) {

    public DeployOutcome {
      added = List.copyOf(added);
      changed = List.copyOf(changed);
      removed = List.copyOf(removed);
      windows = List.copyOf(windows);
    }

    /** Windows laid out by this deployment, over all activities. */
    public int windowsCreated() {
      return windows.stream().mapToInt(w -> w.created().count()).sum();
    }

    /** Windows no longer in the layout, deleted with their attempts, over all activities. */
    public int windowsDropped() {
      return windows.stream().mapToInt(w -> w.dropped().count()).sum();
    }
  }

  /**
   * The windows one deployment creates and drops for one activity.
   *
   * @param activity the (pipeline, activity)
   * @param created windows laid out new
   * @param dropped windows deleted with their attempts (the activity left the layout, or its period
   *     shrank)
   */
  record WindowChanges(ActivityRef activity, WindowSpan created, WindowSpan dropped) {}

  /**
   * Some windows of one activity, summarized.
   *
   * @param count how many windows
   * @param first the earliest window start (UTC), null when count is 0
   * @param last the latest window start (UTC), null when count is 0
   */
  record WindowSpan(int count, Instant first, Instant last) {
    /** No windows. */
    public static final WindowSpan NONE = new WindowSpan(0, null, null);

    public WindowSpan {
      if (count < 0 || (count == 0) != (first == null) || (count == 0) != (last == null)) {
        throw new IllegalArgumentException("count " + count + " with first " + first + ", last " + last);
      }
    }

    /** This span and the window starting at {@code start}. */
    public WindowSpan plus(Instant start) {
      return plus(new WindowSpan(1, start, start));
    }

    /** Both spans together. */
    public WindowSpan plus(WindowSpan other) {
      if (other.count == 0) {
        return this;
      }
      if (count == 0) {
        return other;
      }
      return new WindowSpan(count + other.count, first.isBefore(other.first) ? first : other.first,
          last.isAfter(other.last) ? last : other.last);
    }
  }
}
