package dev.adf.web.bench;

import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.bench.BenchFactory;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowQuery;
import dev.adf.web.WebServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The monitoring web view's latency at 1,000 and at 100,000 activity windows (issue 12). A main class,
 * not a test: {@code tools/bench/web.sh} builds and runs it.
 *
 * <p>Each run deploys one pipeline "Bench" of 10 hourly activities (A0..A9) whose start/end give
 * {@code windowsPerActivity} windows each, the newest 10 of them in the future (the clock is the real
 * UTC clock), then gives the windows realistic statuses: every window except the newest 24 of each
 * activity ran one attempt (about 1% Failed with an error, the rest Ready); the newest 24 stay Waiting.
 * It then starts the web server in this JVM on loopback and times each page with
 * {@link java.net.http.HttpClient} from this same JVM: 20 warm-up and 100 timed sequential requests per
 * page, the time being the client's, from send until the whole body is read (loopback, so network time is
 * negligible but client and server share the CPU). Heap is measured after {@code System.gc()} while the
 * server still serves, with the orchestrator open.
 *
 * <p>Statuses go through the Store API ({@code claim}, {@code finishAttempt}, {@code transition}, three
 * transactions per window) when that is fast enough: it is measured on the baseline, and when it projects
 * to more than 3 minutes for the large run, the large run writes the very same rows (window update,
 * attempt, two window_event rows with the same reasons) with batched plain JDBC on the same embedded H2
 * database (same JDBC URL in the same JVM, so the same open database as the orchestrator's DataSource).
 *
 * <p>Arguments: {@code [SMALL_PER_ACTIVITY [LARGE_PER_ACTIVITY [WORKDIR]]]}, defaults 100, 10000,
 * {@code /tmp/adf-web-bench}. Option {@code --explain}: after timing, print H2's EXPLAIN ANALYZE of the
 * history queries of the large run.
 */
public final class WebBenchmark {
  static final int ACTIVITIES = 10;
  static final int WAITING_NEWEST = 24;
  static final int FUTURE = 10;
  static final int WARMUP = 20;
  static final int TIMED = 100;

  record Timing(String page, double median, double p95, double max, long bytes, int status) {}

  record Run(int windows, String fill, double fillSeconds, Map<String, Timing> timings, long heapBytes) {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean explain = rest.remove("--explain");
    int small = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 100;
    int large = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 10_000;
    Path work = Path.of(rest.size() > 2 ? rest.get(2) : "/tmp/adf-web-bench");
    deleteTree(work);
    Files.createDirectories(work);

    Run base = run(work.resolve("small"), small, null, false);
    double perWindow = base.fillSeconds() / base.windows();
    double projected = perWindow * large * ACTIVITIES;
    System.out.printf(Locale.ROOT, "# Store API fill: %.2f ms/window on the baseline, %.0f s projected for %,d%n",
        perWindow * 1000, projected, large * ACTIVITIES);
    Boolean jdbc = projected > 180;
    Run big = run(work.resolve("large"), large, jdbc, explain);

    System.out.println();
    System.out.printf(Locale.ROOT, "Fill: %,d windows by %s in %.1f s; %,d windows by %s in %.1f s%n",
        base.windows(), base.fill(), base.fillSeconds(), big.windows(), big.fill(), big.fillSeconds());
    System.out.println();
    System.out.printf(Locale.ROOT, "| page | %s median | p95 | max | bytes | %s median | p95 | max | bytes | p95 ratio |%n",
        label(base.windows()), label(big.windows()));
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String page : base.timings().keySet()) {
      Timing a = base.timings().get(page);
      Timing b = big.timings().get(page);
      System.out.printf(Locale.ROOT, "| `%s` | %.1f | %.1f | %.1f | %,d%s | %.1f | %.1f | %.1f | %,d%s | %.1f× |%n",
          page, a.median(), a.p95(), a.max(), a.bytes(), a.status() == 200 ? "" : " (" + a.status() + ")",
          b.median(), b.p95(), b.max(), b.bytes(), b.status() == 200 ? "" : " (" + b.status() + ")",
          b.p95() / a.p95());
    }
    System.out.printf(Locale.ROOT, "| heap used after GC, serving | %.1f MiB | | | | %.1f MiB | | | | %.1f× |%n",
        base.heapBytes() / 1048576.0, big.heapBytes() / 1048576.0, (double) big.heapBytes() / base.heapBytes());
  }

  private static String label(int windows) {
    return windows >= 1000 ? (windows / 1000) + "k" : String.valueOf(windows);
  }

  /** One home: deploy, fill statuses, serve, time every page, measure heap. {@code jdbc} null: Store API. */
  static Run run(Path home, int perActivity, Boolean jdbc, boolean explain) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant start = now.minus(Duration.ofHours(perActivity - FUTURE));
    Instant end = start.plus(Duration.ofHours(perActivity));
    Path factory = new BenchFactory(ACTIVITIES, "Hour", start, end.toString(), 1).write(home.resolve("factory"));
    try (Orchestrator o = Orchestrator.open(home.resolve("home"), Clock.systemUTC(), Settings.defaults(),
        ActivityTypes.builtIn())) {
      long t0 = System.nanoTime();
      Deployer.Report r = new Deployer(o).deploy(List.of(factory), null);
      if (r.refused()) {
        throw new IllegalStateException("deploy refused: " + r.problems());
      }
      System.out.printf(Locale.ROOT, "# deployed %,d windows in %.1f s%n", r.outcome().windowsCreated(),
          (System.nanoTime() - t0) / 1e9);
      long t1 = System.nanoTime();
      String fill;
      int total = perActivity * ACTIVITIES;
      if (jdbc == null || !jdbc) {
        fillStore(o.store(), now);
        fill = "Store API";
      } else {
        fillJdbc(o.home(), now);
        fill = "batched JDBC";
      }
      double fillSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf(Locale.ROOT, "# %,d windows: statuses by %s in %.1f s%n", total, fill, fillSeconds);

      WebServer server = WebServer.start(o, new MonitoringView.Options("127.0.0.1", 0, null));
      try {
        String base = "http://127.0.0.1:" + server.port();
        Instant withAttempts = start.plus(Duration.ofHours(perActivity / 2)); // a Ready window with an attempt
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/", "/");
        pages.put("/windows", "/windows");
        pages.put("/windows?status=Failed", "/windows?status=Failed");
        pages.put("/windows?view=recent", "/windows?view=recent");
        pages.put("/windows?page=1000", "/windows?page=1000");
        pages.put("/windows?pipeline=Bench&activity=a3", "/windows?pipeline=Bench&activity=a3");
        pages.put("/window?pipeline=Bench&activity=A3&start=…",
            "/window?pipeline=Bench&activity=A3&start=" + withAttempts);
        pages.put("/api/windows", "/api/windows");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Timing> timings = new LinkedHashMap<>();
        for (var e : pages.entrySet()) {
          Timing t = time(client, e.getKey(), URI.create(base + e.getValue()));
          System.out.printf(Locale.ROOT, "# %,d windows  %-45s median %7.1f  p95 %7.1f  max %7.1f ms  %,d bytes  HTTP %d%n",
              total, t.page(), t.median(), t.p95(), t.max(), t.bytes(), t.status());
          timings.put(e.getKey(), t);
        }
        long heap = heapAfterGc();
        System.out.printf(Locale.ROOT, "# %,d windows  heap used after GC while serving: %.1f MiB%n", total,
            heap / 1048576.0);
        if (explain) {
          explain(o.home(), start, end, now);
        }
        return new Run(total, fill, fillSeconds, timings, heap);
      } finally {
        server.close();
      }
    }
  }

  static Timing time(HttpClient client, String page, URI uri) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
    long bytes = 0;
    int status = 0;
    for (int i = 0; i < WARMUP; i++) {
      client.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }
    double[] ms = new double[TIMED];
    for (int i = 0; i < TIMED; i++) {
      long t = System.nanoTime();
      HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      ms[i] = (System.nanoTime() - t) / 1e6;
      bytes = r.body().length;
      status = r.statusCode();
    }
    Arrays.sort(ms);
    return new Timing(page, (ms[TIMED / 2 - 1] + ms[TIMED / 2]) / 2, ms[(int) Math.ceil(0.95 * TIMED) - 1],
        ms[TIMED - 1], bytes, status);
  }

  static long heapAfterGc() throws InterruptedException {
    // System.gc() is a stop-the-world collection on the default G1 (no -XX:+ExplicitGCInvokesConcurrent):
    // it has finished when it returns; twice, so objects finalized by the first are gone too.
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Is window {@code i} (0 = oldest) of an activity one that failed? About 1%. */
  static boolean failed(int i) {
    return i % 100 == 37;
  }

  static final String ERROR = "job exited with code 1: java.lang.IllegalStateException: bench failure";

  /** Statuses through the Store API: claim, finishAttempt, transition, for every window but the newest. */
  static void fillStore(Store store, Instant now) {
    Map<String, List<ActivityWindow>> byActivity = new LinkedHashMap<>();
    for (ActivityWindow w : store.windows(WindowQuery.ALL)) {
      byActivity.computeIfAbsent(w.key().activity(), k -> new ArrayList<>()).add(w);
    }
    for (List<ActivityWindow> ws : byActivity.values()) {
      ws.sort((a, b) -> a.key().windowStart().compareTo(b.key().windowStart()));
      for (int i = 0; i < ws.size() - WAITING_NEWEST; i++) {
        ActivityWindow w = ws.get(i);
        Instant at = w.windowEnd().plus(Duration.ofMinutes(5));
        Instant at2 = at.plus(Duration.ofSeconds(90 + i % 60));
        ActivityWindow claimed = store.claim(w, at).orElseThrow();
        int n = claimed.attempts();
        if (failed(i)) {
          store.finishAttempt(claimed.key(), n, AttemptStatus.Failed, ERROR, at2);
          store.transition(claimed, WindowState.of(WindowStatus.Failed),
              new Store.WindowChange(n, null, ERROR), "attempt " + n + " failed", at2);
        } else {
          store.finishAttempt(claimed.key(), n, AttemptStatus.Succeeded, null, at2);
          store.transition(claimed, WindowState.of(WindowStatus.Ready), Store.WindowChange.keep(claimed), "ok", at2);
        }
      }
    }
  }

  /**
   * The same rows as {@link #fillStore}, batched through plain JDBC (the Store API's three transactions
   * per window project to well over 3 minutes for 100,000 windows): per window one UPDATE of
   * activity_window (status, attempts, last_error, row_version + 2), one attempt row and two
   * window_event rows (Waiting/ScheduledTime → InProgress "attempt 1 started", InProgress → Ready "ok" or
   * → Failed "attempt 1 failed"), committed every 5,000 windows.
   */
  static void fillJdbc(Path home, Instant now) throws Exception {
    try (Connection c = connect(home)) {
      c.setAutoCommit(false);
      List<Object[]> keys = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT pipeline, activity, window_start, window_end FROM activity_window"
              + " ORDER BY pipeline, activity, window_start")) {
        while (rs.next()) {
          keys.add(new Object[] {rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
              rs.getObject(4, OffsetDateTime.class)});
        }
      }
      Map<String, Integer> perActivity = new LinkedHashMap<>();
      for (Object[] k : keys) {
        perActivity.merge((String) k[1], 1, Integer::sum);
      }
      try (PreparedStatement up = c.prepareStatement("UPDATE activity_window SET status = ?, substatus = NULL,"
              + " attempts = 1, not_before = NULL, last_error = ?, row_version = row_version + 2, updated_at = ?"
              + " WHERE pipeline = ? AND activity = ? AND window_start = ?");
          PreparedStatement att = c.prepareStatement("INSERT INTO attempt (pipeline, activity, window_start,"
              + " attempt, started_at, ended_at, status, error, run_id) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)");
          PreparedStatement ev = c.prepareStatement("INSERT INTO window_event (pipeline, activity, window_start,"
              + " at, from_status, from_substatus, to_status, to_substatus, reason) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
        String activity = null;
        int i = 0;
        int batched = 0;
        for (Object[] k : keys) {
          if (!k[1].equals(activity)) {
            activity = (String) k[1];
            i = 0;
          }
          int index = i++;
          if (index >= perActivity.get(activity) - WAITING_NEWEST) {
            continue;
          }
          OffsetDateTime wEnd = (OffsetDateTime) k[3];
          OffsetDateTime at = wEnd.plusMinutes(5).withOffsetSameInstant(ZoneOffset.UTC);
          OffsetDateTime at2 = at.plusSeconds(90 + index % 60);
          boolean failed = failed(index);
          up.setString(1, failed ? "Failed" : "Ready");
          up.setString(2, failed ? ERROR : null);
          up.setObject(3, at2);
          up.setString(4, (String) k[0]);
          up.setString(5, activity);
          up.setObject(6, k[2]);
          up.addBatch();
          att.setString(1, (String) k[0]);
          att.setString(2, activity);
          att.setObject(3, k[2]);
          att.setObject(4, at);
          att.setObject(5, at2);
          att.setString(6, failed ? "Failed" : "Succeeded");
          att.setString(7, failed ? ERROR : null);
          att.setString(8, UUID.randomUUID().toString());
          att.addBatch();
          event(ev, k, at, "Waiting", "ScheduledTime", "InProgress", "attempt 1 started");
          event(ev, k, at2, "InProgress", null, failed ? "Failed" : "Ready", failed ? "attempt 1 failed" : "ok");
          if (++batched % 5000 == 0) {
            up.executeBatch();
            att.executeBatch();
            ev.executeBatch();
            c.commit();
          }
        }
        up.executeBatch();
        att.executeBatch();
        ev.executeBatch();
        c.commit();
      }
    }
  }

  private static void event(PreparedStatement ev, Object[] k, OffsetDateTime at, String from, String fromSub,
      String to, String reason) throws Exception {
    ev.setString(1, (String) k[0]);
    ev.setString(2, (String) k[1]);
    ev.setObject(3, k[2]);
    ev.setObject(4, at);
    ev.setString(5, from);
    ev.setString(6, fromSub);
    ev.setString(7, to);
    ev.setString(8, reason);
    ev.addBatch();
  }

  /**
   * A connection to the home's database: the orchestrator's own URL, so in this JVM it is the very
   * database the orchestrator has open (H2 shares one embedded database per URL within a JVM).
   */
  static Connection connect(Path home) throws Exception {
    Path file = home.toAbsolutePath().resolve("db").resolve("adf");
    return DriverManager.getConnection(
        "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;WRITE_DELAY=0;MAX_COMPACT_TIME=0", "adf", "");
  }

  /** H2's EXPLAIN ANALYZE of the queries behind the overview and the windows list. */
  static void explain(Path home, Instant start, Instant end, Instant now) throws Exception {
    String sel = "SELECT w.pipeline, w.activity, w.window_start, w.window_end, w.status FROM activity_window w";
    String from = now.minus(Duration.ofDays(2)).toString();
    String to = now.plus(Duration.ofHours(12)).toString();
    List<String> queries = List.of(
        sel + " WHERE w.pipeline = 'Bench' AND w.activity = 'A3' AND w.window_start < TIMESTAMP WITH TIME ZONE '" + to
            + "' AND w.window_end > TIMESTAMP WITH TIME ZONE '" + from + "' ORDER BY w.window_start DESC LIMIT 200",
        sel + " WHERE w.pipeline = 'Bench' AND w.activity = 'A3' AND w.window_start < TIMESTAMP WITH TIME ZONE '" + to
            + "' AND w.window_start >= COALESCE((SELECT b.window_start FROM activity_window b WHERE b.pipeline = 'Bench'"
            + " AND b.activity = 'A3' AND b.window_start <= TIMESTAMP WITH TIME ZONE '" + from + "' ORDER BY"
            + " b.pipeline DESC, b.activity DESC, b.window_start DESC LIMIT 1), TIMESTAMP WITH TIME ZONE '" + from + "')"
            + " AND w.window_end > TIMESTAMP WITH TIME ZONE '" + from + "' ORDER BY w.window_start DESC LIMIT 200",
        "SELECT COUNT(*) FROM activity_window WHERE status = 'InProgress' OR (status = 'Waiting' AND substatus = 'ComputeResources')",
        "SELECT (SELECT COUNT(*) FROM activity_window WHERE status = 'InProgress')"
            + " + (SELECT COUNT(*) FROM activity_window WHERE status = 'Waiting' AND substatus = 'ComputeResources')",
        "SELECT pipeline, activity, status, COUNT(*) FROM activity_window GROUP BY pipeline, activity, status ORDER BY pipeline, activity",
        "SELECT MAX(window_end) FROM activity_window WHERE pipeline = 'Bench' AND activity = 'A3' AND status <> 'Waiting'",
        sel + " WHERE 1 = 1 ORDER BY w.window_start DESC, w.pipeline, w.activity LIMIT 50 OFFSET 49950",
        "SELECT COUNT(*) FROM activity_window w WHERE 1 = 1",
        sel + " WHERE 1 = 1 AND w.status IN ('Failed') ORDER BY w.window_start DESC, w.pipeline, w.activity LIMIT 50 OFFSET 0",
        "SELECT COUNT(*) FROM activity_window w WHERE 1 = 1 AND w.status IN ('Failed')",
        sel + " WHERE 1 = 1 AND LOWER(w.pipeline) = 'bench' AND LOWER(w.activity) = 'a3'"
            + " ORDER BY w.window_start DESC, w.pipeline, w.activity LIMIT 50 OFFSET 0",
        "SELECT COUNT(*) FROM activity_window w WHERE 1 = 1 AND LOWER(w.pipeline) = 'bench' AND LOWER(w.activity) = 'a3'",
        "SELECT w.pipeline, w.activity, w.window_start, a.started_at FROM attempt a JOIN activity_window w"
            + " ON a.pipeline = w.pipeline AND a.activity = w.activity AND a.window_start = w.window_start"
            + " AND a.attempt = w.attempts WHERE 1 = 1 ORDER BY a.started_at DESC, w.window_start DESC, w.pipeline,"
            + " w.activity LIMIT 50 OFFSET 0",
        "SELECT w.pipeline, w.activity, w.window_start, a.started_at FROM attempt a JOIN activity_window w"
            + " ON a.pipeline = w.pipeline AND a.activity = w.activity AND a.window_start = w.window_start"
            + " AND a.attempt = w.attempts WHERE 1 = 1 ORDER BY a.started_at DESC, a.window_start DESC, a.pipeline,"
            + " a.activity LIMIT 50 OFFSET 0",
        "SELECT COUNT(*) FROM activity_window w WHERE 1 = 1 AND w.attempts > 0",
        "SELECT (SELECT COUNT(*) FROM activity_window w WHERE 1 = 1)"
            + " - (SELECT COUNT(*) FROM activity_window w WHERE 1 = 1 AND w.attempts = 0)");
    try (Connection c = connect(home); Statement st = c.createStatement()) {
      for (String q : queries) {
        long t = System.nanoTime();
        try (ResultSet rs = st.executeQuery("EXPLAIN ANALYZE " + q)) {
          rs.next();
          System.out.printf(Locale.ROOT, "## %.1f ms%n%s%n", (System.nanoTime() - t) / 1e6, rs.getString(1));
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
