package dev.adf.orchestrator.bench.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code mode=failover}: how long after a SIGKILL another scheduler runs the killed one's work.
 *
 * <p>Per repetition and lease: a fresh database, {@code adf deploy} of a backlog ({@code backlog=}
 * windows, default 6,000, in layout {@code adfLayout}), N {@code adf run} processes ({@code nodes=},
 * default 3) with {@code scheduler.lease} = the lease and the default pass interval ({@code
 * failoverPass=}, default PT1S). Once {@code warm=} windows (default 300) are Ready and node n1 owns at
 * least one InProgress window, n1 gets SIGKILL. Measured from the moment before the signal:
 *
 * <ul>
 *   <li><b>adopted</b>: the killed node's {@code scheduler_node} row turning Adopted ({@code ended_at},
 *       the database's clock, on the same machine);
 *   <li><b>first adopted window</b>: the start ({@code attempt.started_at}, stamped by the adopter when
 *       it claimed it) of the first new attempt of a window the killed node owned InProgress when it died
 *       (read right after its death; an adoption moves them to the adopter): the first of its windows
 *       to run again.
 * </ul>
 *
 * Also checked: every window that ran twice (record lines compared as a set) is one whose attempt was
 * lost with the killed node. Reported: each repetition and the median, per lease ({@code leases=},
 * default PT15S,PT4S), {@code reps=} repetitions (default 5).
 */
final class AdfFailover {
  private AdfFailover() {}

  static void main(String url, String user) throws Exception {
    int n = Integer.parseInt(ClusterBenchmark.arg("nodes", "3"));
    int reps = Integer.parseInt(ClusterBenchmark.arg("reps", "5"));
    int backlog = Integer.parseInt(ClusterBenchmark.arg("backlog", "6000"));
    int warm = Integer.parseInt(ClusterBenchmark.arg("warm", "300"));
    List<Duration> leases = java.util.Arrays.stream(ClusterBenchmark.arg("leases", "PT15S,PT4S").split(","))
        .map(Duration::parse).toList();
    Duration pass = Duration.parse(ClusterBenchmark.arg("failoverPass", "PT1S"));
    AdfNodes.Layout layout = AdfNodes.Layout.parse(ClusterBenchmark.arg("adfLayout", AdfSystem.DEFAULT_LAYOUT));
    System.out.printf(Locale.ROOT, "# failover: N %d, backlog %d windows (%s), SIGKILL of n1 after %d Ready,"
        + " passInterval %s, leases %s, %d repetitions, node JVM %s + %s%n", n, backlog, layout, warm, pass, leases,
        reps, ClusterBenchmark.nodeOpts(), AdfNodes.CLI_JVM);
    Map<Duration, List<double[]>> results = new LinkedHashMap<>();
    int runNo = 0;
    int retries = 0;
    boolean failed = false;
    for (int r = 1; r <= reps; r++) {
      for (Duration lease : leases) {
        double[] m = null;
        Path dir = null;
        while (m == null) {
          String db = "failover_" + (++runNo) + "_" + lease.toSeconds() + "s";
          String runUrl = url.substring(0, url.lastIndexOf('/') + 1) + db;
          try (Connection admin = DriverManager.getConnection(url, user, ""); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + db);
          }
          dir = Files.createTempDirectory("adf-failover-bench-");
          try {
            m = once(runUrl, user, n, backlog, warm, layout, lease, pass, dir);
          } catch (NothingOwned e) {
            // n1 ended its last window between the check and the signal: the repetition again
            System.out.printf(Locale.ROOT, "r%d lease %s: %s; repeated%n", r, lease, e.getMessage());
            if (++retries > 5) {
              throw new IllegalStateException("the killed node owned nothing at its death 5 times");
            }
            ClusterBenchmark.deleteTree(dir);
          } catch (IllegalStateException e) {
            System.out.printf(Locale.ROOT, "r%d lease %s FAILED: %s (logs kept in %s)%n", r, lease, e.getMessage(), dir);
            failed = true;
            break;
          } finally {
            try (Connection admin = DriverManager.getConnection(url, user, ""); Statement st = admin.createStatement()) {
              st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
          }
        }
        if (m == null) {
          continue;
        }
        ClusterBenchmark.deleteTree(dir);
        System.out.printf(Locale.ROOT, "r%d lease %-5s adopted after %6.2f s, first adopted window started after"
            + " %6.2f s (its run recorded after %6.2f s); %3.0f windows of the killed node lost with it, %3.0f ran twice,"
            + " %4.0f Ready at the kill%n", r, lease, m[0], m[1], m[2], m[3], m[4], m[5]);
        results.computeIfAbsent(lease, k -> new ArrayList<>()).add(m);
      }
    }
    System.out.printf(Locale.ROOT, "%n## Failover: SIGKILL of one of %d schedulers to the first adopted window,"
        + " medians of %d%n", n, reps);
    System.out.println("| scheduler.lease | first adopted window started, s (median) | per repetition | adopted"
        + " (row Adopted), s | windows lost with the killed node (median) |");
    System.out.println("|---|---:|---|---:|---:|");
    results.forEach((lease, ms) -> System.out.printf(Locale.ROOT, "| %s | **%.2f** | %s | %.2f | %.0f |%n", lease,
        ClusterBenchmark.median(ms.stream().map(x -> x[1]).toList()),
        String.join(", ", ms.stream().map(x -> String.format(Locale.ROOT, "%.2f", x[1])).toList()),
        ClusterBenchmark.median(ms.stream().map(x -> x[0]).toList()),
        ClusterBenchmark.median(ms.stream().map(x -> x[3]).toList())));
    if (failed) {
      System.out.println("SOME RUNS FAILED (see above)");
      System.exit(1);
    }
  }

  /**
   * One failover: returns {adopted s, first adopted window started s, its record line s, windows lost
   * with the killed node, windows that ran twice, windows Ready at the kill}.
   *
   * @throws IllegalStateException when the run fails (a node died, a window ran twice without having
   *     been lost, a deadline passed)
   */
  private static double[] once(String url, String user, int n, int backlog, int warm, AdfNodes.Layout layout,
      Duration lease, Duration pass, Path dir) throws Exception {
    try (AdfNodes nodes = new AdfNodes(dir, url, user, lease, pass, ClusterBenchmark.nodeOpts());
        Connection c = DriverManager.getConnection(url, user, "")) {
      if (nodes.adf("deploy", "deploy", nodes.factory(layout, backlog).toString()) != 0) {
        throw new IllegalStateException("adf deploy failed: " + nodes.log("deploy"));
      }
      List<Process> procs = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        procs.add(nodes.run("n" + i));
      }
      Process victim = procs.get(0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      long victimId = -1;
      int readyAtKill;
      try (PreparedStatement id = c.prepareStatement("SELECT id FROM scheduler_node WHERE pid = ? AND state = 'Live'");
          PreparedStatement state = c.prepareStatement("SELECT (SELECT count(*) FROM activity_window WHERE status"
              + " = 'Ready'), (SELECT count(*) FROM activity_window WHERE status = 'InProgress' AND owner_node = ?)")) {
        id.setLong(1, victim.pid());
        while (true) {
          alive(procs);
          if (victimId < 0) {
            try (ResultSet rs = id.executeQuery()) {
              victimId = rs.next() ? rs.getLong(1) : -1;
            }
          } else {
            state.setLong(1, victimId);
            try (ResultSet rs = state.executeQuery()) {
              rs.next();
              if (rs.getLong(1) >= warm && rs.getLong(2) > 0) {
                readyAtKill = rs.getInt(1);
                break;
              }
            }
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(warm + " windows not Ready with n1 owning one within 180 s");
          }
          LockSupport.parkNanos(2_000_000L); // bounded by the deadline
        }
      }
      long kill = ClusterBenchmark.micros();
      AdfNodes.signal(victim, "KILL");
      victim.waitFor(30, TimeUnit.SECONDS);
      List<Process> others = procs.subList(1, n);
      // What the killed node owned: frozen until another adopts it (at least 4/5 of the lease from now).
      // An adoption moves these windows and their attempts to the adopter, so they are read now.
      Map<String, Integer> lost = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT pipeline, activity, window_start, attempts FROM"
          + " activity_window WHERE owner_node = ? AND status = 'InProgress'")) {
        ps.setLong(1, victimId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lost.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getInt(4));
          }
        }
      }
      if (lost.isEmpty()) {
        throw new NothingOwned();
      }
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(lease.toSeconds() * 3 + 60);
      double adopted = Double.NaN;
      double firstStart;
      String firstWindow;
      StringBuilder later = new StringBuilder();
      List<Object> params = new ArrayList<>();
      for (var e : lost.entrySet()) {
        String[] k = e.getKey().split("\\|");
        later.append(later.length() == 0 ? "" : " OR ")
            .append("(pipeline = ? AND activity = ? AND window_start = ? AND attempt > ?)");
        params.addAll(List.of(k[0], k[1], OffsetDateTime.ofInstant(java.time.Instant.parse(k[2]),
            java.time.ZoneOffset.UTC), e.getValue()));
      }
      try (PreparedStatement row = c.prepareStatement(
              "SELECT ended_at FROM scheduler_node WHERE id = ? AND state = 'Adopted'");
          PreparedStatement first = c.prepareStatement("SELECT started_at, pipeline, activity, window_start FROM attempt"
              + " WHERE " + later + " ORDER BY started_at LIMIT 1")) {
        row.setLong(1, victimId);
        for (int i = 0; i < params.size(); i++) {
          first.setObject(i + 1, params.get(i));
        }
        while (true) {
          alive(others);
          if (Double.isNaN(adopted)) {
            try (ResultSet rs = row.executeQuery()) {
              if (rs.next()) {
                adopted = seconds(rs.getObject(1, OffsetDateTime.class), kill);
              }
            }
          }
          try (ResultSet rs = first.executeQuery()) {
            if (rs.next()) {
              firstStart = seconds(rs.getObject(1, OffsetDateTime.class), kill);
              firstWindow = rs.getString(2) + "|" + rs.getString(3) + "|"
                  + rs.getObject(4, OffsetDateTime.class).toInstant();
              break;
            }
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no window of the killed node ran again within " + (lease.toSeconds() * 3
                + 60) + " s (adopted after " + adopted + " s)");
          }
          LockSupport.parkNanos(5_000_000L); // bounded by the deadline
        }
      }
      // Only a window lost with the killed node may have run twice (its run was recorded, its end not).
      Map<String, Integer> runs = new HashMap<>();
      double recorded = Double.NaN;
      long recordDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Double.isNaN(recorded)) {
        runs.clear();
        for (String line : Files.readAllLines(nodes.records())) {
          String[] f = line.split("\\|");
          String w = f[0] + "|" + f[1] + "|" + f[2];
          runs.merge(w, 1, Integer::sum);
          if (w.equals(firstWindow) && Long.parseLong(f[4]) != victim.pid()) {
            recorded = (Long.parseLong(f[5]) - kill) / 1e6;
          }
        }
        if (System.nanoTime() > recordDeadline) {
          throw new IllegalStateException("the adopted window " + firstWindow + " was claimed but did not run in 30 s");
        }
        LockSupport.parkNanos(5_000_000L); // bounded by the deadline
      }
      int twice = 0;
      for (var e : runs.entrySet()) {
        if (e.getValue() > 1) {
          twice++;
          if (!lost.containsKey(e.getKey())) {
            throw new IllegalStateException("DUPLICATE: " + e.getKey() + " ran " + e.getValue()
                + " times and was not lost with the killed node");
          }
        }
      }
      return new double[] {adopted, firstStart, recorded, lost.size(), twice, readyAtKill};
    }
  }

  /** The killed node owned no InProgress window when it died (it ended its last one just before). */
  private static final class NothingOwned extends IllegalStateException {
    NothingOwned() {
      super("the killed node owned no InProgress window when it died");
    }
  }

  private static double seconds(OffsetDateTime t, long sinceMicros) {
    return (ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t.toInstant()) - sinceMicros) / 1e6;
  }

  private static void alive(List<Process> procs) {
    for (Process p : procs) {
      if (!p.isAlive()) {
        throw new IllegalStateException("a node (pid " + p.pid() + ") exited with " + p.exitValue()
            + " (its log is in the run's logs folder)");
      }
    }
  }
}
