package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.Store.WindowChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The claims of {@link JdbcStore}: a window's compare-and-set to InProgress and its attempt row, one
 * transaction, under the scheduler's lease and the activity's claim row ({@code activity_claim}); one
 * window ({@link #claim}), one activity's batch ({@link #claimAll}) or a pass's ({@link #claimPass}). What
 * becomes of the attempt afterwards is {@link AttemptStore}'s.
 */
final class ClaimStore {
  private final DataSource ds;
  private final SqlDialect sql;
  /** The scheduler that claims ({@link Store#forNode}), or null (commands, tests). */
  private final Long node;
  /** Activities whose claim row this store has made sure of (claim rows are never deleted). */
  private final Set<ActivityRef> claimRows = ConcurrentHashMap.newKeySet();

  ClaimStore(DataSource ds, SqlDialect sql, Long node) {
    this.ds = ds;
    this.sql = sql;
    this.node = node;
  }

  Optional<ActivityWindow> claim(ActivityWindow expected, Instant at) {
    expected.state().checkTransition(WindowState.of(WindowStatus.InProgress));
    return tx(c -> leaseHeld(c) ? claim(c, expected, at) : Optional.<ActivityWindow>empty());
  }

  /** Claims one window on {@code c} (the caller checked the lease); empty when it changed since read. */
  private Optional<ActivityWindow> claim(Connection c, ActivityWindow expected, Instant at) throws SQLException {
    if (!WindowStore.transitionBatch(c, node, List.of(startMove(expected)), at)[0]) {
      return Optional.empty();
    }
    try (var ps = c.prepareStatement(INSERT_ATTEMPT)) {
      bindAttempt(ps, expected, at, UUID.randomUUID().toString(), latestEvent(c));
      ps.executeUpdate();
    }
    try (var ps = c.prepareStatement(
        WindowStore.WINDOW_SELECT + " WHERE w.pipeline = ? AND w.activity = ? AND w.window_start = ?")) {
      keyParams(ps, expected.key(), 1);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return Optional.of(WindowStore.window(rs));
      }
    }
  }

  /**
   * For a scheduler's store: whether its lease is current by the database's clock, its row locked until
   * the transaction ends, so that an adoption of it (which updates that row, then moves its windows)
   * waits for this claim and then moves the windows it claimed too. Always true for an unbound store.
   */
  private boolean leaseHeld(Connection c) throws SQLException {
    if (node == null) {
      return true;
    }
    try (var ps = c.prepareStatement("SELECT id FROM scheduler_node WHERE id = ? AND state = 'Live'"
        + " AND lease_until > CURRENT_TIMESTAMP FOR UPDATE")) {
      ps.setLong(1, node);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Claims a batch of {@code activity}'s windows in one transaction, up to {@code concurrency} active
   * ones in all: {@link #claimTogether} with one claim.
   *
   * @return the windows claimed (InProgress, with their new attempt and its run id), in {@code
   *     candidates}' order
   */
  List<ActivityWindow> claimAll(ActivityRef activity, List<ActivityWindow> candidates, int concurrency,
      Instant at) {
    return claimTogether(List.of(new Store.Claim(activity, candidates, concurrency)), at).get(0);
  }

  /**
   * A pass's claims ({@link Store#claimPass}): on the embedded H2 store all of them in one transaction
   * ({@link #claimTogether}); on PostgreSQL, where several schedulers share the store, one transaction per
   * activity, so that a scheduler holds one activity's claim row at a time and the others claim the other
   * activities meanwhile (a pass holding every claim row until its commit made the other schedulers pass
   * over every activity, and a backfill ran on one scheduler: {@code ClusterRunTest}).
   */
  List<List<ActivityWindow>> claimPass(List<Store.Claim> claims, Instant at) {
    if (sql.dialect() == Database.Dialect.H2) {
      return claimTogether(claims, at);
    }
    return claims.stream().map(c -> claimAll(c.activity(), c.candidates(), c.concurrency(), at)).toList();
  }

  /**
   * Claims in one transaction: the lease is checked once; each
   * activity's claim row is locked first ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), so that two
   * schedulers never count the same free places, and an activity whose row another scheduler holds is
   * passed over this time instead of waited for; the windows queued for compute capacity are read once.
   * Each claim is still the row-version compare-and-set of {@link #claim(ActivityWindow, Instant)}; the
   * claims of all activities are sent as JDBC batches (the windows' updates, their events, their attempt
   * rows: three batches per round, and another round only when a candidate changed since it was read),
   * and the claimed windows are built from what was written rather than read again.
   */
  private List<List<ActivityWindow>> claimTogether(List<Store.Claim> claims, Instant at) {
    if (claims.stream().allMatch(c -> c.candidates().isEmpty())) {
      return none(claims);
    }
    ensureClaimRows(claims);
    return tx(c -> claimTogether(c, claims, at));
  }

  /** An empty list of claimed windows for each of {@code claims}. */
  static List<List<ActivityWindow>> none(List<Store.Claim> claims) {
    List<List<ActivityWindow>> none = new ArrayList<>(claims.size());
    claims.forEach(c -> none.add(List.of()));
    return none;
  }

  /**
   * Makes sure each activity of {@code claims} with candidates has its claim row, in a transaction of its
   * own: the claim rows exist before a claim transaction, so two first claims never race on an insert.
   * Claim rows are never deleted, so each store instance inserts an activity's row once.
   */
  void ensureClaimRows(List<Store.Claim> claims) {
    claims.forEach(c -> c.candidates().forEach(w -> w.state().checkTransition(WindowState.of(WindowStatus.InProgress))));
    List<ActivityRef> newRows = claims.stream().filter(c -> !c.candidates().isEmpty())
        .map(Store.Claim::activity).filter(a -> !claimRows.contains(a)).distinct().toList();
    if (!newRows.isEmpty()) {
      tx(c -> {
        try (var ps = c.prepareStatement(sql.insertIfAbsent("activity_claim", List.of("pipeline", "activity")))) {
          for (ActivityRef a : newRows) {
            ps.setString(1, a.pipeline());
            ps.setString(2, a.activity());
            ps.executeUpdate();
          }
        }
        return null;
      });
      claimRows.addAll(newRows);
    }
  }

  /**
   * {@link #claimTogether(List, Instant)} on {@code c}, inside the caller's transaction (their claim rows
   * made sure of by {@link #ensureClaimRows}): the lease checked, each activity's claim row locked, its
   * free places counted and its candidates claimed in rounds.
   */
  List<List<ActivityWindow>> claimTogether(Connection c, List<Store.Claim> claims, Instant at) throws SQLException {
    List<List<ActivityWindow>> none = none(claims);
    if (claims.stream().allMatch(x -> x.candidates().isEmpty()) || !leaseHeld(c)) {
      return none;
    }
    Map<ActivityRef, Integer> queued = queuedForCapacity(c);
    int n = claims.size();
    List<List<ActivityWindow>> out = new ArrayList<>(n);
    int[] free = new int[n];
    int[] next = new int[n];
    try (var lock = c.prepareStatement("SELECT pipeline FROM activity_claim WHERE pipeline = ? AND activity = ?"
        + " FOR UPDATE" + sql.skipLocked())) {
      for (int i = 0; i < n; i++) {
        out.add(new ArrayList<>());
        Store.Claim claim = claims.get(i);
        if (claim.candidates().isEmpty() || !lock(lock, claim.activity())) {
          continue; // nothing to claim, or another scheduler is claiming this activity's windows right now
        }
        free[i] = claim.concurrency() - inProgress(c, claim.activity()) - queued.getOrDefault(claim.activity(), 0);
      }
    }
    while (true) {
      // One round: for each activity as many of its next candidates as it has free places left.
      List<ActivityWindow> batch = new ArrayList<>();
      List<Integer> owner = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<ActivityWindow> candidates = claims.get(i).candidates();
        int take = Math.min(free[i] - out.get(i).size(), candidates.size() - next[i]);
        for (int k = 0; k < take; k++) {
          batch.add(candidates.get(next[i]++));
          owner.add(i);
        }
      }
      if (batch.isEmpty()) {
        return out;
      }
      List<ActivityWindow> claimed = claimBatch(c, batch, at);
      for (int k = 0, j = 0; k < batch.size() && j < claimed.size(); k++) {
        if (claimed.get(j).key().equals(batch.get(k).key())) {
          out.get(owner.get(k)).add(claimed.get(j++));
        }
      }
    }
  }

  /** Locks {@code activity}'s claim row with {@code lock}; false when another transaction holds it (PostgreSQL). */
  private static boolean lock(PreparedStatement lock, ActivityRef activity) throws SQLException {
    lock.setString(1, activity.pipeline());
    lock.setString(2, activity.activity());
    try (var rs = lock.executeQuery()) {
      return rs.next();
    }
  }

  /** The activity's InProgress windows, counted on {@code (pipeline, activity, status, window_start)}. */
  private static int inProgress(Connection c, ActivityRef activity) throws SQLException {
    try (var ps = c.prepareStatement(
        "SELECT COUNT(*) FROM activity_window WHERE pipeline = ? AND activity = ? AND status = 'InProgress'")) {
      ps.setString(1, activity.pipeline());
      ps.setString(2, activity.activity());
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * The windows whose attempt's engine job waits for capacity (Waiting/ComputeResources: they hold a
   * concurrency place too), by activity, read off {@code (status, substatus)} and counted here: a {@code
   * status = 'Waiting' AND substatus = 'ComputeResources' AND pipeline = ? …} count made H2 take the
   * longer index prefix and read every Waiting window of the activity, the whole backlog on every claim
   * (docs/BENCHMARKS.md, issue 15).
   */
  private static Map<ActivityRef, Integer> queuedForCapacity(Connection c) throws SQLException {
    Map<ActivityRef, Integer> out = new HashMap<>();
    try (var ps = c.prepareStatement(
        "SELECT pipeline, activity FROM activity_window WHERE status = 'Waiting' AND substatus = 'ComputeResources'");
        var rs = ps.executeQuery()) {
      while (rs.next()) {
        out.merge(new ActivityRef(rs.getString(1), rs.getString(2)), 1, Integer::sum);
      }
    }
    return out;
  }

  /** Claims each of {@code batch} on {@code c} (the caller holds the lease and the claim row); returns those claimed. */
  private List<ActivityWindow> claimBatch(Connection c, List<ActivityWindow> batch, Instant at) throws SQLException {
    boolean[] moved = WindowStore.transitionBatch(c, node, batch.stream().map(ClaimStore::startMove).toList(), at);
    List<ActivityWindow> out = new ArrayList<>();
    long afterEvent = latestEvent(c);
    try (var ps = c.prepareStatement(INSERT_ATTEMPT)) {
      for (int i = 0; i < batch.size(); i++) {
        if (!moved[i]) {
          continue;
        }
        ActivityWindow w = batch.get(i);
        int number = w.attempts() + 1;
        String runId = UUID.randomUUID().toString();
        bindAttempt(ps, w, at, runId, afterEvent);
        ps.addBatch();
        // As the claim wrote it: the row version went up by one, not_before was cleared.
        out.add(new ActivityWindow(w.key(), w.windowEnd(), WindowState.of(WindowStatus.InProgress), number, null,
            w.lastError(), at, null, w.rowVersion() + 1, runId));
      }
      if (!out.isEmpty()) {
        ps.executeBatch();
      }
    }
    return out;
  }

  /**
   * A claim's move to InProgress. It writes no {@code window_event} row: the attempt row records the start
   * (its time, number, and the Waiting substatus it started from; {@link WindowEvents} shows it
   * as the window's event), so a claim writes one history row instead of two (docs/BENCHMARKS.md, issue 15).
   */
  private static WindowStore.Move startMove(ActivityWindow w) {
    int number = w.attempts() + 1;
    return new WindowStore.Move(w, WindowState.of(WindowStatus.InProgress),
        new WindowChange(number, null, w.lastError()), startReason(number), false);
  }

  /** Why a window went InProgress, as its history shows an attempt's start ({@link WindowEvents}). */
  static String startReason(int number) {
    return "attempt " + number + " started";
  }

  /**
   * The id of the latest {@code window_event} visible to {@code c}, 0 when none: read after the claim's
   * compare-and-sets, so every earlier event of a claimed window (committed before its row version was read)
   * is at or below it, and every later one above it. The attempt row keeps it as {@code start_after_event},
   * the start's place among the window's events.
   */
  static long latestEvent(Connection c) throws SQLException {
    try (var ps = c.prepareStatement("SELECT MAX(id) FROM window_event"); var rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * What the windows a pass found ready rest on, as {@code c} sees it ({@link Store.ReserveMark}): the
   * latest {@code window_event} id, the latest deployment id, and the run-time pauses' count and latest
   * {@code paused_at}. One statement, each part read off a primary key.
   */
  static Store.ReserveMark reserveMark(Connection c) throws SQLException {
    try (var ps = c.prepareStatement("SELECT (SELECT MAX(id) FROM window_event), (SELECT MAX(id) FROM deployment),"
        + " (SELECT COUNT(*) FROM pipeline_pause), (SELECT MAX(paused_at) FROM pipeline_pause)");
        var rs = ps.executeQuery()) {
      rs.next();
      return new Store.ReserveMark(rs.getLong(1), rs.getLong(2), rs.getLong(3), instant(rs, 4));
    }
  }

  private static final String INSERT_ATTEMPT =
      "INSERT INTO attempt (pipeline, activity, window_start, attempt, started_at, status, run_id, node_id,"
          + " start_from_substatus, start_after_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Binds the attempt row of {@code w}'s next attempt, claimed at {@code at}. */
  private void bindAttempt(PreparedStatement ps, ActivityWindow w, Instant at, String runId, long afterEvent)
      throws SQLException {
    keyParams(ps, w.key(), 1);
    ps.setInt(4, w.attempts() + 1);
    ps.setObject(5, ts(at));
    ps.setString(6, AttemptStatus.InProgress.name());
    ps.setString(7, runId);
    ps.setObject(8, node);
    ps.setString(9, sub(w.state()));
    ps.setLong(10, afterEvent);
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }
}
