package dev.adf.orchestrator.bench;

import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.schedule.PassResult;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Database;
import dev.adf.orchestrator.store.SchedulerNodes;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Scheduling throughput benchmark (not a test): activity windows taken from due (Waiting) to Ready
 * per second by {@link SchedulingPass} on the embedded H2 database, with an activity that does
 * nothing ({@link NoOpLauncher}), against two baselines in the same run on the same durable H2
 * database: db-scheduler 16.7.1's one-time executions ({@link DbSchedulerBaseline}) and plain Quartz
 * JDBC jobs ({@link QuartzBaseline}).
 *
 * <p>Per round and case: for each launcher mode a fresh home, the case's factory deployed (every
 * window already due at the fixed clock, untimed), then {@code pass.run(now)} timed, called again and
 * again until every window is Ready ("ours"); then, on the last of those databases, the same number of
 * no-op db-scheduler executions ("db-scheduler") and one-shot no-op Quartz jobs ("Quartz"). Launcher modes: {@code sync} ends each attempt inside
 * {@code launch} on the pass's thread; {@code async} ends them on 10 threads as {@code AttemptRunner}
 * does, the driver running the next pass as soon as a pass started nothing and an attempt ended
 * (AttemptRunner's onFinish). The reported ratios are the medians of per-round ratios ours / db-scheduler
 * and ours / Quartz.
 * System properties: {@code bench.modes} (default {@code sync,async}), {@code bench.capSeconds}
 * (default 600: a longer run stops and reports the rate so far).
 *
 * <pre>
 * tools/bench/scheduler.sh schedule [ROUNDS] [CASE-KEY...]     (keys: 1x5000, 100x100, 1x20000)
 * </pre>
 */
public final class SchedulerBenchmark {
  /** A case: a factory whose windows are all due at {@link DeployBenchmark#NOW}. */
  private record Case(String key, String name, BenchFactory factory, int windows) {}

  private static final Duration CAP = Duration.ofSeconds(Long.getLong("bench.capSeconds", 600));

  static Case hourly(String key, int activities, int perActivity, int concurrency) {
    var f = new BenchFactory(activities, "Hour", DeployBenchmark.NOW.minus(Duration.ofHours(perActivity)),
        DeployBenchmark.NOW.toString(), concurrency);
    return new Case(key, String.format(Locale.ROOT, "%d act x %,d windows, c=%d", activities, perActivity, concurrency),
        f, activities * perActivity);
  }

  static Map<String, Case> cases() {
    Map<String, Case> m = new LinkedHashMap<>();
    for (Case c : List.of(hourly("1x5000", 1, 5000, 10), hourly("100x100", 100, 100, 10), hourly("1x20000", 1, 20000, 10))) {
      m.put(c.key(), c);
    }
    return m;
  }

  private record Round(double ours, double dbScheduler, double quartz, int passes, double firstPassMs) {}

  private record Ours(double rate, int passes, double firstPassMs) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<String> keys = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("1x5000", "100x100");
    List<String> modes = List.of(System.getProperty("bench.modes", "sync,async").split(","));
    Path tmp = Files.createTempDirectory("adf-sched-bench-");
    try {
      System.out.println("warm-up (not reported)");
      Path warm = null;
      for (String mode : modes) {
        warm = tmp.resolve("warm-" + mode);
        ours(warm, hourly("warm", 2, 500, 10), mode);
      }
      dbScheduler(warm.resolve("home"), "warm", 1000);
      quartz(warm.resolve("home"), "warm", 1000);
      Map<String, List<Round>> results = new LinkedHashMap<>();
      for (int r = 1; r <= rounds; r++) {
        for (String key : keys) {
          Case c = cases().get(key);
          Map<String, Ours> ours = new LinkedHashMap<>();
          Path last = null;
          for (String mode : modes) {
            last = tmp.resolve("r" + r + "-" + key + "-" + mode);
            ours.put(mode, ours(last, c, mode));
          }
          double dbs = dbScheduler(last.resolve("home"), "d" + r + key, c.windows());
          double quartz = quartz(last.resolve("home"), "q" + r + key, c.windows());
          for (var e : ours.entrySet()) {
            Ours o = e.getValue();
            System.out.printf(Locale.ROOT, "round %d  %-28s %-5s ours %,8.0f windows/s (%d passes, first %.0f ms)"
                    + "  db-scheduler %,8.0f/s  Quartz %,8.0f/s  ratios %.2f, %.2f  load %s%n",
                r, c.name(), e.getKey(), o.rate(), o.passes(), o.firstPassMs(), dbs, quartz, o.rate() / dbs,
                o.rate() / quartz, load());
            results.computeIfAbsent(c.name() + " | " + e.getKey(), k -> new ArrayList<>())
                .add(new Round(o.rate(), dbs, quartz, o.passes(), o.firstPassMs()));
          }
        }
      }
      System.out.printf(Locale.ROOT, "%n## Scheduling throughput, medians of %d rounds (durable embedded H2;"
          + " db-scheduler threads %d, Quartz thread pool %d; load at the end %s)%n",
          rounds, DbSchedulerBaseline.THREADS, QuartzBaseline.THREADS, load());
      System.out.println("| case | launcher | ours windows/s | db-scheduler exec/s | Quartz jobs/s"
          + " | ours / db-scheduler | ours / Quartz | rounds ours / db-scheduler / Quartz | passes |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|---|---:|");
      for (var e : results.entrySet()) {
        List<Round> rs = e.getValue();
        List<String> per = rs.stream().map(x -> String.format(Locale.ROOT, "%.0f/%.0f/%.0f", x.ours(),
            x.dbScheduler(), x.quartz())).toList();
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | **%.2f** | **%.2f** | %s | %d |%n", e.getKey(),
            DeployBenchmark.median(rs.stream().map(Round::ours).toList()),
            DeployBenchmark.median(rs.stream().map(Round::dbScheduler).toList()),
            DeployBenchmark.median(rs.stream().map(Round::quartz).toList()),
            DeployBenchmark.median(rs.stream().map(x -> x.ours() / x.dbScheduler()).toList()),
            DeployBenchmark.median(rs.stream().map(x -> x.ours() / x.quartz()).toList()),
            String.join(", ", per), rs.get(0).passes());
      }
    } finally {
      DeployBenchmark.delete(tmp);
    }
  }

  /** Deploys {@code c} on a fresh home under {@code dir} and times the passes until every window is Ready. */
  private static Ours ours(Path dir, Case c, String mode) throws Exception {
    Path factory = c.factory().write(dir.resolve("factory"));
    Path home = dir.resolve("home");
    Clock clock = Clock.fixed(DeployBenchmark.NOW, ZoneOffset.UTC);
    double ours;
    int passes = 0;
    double firstMs = 0;
    try (Orchestrator o = Orchestrator.open(home, clock, Settings.defaults(), ActivityTypes.builtIn())) {
      Deployer.Report rep = new Deployer(o).deploy(List.of(factory), null);
      if (rep.refused() || rep.outcome().windowsCreated() != c.windows()) {
        throw new IllegalStateException("deploy: " + rep.problems() + " " + rep.outcome());
      }
      // As adf run does: the store bound to a registered scheduler (claims check its lease, writes are fenced).
      SchedulerNodes nodes = o.schedulers();
      long node = nodes.register("bench", ProcessHandle.current().pid(), dir.toString(), Duration.ofMinutes(30)).id();
      Store store = o.store().forNode(node);
      NoOpLauncher launcher = new NoOpLauncher(store, clock,
          mode.equals("async") ? Executors.newFixedThreadPool(10) : null);
      try (launcher) {
        SchedulingPass pass = new SchedulingPass(store, o::deployedFactory, (f, ds, slice) -> {
          throw new IllegalStateException("no external inputs in the benchmark");
        }, launcher).stampClaimsWith(clock::instant);
        long t0 = System.nanoTime();
        long deadline = t0 + CAP.toNanos();
        while (launcher.succeeded() < c.windows() && System.nanoTime() < deadline) {
          long ended = launcher.ended();
          PassResult r = pass.run(clock.instant());
          if (++passes == 1) {
            firstMs = (System.nanoTime() - t0) / 1e6;
          }
          if (r.started() == 0) {
            if (r.running() == 0 && launcher.ended() == ended) {
              throw new IllegalStateException("stuck: a pass started nothing and nothing runs, "
                  + launcher.succeeded() + " of " + c.windows() + " Ready, " + launcher.failed() + " failed");
            }
            launcher.awaitFinishedBeyond(ended, 1000);
          }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        ours = launcher.succeeded() / sec;
        if (launcher.succeeded() < c.windows()) {
          System.out.printf(Locale.ROOT, "  capped at %s: %d of %d windows Ready%n", CAP, launcher.succeeded(), c.windows());
        }
      }
      int ready = o.store().windows(WindowQuery.ALL.withStatus(WindowStatus.Ready)).size();
      if (ready != launcher.succeeded() || launcher.failed() > 0) {
        throw new IllegalStateException(ready + " windows Ready, launcher counted " + launcher.succeeded()
            + " (" + launcher.failed() + " failed)");
      }
    }
    return new Ours(ours, passes, firstMs);
  }

  /** The load average (1, 5, 15 min) from /proc/loadavg, or "?" where there is none. */
  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** The db-scheduler baseline on the database of {@code home} (it holds the windows of our run): executions/s. */
  private static double dbScheduler(Path home, String name, int executions) throws Exception {
    try (Database db = Database.openEmbedded(home)) {
      return executions / DbSchedulerBaseline.run(db.dataSource(), name, executions);
    }
  }

  /** The Quartz baseline on the database of {@code home} (it holds the windows of our run): jobs/s. */
  private static double quartz(Path home, String name, int jobs) throws Exception {
    try (Database db = Database.openEmbedded(home)) {
      return jobs / QuartzBaseline.run(db.dataSource(), name, jobs);
    }
  }
}
