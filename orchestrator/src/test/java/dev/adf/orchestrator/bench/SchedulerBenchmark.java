package dev.adf.orchestrator.bench;

import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.execution.AttemptRunner;
import dev.adf.orchestrator.schedule.AttemptLauncher;
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
import java.util.function.LongSupplier;

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
 * System properties: {@code bench.modes} (default {@code sync,async}), {@code bench.warm} (windows of
 * the warm-up per mode, and db-scheduler executions; default 10,000), {@code bench.capSeconds}
 * (default 600: a longer run stops and reports the rate so far), {@code bench.baselines} (default
 * {@code db-scheduler,quartz}).
 *
 * <pre>
 * tools/bench/scheduler.sh schedule [ROUNDS] [CASE-KEY...]     (keys: 1x5000, 100x100, 1x20000)
 * </pre>
 */
public final class SchedulerBenchmark {
  /** A case: a factory whose windows are all due at {@link DeployBenchmark#NOW}. */
  private record Case(String key, String name, BenchFactory factory, int windows) {}

  /** {@code bench.baselines}: the baselines to run (default both; "none" only while developing: no ratio then). */
  private static final List<String> BASELINES =
      List.of(System.getProperty("bench.baselines", "db-scheduler,quartz").split(","));

  private static final Duration CAP = Duration.ofSeconds(Long.getLong("bench.capSeconds", 600));

  /** {@code bench.warm}: windows (and db-scheduler executions) of the warm-up, per launcher mode (default 10,000). */
  private static final int WARM = Integer.getInteger("bench.warm", 10_000);

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

  private record Round(double ours, double dbScheduler, double quartz, int passes, double firstPassMs,
      double oursCpu, double dbSchedulerCpu, double quartzCpu) {}

  private record Ours(double rate, int passes, double firstPassMs, double cpuMsPerWindow) {}

  /** A baseline's timed run: wall seconds and this process's CPU time (all threads, JIT and GC too) meanwhile. */
  record Timed(double seconds, long cpuNanos) {}

  /** A rate with its CPU cost: per second, and CPU ms per window or execution. */
  private record Rate(double perSecond, double cpuMs) {}

  /** This process's CPU time so far (ns), all threads. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<String> keys = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("1x5000", "100x100");
    List<String> modes = List.of(System.getProperty("bench.modes", "sync,async").split(","));
    Path tmp = Files.createTempDirectory("adf-sched-bench-");
    try {
      // Warm-up, not reported: each side runs WARM windows or executions (default 10,000) first, in
      // two halves, so that every round measures JIT-compiled code on both sides. With the 1,000 of
      // before, ours still sped up from round to round in one JVM (sync 1 x 5,000: 2,895, 4,717, 5,840,
      // 7,043 windows/s), while db-scheduler, run after ours, found H2's code compiled already.
      System.out.println("warm-up (not reported): " + WARM + " windows and executions each");
      Path warm = null;
      for (int half = 0; half < 2; half++) {
        for (String mode : modes) {
          warm = tmp.resolve("warm-" + mode + half);
          ours(warm, hourly("warm", 1, WARM / 2, 10), mode);
        }
        dbScheduler(warm.resolve("home"), "warm" + half, WARM / 2);
      }
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
          Rate dbs = dbScheduler(last.resolve("home"), "d" + r + key, c.windows());
          Rate quartz = quartz(last.resolve("home"), "q" + r + key, c.windows());
          for (var e : ours.entrySet()) {
            Ours o = e.getValue();
            System.out.printf(Locale.ROOT, "round %d  %-28s %-5s ours %,8.0f windows/s (%d passes, first %.0f ms,"
                    + " %.2f CPU ms/window)  db-scheduler %,8.0f/s (%.2f)  Quartz %,8.0f/s (%.2f)  ratios %.2f, %.2f"
                    + "  load %s%n",
                r, c.name(), e.getKey(), o.rate(), o.passes(), o.firstPassMs(), o.cpuMsPerWindow(), dbs.perSecond(),
                dbs.cpuMs(), quartz.perSecond(), quartz.cpuMs(), o.rate() / dbs.perSecond(),
                o.rate() / quartz.perSecond(), load());
            results.computeIfAbsent(c.name() + " | " + e.getKey(), k -> new ArrayList<>())
                .add(new Round(o.rate(), dbs.perSecond(), quartz.perSecond(), o.passes(), o.firstPassMs(),
                    o.cpuMsPerWindow(), dbs.cpuMs(), quartz.cpuMs()));
          }
        }
      }
      System.out.printf(Locale.ROOT, "%n## Scheduling throughput, medians of %d rounds (durable embedded H2;"
          + " db-scheduler threads %d, Quartz thread pool %d; load at the end %s)%n",
          rounds, DbSchedulerBaseline.THREADS, QuartzBaseline.THREADS, load());
      System.out.println("| case | launcher | ours windows/s | db-scheduler exec/s | Quartz jobs/s"
          + " | ours / db-scheduler | ours / Quartz | rounds ours / db-scheduler / Quartz | CPU ms per window:"
          + " ours / db-scheduler / Quartz | first pass ms | passes |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|");
      for (var e : results.entrySet()) {
        List<Round> rs = e.getValue();
        List<String> per = rs.stream().map(x -> String.format(Locale.ROOT, "%.0f/%.0f/%.0f", x.ours(),
            x.dbScheduler(), x.quartz())).toList();
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | **%.2f** | **%.2f** | %s | %.2f / %.2f / %.2f"
                + " | %.0f | %d |%n", e.getKey(),
            DeployBenchmark.median(rs.stream().map(Round::ours).toList()),
            DeployBenchmark.median(rs.stream().map(Round::dbScheduler).toList()),
            DeployBenchmark.median(rs.stream().map(Round::quartz).toList()),
            DeployBenchmark.median(rs.stream().map(x -> x.ours() / x.dbScheduler()).toList()),
            DeployBenchmark.median(rs.stream().map(x -> x.ours() / x.quartz()).toList()),
            String.join(", ", per),
            DeployBenchmark.median(rs.stream().map(Round::oursCpu).toList()),
            DeployBenchmark.median(rs.stream().map(Round::dbSchedulerCpu).toList()),
            DeployBenchmark.median(rs.stream().map(Round::quartzCpu).toList()),
            DeployBenchmark.median(rs.stream().map(Round::firstPassMs).toList()), rs.get(0).passes());
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
    double cpuMs;
    try (Orchestrator o = Orchestrator.open(home, clock, Settings.defaults(), ActivityTypes.builtIn())) {
      Deployer.Report rep = new Deployer(o).deploy(List.of(factory), null);
      if (rep.refused() || rep.outcome().windowsCreated() != c.windows()) {
        throw new IllegalStateException("deploy: " + rep.problems() + " " + rep.outcome());
      }
      // As adf run does: the store bound to a registered scheduler (claims check its lease, writes are fenced).
      SchedulerNodes nodes = o.schedulers();
      long node = nodes.register("bench", ProcessHandle.current().pid(), dir.toString(), Duration.ofMinutes(30)).id();
      Store store = o.store().forNode(node);
      Object signal = new Object();
      boolean[] triggered = {false}; // guarded by signal: an end asked for a pass (adf run's triggerNow)
      NoOpLauncher sync = null;
      AttemptRunner runner = null;
      AttemptLauncher launcher;
      if (mode.equals("sync")) {
        launcher = sync = new NoOpLauncher(store, clock);
      } else {
        // The real AttemptRunner (its threads, its end recording and group commit) with an activity that
        // does nothing; its onFinish wakes the driver as it triggers the next pass in adf run.
        launcher = runner = new AttemptRunner(store, clock,
            ActivityTypes.builtIn().with("HDInsightMapReduce", ctx -> ActivityOutcome.success()), null,
            home.resolve("storage"), List.of(), home.resolve("logs").resolve("attempts"), () -> {
              synchronized (signal) {
                triggered[0] = true;
                signal.notifyAll();
              }
            }).refillFromReserve(); // as adf run: an end claims its activity's next ready window
      }
      NoOpLauncher syncLauncher = sync;
      AttemptRunner attemptRunner = runner;
      LongSupplier ended = sync != null ? syncLauncher::recorded : attemptRunner::finishedCount;
      try {
        SchedulingPass pass = new SchedulingPass(store, o::deployedFactory, (f, ds, slice) -> {
          throw new IllegalStateException("no external inputs in the benchmark");
        }, launcher).stampClaimsWith(clock::instant);
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        long deadline = t0 + CAP.toNanos();
        while (ended.getAsLong() < c.windows() && System.nanoTime() < deadline) {
          long before = ended.getAsLong();
          PassResult r = pass.run(clock.instant());
          if (sync != null) {
            sync.recordEnds();
          }
          if (++passes == 1) {
            firstMs = (System.nanoTime() - t0) / 1e6;
          }
          if (r.started() == 0) {
            if (launcher.running().isEmpty() && ended.getAsLong() == before) {
              throw new IllegalStateException("stuck: a pass started nothing and nothing runs, "
                  + ended.getAsLong() + " of " + c.windows() + " attempts ended");
            }
            // As adf run: the next pass when an end asks for one (sync: every end), else after the pass
            // interval (1 s); the 1 ms wait only notices the last end, to stop the clock.
            long waitUntil = System.nanoTime() + 1_000_000_000L;
            synchronized (signal) {
              while (sync == null && !triggered[0] && ended.getAsLong() < c.windows()
                  && System.nanoTime() < waitUntil) {
                signal.wait(1);
              }
              triggered[0] = false;
            }
          }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        cpuMs = (cpuNanos() - cpu0) / 1e6 / Math.max(1, ended.getAsLong());
        ours = ended.getAsLong() / sec;
        if (ended.getAsLong() < c.windows()) {
          System.out.printf(Locale.ROOT, "  capped at %s: %d of %d attempts ended%n", CAP, ended.getAsLong(), c.windows());
        }
      } finally {
        if (runner != null) {
          runner.close();
        }
      }
      int ready = o.store().windows(WindowQuery.ALL.withStatus(WindowStatus.Ready)).size();
      if (ready != ended.getAsLong()) {
        throw new IllegalStateException(ready + " windows Ready, but " + ended.getAsLong() + " attempts ended");
      }
    }
    return new Ours(ours, passes, firstMs, cpuMs);
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

  /** The db-scheduler baseline on the database of {@code home} (it holds the windows of our run): executions/s, CPU ms each. */
  private static Rate dbScheduler(Path home, String name, int executions) throws Exception {
    if (!BASELINES.contains("db-scheduler")) {
      return new Rate(Double.NaN, Double.NaN);
    }
    try (Database db = Database.openEmbedded(home)) {
      Timed t = DbSchedulerBaseline.run(db.dataSource(), name, executions);
      return new Rate(executions / t.seconds(), t.cpuNanos() / 1e6 / executions);
    }
  }

  /** The Quartz baseline on the database of {@code home} (it holds the windows of our run): jobs/s, CPU ms each. */
  private static Rate quartz(Path home, String name, int jobs) throws Exception {
    if (!BASELINES.contains("quartz")) {
      return new Rate(Double.NaN, Double.NaN);
    }
    try (Database db = Database.openEmbedded(home)) {
      Timed t = QuartzBaseline.run(db.dataSource(), name, jobs);
      return new Rate(jobs / t.seconds(), t.cpuNanos() / 1e6 / jobs);
    }
  }
}
