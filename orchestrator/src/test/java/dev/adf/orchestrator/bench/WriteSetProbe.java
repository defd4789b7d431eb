package dev.adf.orchestrator.bench;

import dev.adf.orchestrator.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A design probe for issue 15 (not a test, not product code): what the scheduling pass's <b>write set</b>
 * costs on the durable embedded H2 ({@link Database#openEmbedded}: {@code WRITE_DELAY=0}, the product's pool),
 * today's against proposed ones, with the same lean driver for both, so that the ratio measures the writes and
 * not the Java around them.
 *
 * <ul>
 *   <li>{@code today}: the statements of today's pass on the product's own tables (migrated by Flyway): the
 *       first pass's retag of the backlog beyond the free places to Waiting/ConcurrencyLimit (a window UPDATE
 *       each, no event: V14); per pass one claim transaction (the scheduler's lease row {@code FOR UPDATE}, the
 *       ComputeResources read, per activity its claim row locked and its InProgress count, then a batch of
 *       window compare-and-sets, the latest event's id, a batch of attempt INSERTs, which record the starts:
 *       V14) and one end transaction (window compare-and-sets fenced by owner, events, attempt UPDATEs), as
 *       {@code ClaimStore.claimPass} and {@code finishAttempts} send them; each pass reads the active windows
 *       and each activity's next Waiting page with its attempt join.
 *   <li>{@code todayFewer}: {@code today} without the indexes named by {@code -Dprobe.drop} (comma-separated;
 *       default {@code activity_window_attempts,activity_window_status_end}), dropped after the layout.
 *   <li>{@code noRetag}: {@code today} without the first pass's retag (ConcurrencyLimit derived where shown).
 *       This was the product's write set with V15 (less one {@code activity_review} row per activity and
 *       full review); {@code today} keeps the retag, so that ratios stay comparable with the earlier runs in
 *       docs/BENCHMARKS.md.
 *   <li>{@code noEvents}: {@code noRetag} without the end's event either (history read from attempts).
 *       <b>Since V16 this is the product's write set</b>, less the end's {@code history_change} draw and
 *       the attempt row's six end columns.
 *   <li>{@code fewerIndexes}: {@code noEvents} without the {@code -Dprobe.drop} indexes.
 *   <li>{@code sharedCommit}: {@code noEvents} (the product's write set), each pass's claims committed in the
 *       same transaction as the previous pass's ends (one durable commit per pass instead of two), as a
 *       scheduler that records ends with its next claims would.
 *   <li>{@code narrow}: a queue row per window ({@code probe_queue}: a BIGINT key, an INTEGER activity id, the
 *       window start as epoch seconds, a small state code, attempts, row version, owner, run id, start; one
 *       secondary index {@code (activity_id, state, window_start)}) carries the claim and the end with the same
 *       compare-and-set and owner fences; the wide {@code activity_window} row, one {@code window_event} and the
 *       complete {@code attempt} row are written once per attempt, in the end's transaction; no stored write
 *       for a window that only waits (ConcurrencyLimit derived where it is shown). Lease row and claim rows as
 *       today.
 *   <li>{@code pipelined}: {@code narrow}, with each pass's claims committed in the same transaction as the
 *       ends of the attempts that ended since the previous pass (one durable commit per pass instead of two;
 *       the pass's reads in that transaction too, so that they see those ends).
 *   <li>{@code lean}: {@code narrow} without the end's {@code window_event} (a window's history read from its
 *       attempts instead, an event written only for changes no attempt records).
 * </ul>
 *
 * <p>{@code -Dprobe.variants=noEvents,lean} runs only those (and {@code today}, the baseline of every ratio).
 *
 * <p>Both: every window due at once, concurrency 10 per activity, OldestFirst, an activity that ends at
 * once (the {@code sync} mode of {@link SchedulerBenchmark}: the ends of a pass committed after it); every
 * window must end Ready (checked). Printed per round: windows/s, this process's CPU ms per window.
 *
 * <pre>
 * tools/bench/scheduler.sh probe [ROUNDS] [CASE...]     (cases 1x5000, 100x100)
 * </pre>
 */
public final class WriteSetProbe {
  private static final int CONCURRENCY = 10;
  private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
  private static final String PIPELINE = "Bench";

  private record Result(double perSecond, double cpuMs) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<String> keys = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("1x5000", "100x100");
    Path tmp = Files.createTempDirectory("adf-writeset-probe-");
    try {
      for (Variant v : Variant.values()) {
        if (v.chosen()) {
          run(tmp.resolve("warm-" + v), v, 2, 500);
        }
      }
      Map<String, List<Result[]>> all = new LinkedHashMap<>();
      for (int r = 1; r <= rounds; r++) {
        for (String key : keys) {
          String[] ax = key.split("x");
          int activities = Integer.parseInt(ax[0]);
          int per = Integer.parseInt(ax[1]);
          Result[] res = new Result[Variant.values().length];
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d  %-8s", r, key));
          for (Variant v : Variant.values()) {
            if (!v.chosen()) {
              res[v.ordinal()] = new Result(Double.NaN, Double.NaN);
              continue;
            }
            res[v.ordinal()] = run(tmp.resolve(r + key + v), v, activities, per);
            line.append(String.format(Locale.ROOT, "  %s %,8.0f windows/s (%.3f CPU ms/window, %.2f× today)", v,
                res[v.ordinal()].perSecond(), res[v.ordinal()].cpuMs(),
                res[v.ordinal()].perSecond() / res[0].perSecond()));
          }
          System.out.println(line + "  load " + SchedulerBenchmark.load());
          all.computeIfAbsent(key, k -> new ArrayList<>()).add(res);
        }
      }
      System.out.printf(Locale.ROOT, "%n## Write-set probe, medians of %d rounds (durable H2; load at the end %s)%n",
          rounds, SchedulerBenchmark.load());
      System.out.println("| case | variant | windows/s | **/ today** | CPU ms per window |");
      System.out.println("|---|---|---:|---:|---:|");
      for (var e : all.entrySet()) {
        for (Variant v : Variant.values()) {
          int i = v.ordinal();
          System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | **%.2f** | %.3f |%n", e.getKey(), v,
              DeployBenchmark.median(e.getValue().stream().map(x -> x[i].perSecond()).toList()),
              DeployBenchmark.median(e.getValue().stream().map(x -> x[i].perSecond() / x[0].perSecond()).toList()),
              DeployBenchmark.median(e.getValue().stream().map(x -> x[i].cpuMs()).toList()));
        }
      }
    } finally {
      DeployBenchmark.delete(tmp);
    }
  }

  /** The write sets compared (class comment). */
  private enum Variant {
    today, todayFewer, noRetag, noEvents, fewerIndexes, sharedCommit, narrow, pipelined, lean;

    boolean queue() {
      return ordinal() >= narrow.ordinal();
    }

    /** {@code -Dprobe.variants=today,noEvents}: the variants run (today always). */
    boolean chosen() {
      String only = System.getProperty("probe.variants");
      return this == today || only == null || List.of(only.split(",")).contains(name());
    }

    boolean retag() {
      return this == today || this == todayFewer;
    }

    boolean events() {
      return this == today || this == todayFewer || this == noRetag;
    }
  }

  /** One variant on a fresh durable H2 under {@code dir}: lays out the windows (untimed), then times the passes. */
  private static Result run(Path dir, Variant v, int activities, int perActivity) throws Exception {
    try (Database db = Database.openEmbedded(dir)) {
      var ds = db.dataSource();
      long node;
      try (Connection c = ds.getConnection()) {
        node = layOut(c, v.queue(), activities, perActivity);
        if (v == Variant.fewerIndexes || v == Variant.todayFewer) {
          try (var st = c.createStatement()) {
            for (String ix : System.getProperty("probe.drop", "activity_window_attempts,activity_window_status_end").split(",")) {
              st.execute("DROP INDEX " + ix);
            }
          }
          c.commit();
        }
      }
      Instant now = START.plus(Duration.ofHours(perActivity + 1));
      long t0 = System.nanoTime();
      long cpu0 = SchedulerBenchmark.cpuNanos();
      int ended = 0;
      boolean first = true;
      List<Claimed> pending = List.of(); // pipelined: ended, committed with the next pass's claims
      while (ended < activities * perActivity) {
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          if (v == Variant.sharedCommit) {
            if (!pending.isEmpty()) {
              todayEnds(c, node, pending, now, false, false);
            }
            List<Claimed> claimed = todayPass(c, node, activities, now, false, false);
            if (claimed.isEmpty() && pending.isEmpty()) {
              throw new IllegalStateException("stuck after " + ended + " ends");
            }
            ended += pending.size();
            pending = claimed;
            continue;
          }
          if (v == Variant.pipelined) {
            if (!pending.isEmpty()) {
              narrowEnds(c, node, pending, now, false, true);
            }
            List<Claimed> claimed = narrowPass(c, node, activities, now, false);
            if (claimed.isEmpty() && pending.isEmpty()) {
              throw new IllegalStateException("stuck after " + ended + " ends");
            }
            ended += pending.size();
            pending = claimed;
            continue;
          }
          List<Claimed> claimed = v.queue() ? narrowPass(c, node, activities, now, true)
              : todayPass(c, node, activities, now, first && v.retag(), true);
          if (claimed.isEmpty()) {
            throw new IllegalStateException("stuck after " + ended + " ends");
          }
          if (v.queue()) {
            narrowEnds(c, node, claimed, now, true, v != Variant.lean);
          } else {
            todayEnds(c, node, claimed, now, v.events(), true);
          }
          ended += claimed.size();
          first = false;
        }
      }
      double sec = (System.nanoTime() - t0) / 1e9;
      double cpuMs = (SchedulerBenchmark.cpuNanos() - cpu0) / 1e6 / ended;
      try (Connection c = ds.getConnection(); var ps = c.prepareStatement(
          "SELECT COUNT(*) FROM activity_window WHERE status = 'Ready'"); var rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != ended) {
          throw new IllegalStateException(rs.getInt(1) + " windows Ready after " + ended + " ends");
        }
      }
      return new Result(ended / sec, cpuMs);
    }
  }

  /** A claimed window: its key, its row version after the claim, its attempt number and run id. */
  private record Claimed(int activity, long id, Instant windowStart, long rowVersion, int attempt, String runId) {}

  private static String act(int a) {
    return "A" + a;
  }

  /** Lays out every window Waiting (the wide rows, and for {@code narrow} the queue rows), the claim rows, a Live lease. */
  private static long layOut(Connection c, boolean narrow, int activities, int perActivity) throws SQLException {
    c.setAutoCommit(false);
    try (var st = c.createStatement()) {
      if (narrow) {
        st.execute("CREATE TABLE probe_queue (id BIGINT PRIMARY KEY, activity_id INTEGER NOT NULL,"
            + " window_start BIGINT NOT NULL, state TINYINT NOT NULL, attempts INTEGER NOT NULL, row_version INTEGER NOT"
            + " NULL, owner_node BIGINT, run_id UUID, started_at BIGINT)");
        st.execute("CREATE INDEX probe_queue_activity_state ON probe_queue (activity_id, state, window_start)");
      }
      st.execute("INSERT INTO scheduler_node (host, pid, engine_root, started_at, heartbeat_at, lease_until, state)"
          + " VALUES ('probe', 1, '/tmp', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, DATEADD('HOUR', 1, CURRENT_TIMESTAMP),"
          + " 'Live')");
    }
    try (var w = c.prepareStatement("INSERT INTO activity_window (pipeline, activity, window_start, window_end, status,"
        + " attempts, row_version, updated_at) VALUES (?, ?, ?, ?, 'Waiting', 0, 0, ?)");
        var q = narrow ? c.prepareStatement("INSERT INTO probe_queue VALUES (?, ?, ?, 0, 0, 0, NULL, NULL, NULL)") : null;
        var claim = c.prepareStatement("INSERT INTO activity_claim (pipeline, activity) VALUES (?, ?)")) {
      for (int a = 0; a < activities; a++) {
        claim.setString(1, PIPELINE);
        claim.setString(2, act(a));
        claim.executeUpdate();
        for (int i = 0; i < perActivity; i++) {
          Instant s = START.plus(Duration.ofHours(i));
          w.setString(1, PIPELINE);
          w.setString(2, act(a));
          w.setObject(3, ts(s));
          w.setObject(4, ts(s.plus(Duration.ofHours(1))));
          w.setObject(5, ts(START));
          w.addBatch();
          if (narrow) {
            q.setLong(1, (long) a * perActivity + i);
            q.setInt(2, a);
            q.setLong(3, s.getEpochSecond());
            q.addBatch();
          }
        }
        w.executeBatch();
        if (narrow) {
          q.executeBatch();
        }
      }
    }
    c.commit();
    try (var ps = c.prepareStatement("SELECT MAX(id) FROM scheduler_node"); var rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static OffsetDateTime ts(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  private static void lockClaimRow(Connection c, int a) throws SQLException {
    try (var ps = c.prepareStatement("SELECT pipeline FROM activity_claim WHERE pipeline = ? AND activity = ? FOR UPDATE")) {
      ps.setString(1, PIPELINE);
      ps.setString(2, act(a));
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no claim row for " + act(a));
        }
      }
    }
  }

  private static void lease(Connection c, long node) throws SQLException {
    try (var ps = c.prepareStatement("SELECT id FROM scheduler_node WHERE id = ? AND state = 'Live'"
        + " AND lease_until > CURRENT_TIMESTAMP FOR UPDATE")) {
      ps.setLong(1, node);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("lease lost");
        }
      }
    }
  }

  private static int count(PreparedStatement ps) throws SQLException {
    try (var rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Today's pass: reads, the first pass's retag, the claim transaction. {@code readsApart}: the reads end
   * their own transaction (committed, as {@code Transactions.read} does); without, they are part of the
   * claim transaction ({@code sharedCommit}: after the previous pass's ends, in the same transaction).
   */
  private static List<Claimed> todayPass(Connection c, long node, int activities, Instant now, boolean full,
      boolean readsApart) throws SQLException {
    // The pass's reads: every active window, then each activity's page.
    try (var ps = c.prepareStatement(WINDOW_SELECT + " WHERE w.status = 'InProgress' UNION ALL " + WINDOW_SELECT
        + " WHERE w.status = 'Waiting' AND w.substatus = 'ComputeResources'"); var rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getString(1);
      }
    }
    Map<Integer, List<long[]>> pages = new LinkedHashMap<>();
    List<long[]> retag = new ArrayList<>();
    // As WindowStore.windowsOf: the page cut off the (pipeline, activity, status, window_start) index, then joined.
    try (var ps = c.prepareStatement(WINDOW_SELECT.replace("FROM activity_window w", "FROM (SELECT * FROM activity_window"
        + " WHERE pipeline = ? AND activity = ? AND status = 'Waiting' AND window_start <= ? ORDER BY pipeline, activity,"
        + " status, window_start FETCH FIRST ? ROWS ONLY) w") + " ORDER BY w.window_start")) {
      for (int a = 0; a < activities; a++) {
        ps.setString(1, PIPELINE);
        ps.setString(2, act(a));
        ps.setObject(3, ts(now));
        ps.setInt(4, full ? Integer.MAX_VALUE : 4 * CONCURRENCY);
        List<long[]> page = new ArrayList<>();
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            long[] w = {a, rs.getObject(3, OffsetDateTime.class).toInstant().getEpochSecond(), rs.getLong(12), rs.getInt(7)};
            if (page.size() < CONCURRENCY) {
              page.add(w);
            } else if (full) {
              retag.add(w);
            }
          }
        }
        pages.put(a, page);
      }
    }
    if (readsApart) {
      c.commit();
    }
    if (!retag.isEmpty()) {
      try (var up = c.prepareStatement(UPDATE_WINDOW)) { // a move to ConcurrencyLimit writes no event (V14)
        for (long[] w : retag) {
          bindUpdate(up, "Waiting", "ConcurrencyLimit", (int) w[3], now, (int) w[0], Instant.ofEpochSecond(w[1]), w[2]);
          up.addBatch();
        }
        up.executeBatch();
      }
      c.commit();
    }
    // The claim transaction.
    lease(c, node);
    try (var ps = c.prepareStatement(
        "SELECT pipeline, activity FROM activity_window WHERE status = 'Waiting' AND substatus = 'ComputeResources'");
        var rs = ps.executeQuery()) {
      while (rs.next()) {
        rs.getString(1);
      }
    }
    List<Claimed> out = new ArrayList<>();
    try (var inProgress = c.prepareStatement(
        "SELECT COUNT(*) FROM activity_window WHERE pipeline = ? AND activity = ? AND status = 'InProgress'");
        var up = c.prepareStatement(UPDATE_WINDOW.replace("owner_node = owner_node", "owner_node = " + node));
        var maxEvent = c.prepareStatement("SELECT MAX(id) FROM window_event");
        var at = c.prepareStatement("INSERT INTO attempt (pipeline, activity, window_start, attempt, started_at, status,"
            + " run_id, node_id, start_from_substatus, start_after_event) VALUES (?, ?, ?, ?, ?, 'InProgress', ?, ?,"
            + " 'ConcurrencyLimit', ?)")) {
      // As ClaimStore: the start is on the attempt row (V14), placed after the latest event, read once a batch.
      long afterEvent = count(maxEvent);
      for (var e : pages.entrySet()) {
        int a = e.getKey();
        lockClaimRow(c, a);
        inProgress.setString(1, PIPELINE);
        inProgress.setString(2, act(a));
        int free = CONCURRENCY - count(inProgress);
        for (long[] w : e.getValue().subList(0, Math.min(free, e.getValue().size()))) {
          Instant s = Instant.ofEpochSecond(w[1]);
          int number = (int) w[3] + 1;
          bindUpdate(up, "InProgress", null, number, now, a, s, w[2]);
          up.addBatch();
          String runId = UUID.randomUUID().toString();
          at.setString(1, PIPELINE);
          at.setString(2, act(a));
          at.setObject(3, ts(s));
          at.setInt(4, number);
          at.setObject(5, ts(now));
          at.setString(6, runId);
          at.setLong(7, node);
          at.setLong(8, afterEvent);
          at.addBatch();
          out.add(new Claimed(a, -1, s, w[2] + 1, number, runId));
        }
      }
      int[] n = up.executeBatch();
      for (int k : n) {
        if (k != 1) {
          throw new IllegalStateException("a claim's compare-and-set failed");
        }
      }
      at.executeBatch();
    }
    c.commit();
    return out;
  }

  /**
   * Today's end transaction: window compare-and-sets fenced by owner, events (or none: the end on its
   * attempt row, V16), attempt updates; committed unless {@code commit} is false ({@code sharedCommit}).
   */
  private static void todayEnds(Connection c, long node, List<Claimed> claimed, Instant now, boolean events,
      boolean commit) throws SQLException {
    try (var up = c.prepareStatement(UPDATE_WINDOW.replace("owner_node = owner_node", "owner_node = NULL")
        + " AND owner_node = " + node);
        var ev = c.prepareStatement(INSERT_EVENT);
        var at = c.prepareStatement("UPDATE attempt SET status = ?, error = ?, ended_at = ?, output = ?"
            + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND attempt = ? AND node_id = " + node)) {
      for (Claimed w : claimed) {
        bindUpdate(up, "Ready", null, w.attempt(), now, w.activity(), w.windowStart(), w.rowVersion());
        up.addBatch();
        if (events) {
          bindEvent(ev, w.activity(), w.windowStart(), now, "InProgress", null, "Ready", null, "attempt succeeded");
          ev.addBatch();
        }
        at.setString(1, "Succeeded");
        at.setString(2, null);
        at.setObject(3, ts(now));
        at.setString(4, null);
        at.setString(5, PIPELINE);
        at.setString(6, act(w.activity()));
        at.setObject(7, ts(w.windowStart()));
        at.setInt(8, w.attempt());
        at.addBatch();
      }
      checkAll(up.executeBatch());
      if (events) {
        ev.executeBatch();
      }
      checkAll(at.executeBatch());
    }
    if (commit) {
      c.commit();
    }
  }

  /** The narrow pass: the queue's reads, then the claim transaction on queue rows only. */
  private static List<Claimed> narrowPass(Connection c, long node, int activities, Instant now, boolean readsApart)
      throws SQLException {
    try (var ps = c.prepareStatement("SELECT id, activity_id, window_start, attempts, row_version, run_id, started_at"
        + " FROM probe_queue WHERE activity_id = ? AND state = 1")) {
      for (int a = 0; a < activities; a++) { // the active windows (the real pass reads them for timeouts)
        ps.setInt(1, a);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getLong(1);
          }
        }
      }
    }
    Map<Integer, List<long[]>> pages = new LinkedHashMap<>();
    try (var ps = c.prepareStatement("SELECT id, window_start, row_version, attempts FROM probe_queue"
        + " WHERE activity_id = ? AND state = 0 AND window_start <= ? ORDER BY activity_id, state, window_start"
        + " FETCH FIRST ? ROWS ONLY")) {
      for (int a = 0; a < activities; a++) {
        ps.setInt(1, a);
        ps.setLong(2, now.getEpochSecond());
        ps.setInt(3, 4 * CONCURRENCY);
        List<long[]> page = new ArrayList<>();
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            if (page.size() < CONCURRENCY) {
              page.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)});
            }
          }
        }
        pages.put(a, page);
      }
    }
    if (readsApart) {
      c.rollback();
    }
    lease(c, node);
    List<Claimed> out = new ArrayList<>();
    try (var active = c.prepareStatement("SELECT COUNT(*) FROM probe_queue WHERE activity_id = ? AND state = 1");
        var up = c.prepareStatement("UPDATE probe_queue SET state = 1, attempts = ?, row_version = row_version + 1,"
            + " owner_node = ?, run_id = ?, started_at = ? WHERE id = ? AND row_version = ?")) {
      for (var e : pages.entrySet()) {
        int a = e.getKey();
        lockClaimRow(c, a);
        active.setInt(1, a);
        int free = CONCURRENCY - count(active);
        for (long[] w : e.getValue().subList(0, Math.min(free, e.getValue().size()))) {
          int number = (int) w[3] + 1;
          UUID runId = UUID.randomUUID();
          up.setInt(1, number);
          up.setLong(2, node);
          up.setObject(3, runId);
          up.setLong(4, now.getEpochSecond());
          up.setLong(5, w[0]);
          up.setLong(6, w[2]);
          up.addBatch();
          out.add(new Claimed(a, w[0], Instant.ofEpochSecond(w[1]), w[2] + 1, number, runId.toString()));
        }
      }
      checkAll(up.executeBatch());
    }
    c.commit();
    return out;
  }

  /** The narrow end: the queue row's compare-and-set, then the wide row, one event and the attempt, once. */
  private static void narrowEnds(Connection c, long node, List<Claimed> claimed, Instant now, boolean commit,
      boolean event) throws SQLException {
    try (var q = c.prepareStatement("UPDATE probe_queue SET state = 2, row_version = row_version + 1, owner_node = NULL"
        + " WHERE id = ? AND row_version = ? AND owner_node = ?");
        var up = c.prepareStatement(UPDATE_WINDOW.replace(" AND row_version = ?", ""));
        var ev = c.prepareStatement(INSERT_EVENT);
        var at = c.prepareStatement("INSERT INTO attempt (pipeline, activity, window_start, attempt, started_at,"
            + " ended_at, status, run_id, node_id) VALUES (?, ?, ?, ?, ?, ?, 'Succeeded', ?, ?)")) {
      for (Claimed w : claimed) {
        q.setLong(1, w.id());
        q.setLong(2, w.rowVersion());
        q.setLong(3, node);
        q.addBatch();
        up.setString(1, "Ready");
        up.setString(2, null);
        up.setInt(3, w.attempt());
        up.setObject(4, null);
        up.setString(5, null);
        up.setObject(6, ts(now));
        up.setString(7, PIPELINE);
        up.setString(8, act(w.activity()));
        up.setObject(9, ts(w.windowStart()));
        up.addBatch();
        if (event) {
          bindEvent(ev, w.activity(), w.windowStart(), now, "Waiting", null, "Ready", null,
              "attempt " + w.attempt() + " succeeded");
          ev.addBatch();
        }
        at.setString(1, PIPELINE);
        at.setString(2, act(w.activity()));
        at.setObject(3, ts(w.windowStart()));
        at.setInt(4, w.attempt());
        at.setObject(5, ts(now));
        at.setObject(6, ts(now));
        at.setString(7, w.runId());
        at.setLong(8, node);
        at.addBatch();
      }
      checkAll(q.executeBatch());
      checkAll(up.executeBatch());
      if (event) {
        ev.executeBatch();
      }
      at.executeBatch();
    }
    if (commit) {
      c.commit();
    }
  }

  private static void checkAll(int[] counts) {
    for (int k : counts) {
      if (k != 1) {
        throw new IllegalStateException("a compare-and-set failed");
      }
    }
  }

  /** As {@code WindowStore.WINDOW_SELECT}: the window with its last attempt's start, end and run id. */
  private static final String WINDOW_SELECT =
      "SELECT w.pipeline, w.activity, w.window_start, w.window_end, w.status, w.substatus, w.attempts,"
          + " w.not_before, w.last_error, a.started_at, a.ended_at, w.row_version, a.run_id FROM activity_window w"
          + " LEFT JOIN attempt a ON a.pipeline = w.pipeline AND a.activity = w.activity"
          + " AND a.window_start = w.window_start AND a.attempt = w.attempts";

  /** As {@code WindowStore.updateSql}, the owner clause replaced per use. */
  private static final String UPDATE_WINDOW =
      "UPDATE activity_window SET status = ?, substatus = ?, attempts = ?, not_before = ?,"
          + " last_error = ?, row_version = row_version + 1, updated_at = ?, owner_node = owner_node"
          + " WHERE pipeline = ? AND activity = ? AND window_start = ? AND row_version = ?";

  private static final String INSERT_EVENT =
      "INSERT INTO window_event (pipeline, activity, window_start, at, from_status, from_substatus,"
          + " to_status, to_substatus, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static void bindUpdate(PreparedStatement ps, String status, String substatus, int attempts, Instant now,
      int a, Instant windowStart, long rowVersion) throws SQLException {
    ps.setString(1, status);
    ps.setString(2, substatus);
    ps.setInt(3, attempts);
    ps.setObject(4, null);
    ps.setString(5, null);
    ps.setObject(6, ts(now));
    ps.setString(7, PIPELINE);
    ps.setString(8, act(a));
    ps.setObject(9, ts(windowStart));
    ps.setLong(10, rowVersion);
  }

  private static void bindEvent(PreparedStatement ps, int a, Instant windowStart, Instant at, String fromStatus,
      String fromSub, String toStatus, String toSub, String reason) throws SQLException {
    ps.setString(1, PIPELINE);
    ps.setString(2, act(a));
    ps.setObject(3, ts(windowStart));
    ps.setObject(4, ts(at));
    ps.setString(5, fromStatus);
    ps.setString(6, fromSub);
    ps.setString(7, toStatus);
    ps.setString(8, toSub);
    ps.setString(9, reason);
  }
}
