package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link Store} on the orchestrator's JDBC database, H2 or PostgreSQL: the same SQL on both except
 * where {@link SqlDialect} says. Each call is one transaction. This facade holds no SQL: it delegates
 * by concern to {@link DeploymentStore} (deployments and their plans), {@link WindowStore} (activity
 * windows and their transitions), {@link AttemptStore} (claims and attempts), {@link SliceStore}
 * (external dataset slices), {@link PauseStore} (run-time pauses) and {@link WindowCountQuery}
 * (counts by status); a transaction that spans two concerns (a deploy reconciles windows, a claim moves
 * a window and inserts its attempt) passes its connection from one to the other.
 */
public final class JdbcStore implements Store {
  private final DeploymentStore deployments;
  private final WindowStore windows;
  private final ClaimStore claims;
  private final AttemptStore attempts;
  private final SliceStore slices;
  private final PauseStore pauses;
  private final WindowCountQuery counts;
  private final Database database;

  /** A store on {@code database}'s connections, speaking its dialect; it does not close the database. */
  public JdbcStore(Database database) {
    this(database, null);
  }

  private JdbcStore(Database database, Long node) {
    this.database = database;
    DataSource ds = database.dataSource();
    SqlDialect sql = SqlDialect.of(database.dialect());
    this.deployments = new DeploymentStore(ds);
    this.windows = new WindowStore(ds, sql, node);
    this.claims = new ClaimStore(ds, sql, node);
    this.attempts = new AttemptStore(ds, sql, node);
    this.slices = new SliceStore(ds, sql);
    this.pauses = new PauseStore(ds, sql);
    this.counts = new WindowCountQuery(ds);
  }

  /**
   * This store for the scheduler {@code node}: its claims need that scheduler's unexpired lease, the
   * windows it makes active are its own, and it changes active windows and attempts only while they
   * are still its own (another scheduler may have adopted them).
   */
  @Override
  public Store forNode(long node) {
    return new JdbcStore(database, node);
  }

  // --- deployments

  @Override
  public DeployOutcome deploy(List<StoredEntity> entities, Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source, Instant at) {
    return deployments.deploy(entities, windows, source, at);
  }

  @Override
  public DeployOutcome plan(List<StoredEntity> entities, Map<ActivityRef, ? extends Iterable<TimeWindow>> windows,
      String source, Instant at) {
    return deployments.plan(entities, windows, source, at);
  }

  @Override
  public int resealVersions(java.util.function.Function<String, java.util.Optional<String>> reseal) {
    return deployments.resealVersions(reseal);
  }

  @Override
  public List<StoredEntity> deployedEntities() {
    return deployments.deployedEntities();
  }

  @Override
  public List<String> deployedVersions() {
    return deployments.deployedVersions();
  }

  // --- windows

  @Override
  public int addWindows(ActivityRef activity, Iterable<TimeWindow> windows, Instant at) {
    return this.windows.addWindows(activity, windows, at);
  }

  @Override
  public Optional<Instant> latestWindowEnd(ActivityRef activity) {
    return windows.latestWindowEnd(activity);
  }

  @Override
  public List<ActivityWindow> windowsOf(ActivityRef activity, WindowStatus status, Instant startAtOrBefore,
      boolean newestFirst, Instant after, int limit) {
    return windows.windowsOf(activity, status, startAtOrBefore, newestFirst, after, limit);
  }

  @Override
  public List<ActivityWindow> windowsBetween(ActivityRef activity, Instant from, Instant to) {
    return windows.windowsBetween(activity, from, to);
  }

  @Override
  public WindowCounts windowCounts(Instant now) {
    return counts.counts(now);
  }

  @Override
  public List<ActivityWindow> windows(WindowQuery query) {
    return windows.windows(query);
  }

  @Override
  public Optional<ActivityWindow> window(WindowKey key) {
    return windows.window(key);
  }

  @Override
  public List<ActivityWindow> windowsIn(WindowState state) {
    return windows.windowsIn(state);
  }

  @Override
  public List<ActivityWindow> windowsIn(List<WindowState> states) {
    return windows.windowsIn(states);
  }

  @Override
  public List<ActivityWindow> allActiveWindows() {
    return windows.activeWindows();
  }

  @Override
  public int retag(List<Retag> changes, List<Review> reviews, Instant at) {
    return windows.retag(changes, reviews, at);
  }

  @Override
  public boolean transition(
      ActivityWindow expected, WindowState next, WindowChange change, String reason, Instant at) {
    return windows.transition(expected, next, change, reason, at);
  }

  @Override
  public boolean transitionAll(List<Transition> changes, String reason, Instant at) {
    return windows.transitionAll(changes, reason, at);
  }

  // --- attempts

  @Override
  public Optional<ActivityWindow> claim(ActivityWindow expected, Instant at) {
    return claims.claim(expected, at);
  }

  @Override
  public List<ActivityWindow> claimAll(ActivityRef activity, List<ActivityWindow> candidates, int concurrency,
      Instant at) {
    return claims.claimAll(activity, candidates, concurrency, at);
  }

  @Override
  public List<List<ActivityWindow>> claimPass(List<Claim> claims, Instant at) {
    return this.claims.claimPass(claims, at);
  }

  @Override
  public boolean finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output,
      Instant at, ActivityWindow expected, WindowState next, WindowChange change, String reason) {
    return attempts.finishAttempt(key, number, status, error, output, at, expected, next, change, reason);
  }

  @Override
  public boolean[] finishAttempts(List<AttemptEnd> ends, Instant at) {
    return attempts.finishAttempts(ends, at);
  }

  @Override
  public ReserveMark reserveMark() {
    return Transactions.read(database.dataSource(), ClaimStore::reserveMark);
  }

  @Override
  public EndsAndClaims finishAttemptsAndClaim(List<AttemptEnd> ends, List<Claim> refills, ReserveMark mark,
      Instant at) {
    List<WindowStore.Move> moves = AttemptStore.moves(ends);
    claims.ensureClaimRows(refills);
    return Transactions.run(database.dataSource(), c -> {
      boolean[] recorded = ends.isEmpty() ? new boolean[0] : attempts.finishAttempts(c, ends, moves, at);
      boolean held = ClaimStore.reserveMark(c).equals(mark);
      return new EndsAndClaims(recorded, held ? claims.claimTogether(c, refills, at) : ClaimStore.none(refills), held);
    });
  }

  @Override
  public void attemptJob(WindowKey key, int number, String engineJobId, String logLocation) {
    attempts.attemptJob(key, number, engineJobId, logLocation);
  }

  @Override
  public void finishAttempt(WindowKey key, int number, AttemptStatus status, String error, String output,
      Instant at) {
    attempts.finishAttempt(key, number, status, error, output, at);
  }

  @Override
  public List<Attempt> attempts(WindowKey key) {
    return attempts.attempts(key);
  }

  @Override
  public List<Attempt> runningAttempts() {
    return attempts.runningAttempts();
  }

  // --- external dataset slices

  @Override
  public Optional<DatasetSlice> datasetSlice(String dataset, Instant sliceStart) {
    return slices.datasetSlice(dataset, sliceStart);
  }

  @Override
  public void saveSlice(DatasetSlice slice, Instant at) {
    slices.saveSlice(slice, at);
  }

  @Override
  public List<DatasetSlice> resetFailedSlices(String dataset, Instant from, Instant to) {
    return slices.resetFailedSlices(dataset, from, to);
  }

  // --- pauses

  @Override
  public void pause(String pipeline, boolean terminate, Instant at) {
    pauses.pause(pipeline, terminate, at);
  }

  @Override
  public boolean resume(String pipeline) {
    return pauses.resume(pipeline);
  }

  @Override
  public List<PipelinePause> pauses() {
    return pauses.pauses();
  }
}
