package dev.adf.orchestrator.bench.cluster;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Several schedulers on one PostgreSQL (issue 14), benchmark driver (not a test): scheduling
 * throughput of N competing scheduler nodes, each a JVM process of its own, on one real PostgreSQL.
 *
 * <p>Per run (system, N): a fresh database ({@code CREATE DATABASE}) on the given server, the
 * system's tables, E executions that are all due now stored up front and {@code ANALYZE}d (untimed);
 * then N node processes are started and, once every one has printed {@code ready} (JVM up, pool
 * filled, scheduler built but not started), released together by {@code go} on their stdin. Timed
 * from {@code go} to the last execution's record: each execution appends {@code <id> <epoch µs>} to
 * its node's file; the driver follows the files, puts every id in a set and fails the run on a
 * duplicate, an unknown id, a node that dies, or the timeout. "drained" is the time until the system's
 * tables no longer hold the executions (each system has recorded its completions). While the run
 * lasts, {@code pg_stat_activity} of the run's database is sampled every 10 ms for backends waiting on
 * a heavyweight lock ({@code wait_event_type = 'Lock'}, e.g. Quartz's {@code SELECT … FROM QRTZ_LOCKS
 * … FOR UPDATE}).
 *
 * <p>Systems: {@code db-scheduler} ({@link DbSchedulerNode}, lock-and-fetch), {@code db-scheduler-fetch}
 * (the same with the default fetch strategy), {@code quartz} ({@link QuartzClusterNode}), {@code adf}
 * (N real {@code adf run} processes, {@link AdfSystem}: a paused factory of E due windows, released by
 * one commit). Each repetition runs every system at every N; the system order rotates by repetition.
 * Reported: medians over repetitions, with transactions (and, with {@code profile=true}, statements)
 * per execution ({@link DbCounters}).
 *
 * <p>Other modes, adf only: {@code mode=failover} ({@link AdfFailover}: SIGKILL of one scheduler, time
 * to the first adopted window) and {@code mode=migrate} ({@link AdfMigration}: the first process on a
 * fresh PostgreSQL database against a fresh H2 file).
 *
 * <pre>
 * tools/bench/cluster.sh [key=value ...]
 *   url=jdbc:postgresql://127.0.0.1:PORT/postgres (cluster.sh starts the server and passes it)  user=test
 *   systems=db-scheduler,db-scheduler-fetch,quartz,adf  nodes=1,2,3  executions=3000  reps=3
 *   timeout=300 (seconds per run)  warmup=500 (executions of an unreported N=1 run per system; 0: none)
 *   nodeOpts="-Xmx256m" (JVM options of the node processes)  profile=false (pg_stat_statements)
 *   adfLayout=3x10 (pipelines x concurrency)  adfPass=PT0.05S  adfLease=PT15S
 *   mode=throughput|failover|migrate (failover: nodes=3 leases=PT15S,PT4S backlog=6000 warm=300
 *   failoverPass=PT1S reps=5; migrate: reps=5)
 * </pre>
 */
public final class ClusterBenchmark {
  /** One run's measurements; {@code perNode[i]} = executions node i+1 recorded. */
  record Run(String system, int nodes, int executions, double seconds, double drainedSeconds, double firstMs,
      long[] perNode, double lockWaitShare, double meanLockWaiters, String failure, double xactsPerExecution,
      double statementsPerExecution) {
    Run(String system, int nodes, int executions, double seconds, double drainedSeconds, double firstMs,
        long[] perNode, double lockWaitShare, double meanLockWaiters, String failure) {
      this(system, nodes, executions, seconds, drainedSeconds, firstMs, perNode, lockWaitShare, meanLockWaiters,
          failure, Double.NaN, Double.NaN);
    }

    /** This run with its database counters per execution (see {@link DbCounters}). */
    Run withCounters(double xacts, double statements) {
      return new Run(system, nodes, executions, seconds, drainedSeconds, firstMs, perNode, lockWaitShare,
          meanLockWaiters, failure, xacts, statements);
    }

    double rate() {
      return executions / seconds;
    }

    double drainedRate() {
      return executions / drainedSeconds;
    }

    static Run failed(String system, int nodes, int executions, String why) {
      return new Run(system, nodes, executions, Double.NaN, Double.NaN, Double.NaN, new long[nodes], Double.NaN,
          Double.NaN, why);
    }
  }

  /** A baseline system: its tables, its up-front scheduling, its node process and its "still pending" count. */
  interface SystemUnderTest {
    String name();

    /** Creates the tables and stores {@code e} executions due now, with ids {@code idPrefix() + 0 … e-1}. */
    void prepare(HikariDataSource ds, int e) throws Exception;

    String idPrefix();

    /** Main class and extra arguments after {@code URL USER NODE_NAME ID_FILE}. */
    List<String> node();

    /** A query giving the number of executions the system's tables still hold. */
    String pendingSql();
  }

  private static final Map<String, String> ARGS = new HashMap<>();

  static String arg(String key, String def) {
    return ARGS.getOrDefault(key, def);
  }

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      int i = a.indexOf('=');
      if (i < 0) {
        throw new IllegalArgumentException("expected key=value: " + a);
      }
      ARGS.put(a.substring(0, i), a.substring(i + 1));
    }
    String url = arg("url", null);
    if (url == null) {
      throw new IllegalArgumentException("url=jdbc:postgresql://host:port/postgres is required");
    }
    String user = arg("user", "test");
    switch (arg("mode", "throughput")) {
      case "throughput" -> { }
      case "failover" -> {
        AdfFailover.main(url, user);
        return;
      }
      case "migrate" -> {
        AdfMigration.main(url, user);
        return;
      }
      default -> throw new IllegalArgumentException("mode=throughput|failover|migrate, not " + arg("mode", ""));
    }
    List<String> systems = List.of(arg("systems", "db-scheduler,db-scheduler-fetch,quartz,adf").split(","));
    List<Integer> nodes = Arrays.stream(arg("nodes", "1,2,3").split(",")).map(Integer::parseInt).toList();
    int e = Integer.parseInt(arg("executions", "3000"));
    int reps = Integer.parseInt(arg("reps", "3"));
    int warmup = Integer.parseInt(arg("warmup", "500"));
    long timeout = Long.parseLong(arg("timeout", "300"));
    List<String> nodeOpts = nodeOpts();
    boolean profile = Boolean.parseBoolean(arg("profile", "false"));

    try (Connection c = DriverManager.getConnection(url, user, "")) {
      System.out.println("# " + describeServer(c));
      if (profile) {
        try (Statement st = c.createStatement()) {
          st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
      }
    }
    System.out.printf(Locale.ROOT, "# systems %s, N %s, E %d, %d repetitions, node JVM %s, pool %d per node%s%n",
        systems, nodes, e, reps, nodeOpts, NodeSupport.POOL, profile ? ", pg_stat_statements on" : "");
    if (systems.contains("adf")) {
      System.out.println("# adf: " + AdfSystem.describe());
    }
    var driver = new ClusterBenchmark(url, user, timeout, nodeOpts, profile);
    if (warmup > 0) {
      System.out.println("warm-up (not reported)");
      for (String s : systems) {
        driver.run(s, 1, warmup, "warm");
      }
    }
    Map<String, List<Run>> results = new LinkedHashMap<>();
    boolean failed = false;
    for (int r = 1; r <= reps; r++) {
      List<String> order = new ArrayList<>(systems);
      java.util.Collections.rotate(order, -(r - 1));
      for (int n : nodes) {
        for (String s : order) {
          Run run = driver.run(s, n, e, "r" + r);
          if (run == null) {
            continue;
          }
          failed |= run.failure() != null;
          results.computeIfAbsent(s + " " + n, k -> new ArrayList<>()).add(run);
        }
      }
    }
    summary(results, systems, nodes, e, reps);
    if (failed) {
      System.out.println("SOME RUNS FAILED (see above)");
      System.exit(1);
    }
  }

  private final String url;
  private final String user;
  private final long timeoutSeconds;
  private final List<String> nodeOpts;
  private final boolean profile;
  private int runNo;

  private ClusterBenchmark(String url, String user, long timeoutSeconds, List<String> nodeOpts, boolean profile) {
    this.url = url;
    this.user = user;
    this.timeoutSeconds = timeoutSeconds;
    this.nodeOpts = nodeOpts;
    this.profile = profile;
  }

  /** The node processes' JVM options ({@code nodeOpts=}, default {@code -Xmx256m}). */
  static List<String> nodeOpts() {
    return List.of(arg("nodeOpts", "-Xmx256m").trim().split("\\s+"));
  }

  private static SystemUnderTest system(String name) {
    return switch (name) {
      case "db-scheduler" -> new DbScheduler("db-scheduler", "lock-and-fetch");
      case "db-scheduler-fetch" -> new DbScheduler("db-scheduler-fetch", "fetch");
      case "quartz" -> new QuartzCluster();
      default -> throw new IllegalArgumentException("unknown system " + name);
    };
  }

  /** One run of {@code system} with {@code n} nodes and {@code e} executions. */
  private Run run(String systemName, int n, int e, String label) throws Exception {
    String db = "bench_" + (++runNo) + "_" + systemName.replaceAll("[^a-z0-9]", "_") + "_n" + n;
    String runUrl = url.substring(0, url.lastIndexOf('/') + 1) + db;
    SystemUnderTest sys = systemName.equals("adf") ? null : system(systemName);
    try (Connection admin = DriverManager.getConnection(url, user, "");
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    Path dir = Files.createTempDirectory("adf-cluster-bench-");
    Run run;
    try {
      DbCounters counters = new DbCounters(url, user, db, profile);
      run = sys == null ? adf(runUrl, n, e, dir, counters) : measure(sys, runUrl, n, e, dir, counters);
      if (run.failure() == null) {
        run = counters.finish(run);
      }
    } finally {
      try (Connection admin = DriverManager.getConnection(url, user, "");
          Statement st = admin.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
    if (run.failure() == null) {
      deleteTree(dir);
      System.out.printf(Locale.ROOT, "%-5s %-19s N=%d E=%d  %,8.0f exec/s  wall %6.2f s  drained %6.2f s  first %5.0f ms"
              + "  shares %s  lock-wait samples %4.1f%% (mean %.2f waiting)  xacts/exec %.1f%s%n",
          label, systemName, n, e, run.rate(), run.seconds(), run.drainedSeconds(), run.firstMs(), shares(run),
          100 * run.lockWaitShare(), run.meanLockWaiters(), run.xactsPerExecution(),
          Double.isNaN(run.statementsPerExecution()) ? ""
              : String.format(Locale.ROOT, "  statements/exec %.1f", run.statementsPerExecution()));
    } else {
      System.out.printf(Locale.ROOT, "%-5s %-19s N=%d E=%d  FAILED: %s (node logs kept in %s)%n", label, systemName, n, e,
          run.failure(), dir);
    }
    return run;
  }

  /**
   * The third system, "adf": {@code n} real {@code adf run} processes on the run's (fresh, empty)
   * database {@code jdbcUrl} and {@code e} activity windows all due now ({@link AdfSystem}), with the
   * same measurements as the baselines.
   */
  private Run adf(String jdbcUrl, int n, int e, Path dir, DbCounters counters) throws Exception {
    return new AdfSystem(jdbcUrl, user, timeoutSeconds, nodeOpts).measure(n, e, dir, counters);
  }

  private Run measure(SystemUnderTest sys, String runUrl, int n, int e, Path dir, DbCounters counters)
      throws Exception {
    try (HikariDataSource ds = poolFor(runUrl, "driver-" + sys.name())) {
      sys.prepare(ds, e);
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        st.execute("ANALYZE");
      }
      Set<String> expected = IntStream.range(0, e).mapToObj(i -> sys.idPrefix() + i).collect(Collectors.toSet());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<Process> procs = new ArrayList<>();
      List<Path> idFiles = new ArrayList<>();
      try {
        for (int i = 1; i <= n; i++) {
          Path ids = dir.resolve("n" + i + ".ids");
          Files.createFile(ids);
          idFiles.add(ids);
          List<String> cmd = new ArrayList<>();
          cmd.add(java);
          cmd.addAll(nodeOpts);
          String logback = System.getProperty("logback.configurationFile");
          if (logback != null) {
            cmd.add("-Dlogback.configurationFile=" + logback);
          }
          cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), sys.node().get(0), runUrl, user, "n" + i,
              ids.toString()));
          cmd.addAll(sys.node().subList(1, sys.node().size()));
          procs.add(new ProcessBuilder(cmd).redirectError(dir.resolve("n" + i + ".err").toFile())
              .redirectOutput(ProcessBuilder.Redirect.PIPE).start());
        }
        for (int i = 0; i < n; i++) {
          String line = readLine(procs.get(i).getInputStream(), 120);
          if (!"ready".equals(line)) {
            return Run.failed(sys.name(), n, e, "node n" + (i + 1) + " said " + line + " instead of ready");
          }
        }
        try (LockSampler sampler = new LockSampler(url, user, counters.db())) {
          counters.atRelease();
          long t0 = micros();
          for (Process p : procs) {
            OutputStream o = p.getOutputStream();
            o.write("go\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
          }
          Follower f = new Follower(idFiles, n, expected, ID_SPACE_MICROS);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
          while (f.seen.size() < e) {
            f.poll();
            if (f.problem != null) {
              return Run.failed(sys.name(), n, e, f.problem);
            }
            for (int i = 0; i < n; i++) {
              if (!procs.get(i).isAlive()) {
                return Run.failed(sys.name(), n, e, "node n" + (i + 1) + " exited with " + procs.get(i).exitValue());
              }
            }
            if (System.nanoTime() > deadline) {
              return Run.failed(sys.name(), n, e, "timeout after " + timeoutSeconds + " s: " + f.seen.size() + " of " + e);
            }
            LockSupport.parkNanos(2_000_000L); // bounded by the run's deadline
          }
          long drained;
          try (Connection c = ds.getConnection(); var ps = c.prepareStatement(sys.pendingSql())) {
            while (true) {
              counters.driverStatement();
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                  drained = micros();
                  break;
                }
              }
              if (System.nanoTime() > deadline) {
                return Run.failed(sys.name(), n, e, "timeout: every id recorded but the tables still hold executions");
              }
              LockSupport.parkNanos(2_000_000L); // bounded by the run's deadline
            }
          }
          sampler.close();
          for (Process p : procs) {
            try (OutputStream o = p.getOutputStream()) {
              o.write("stop\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
              // the node is gone; the exit check below reports it
            }
          }
          for (int i = 0; i < n; i++) {
            if (!procs.get(i).waitFor(60, TimeUnit.SECONDS)) {
              return Run.failed(sys.name(), n, e, "node n" + (i + 1) + " did not stop within 60 s");
            }
          }
          f.poll(); // anything a node recorded late, e.g. a second execution of an id, fails the run now
          if (f.problem != null) {
            return Run.failed(sys.name(), n, e, f.problem + " (after all ids were seen)");
          }
          if (f.seen.size() != e) {
            return Run.failed(sys.name(), n, e, f.seen.size() + " ids of " + e);
          }
          return new Run(sys.name(), n, e, (f.lastMicros - t0) / 1e6, (drained - t0) / 1e6, (f.firstMicros - t0) / 1e3,
              f.perNode, sampler.waitingShare(), sampler.meanWaiting(), null);
        }
      } finally {
        for (Process p : procs) {
          if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
          }
        }
      }
    }
  }

  /** One recorded execution: its id, the index (0-based) of the node that ran it, when (epoch µs). */
  record Execution(String id, int node, long micros) {}

  /** How the lines of an execution record read; {@code node} is -1 when the line names no known node. */
  interface LineFormat {
    Execution parse(int file, String line);
  }

  /** The baselines' node files: {@code <id> <epoch µs>}, one file per node. */
  static final LineFormat ID_SPACE_MICROS = (file, line) -> {
    int sp = line.indexOf(' ');
    return new Execution(line.substring(0, sp), file, Long.parseLong(line.substring(sp + 1)));
  };

  /** Follows the execution records: complete lines only, every id into one set. */
  static final class Follower {
    private final List<Path> files;
    private final Set<String> expected;
    private final LineFormat format;
    private final long[] offsets;
    final long[] perNode;
    final Set<String> seen = new HashSet<>();
    long firstMicros = Long.MAX_VALUE;
    long lastMicros = Long.MIN_VALUE;
    String problem;

    Follower(List<Path> files, int nodes, Set<String> expected, LineFormat format) {
      this.files = files;
      this.expected = expected;
      this.format = format;
      this.offsets = new long[files.size()];
      this.perNode = new long[nodes];
    }

    void poll() throws IOException {
      for (int i = 0; i < files.size(); i++) {
        try (RandomAccessFile f = new RandomAccessFile(files.get(i).toFile(), "r")) {
          long len = f.length();
          if (len <= offsets[i]) {
            continue;
          }
          byte[] b = new byte[(int) (len - offsets[i])];
          f.seek(offsets[i]);
          f.readFully(b);
          int end = lastNewline(b);
          if (end < 0) {
            continue;
          }
          offsets[i] += end + 1;
          for (String line : new String(b, 0, end, StandardCharsets.UTF_8).split("\n")) {
            Execution x = format.parse(i, line);
            if (x.node() < 0) {
              problem = problem != null ? problem : "a line from no known node: " + line;
              continue;
            }
            String id = x.id();
            long t = x.micros();
            perNode[x.node()]++;
            firstMicros = Math.min(firstMicros, t);
            lastMicros = Math.max(lastMicros, t);
            if (!expected.contains(id)) {
              problem = problem != null ? problem : "unknown id " + id + " from n" + (x.node() + 1);
            } else if (!seen.add(id)) {
              problem = problem != null ? problem : "DUPLICATE execution of " + id + " (second one on n" + (x.node() + 1) + ")";
            }
          }
        }
      }
    }

    private static int lastNewline(byte[] b) {
      for (int j = b.length - 1; j >= 0; j--) {
        if (b[j] == '\n') {
          return j;
        }
      }
      return -1;
    }
  }

  /**
   * Samples every 10 ms how many backends of the run's database wait on a heavyweight lock; it queries
   * from the admin database, so its own statements are not counted in the run database's counters.
   */
  static final class LockSampler implements AutoCloseable {
    private final Connection c;
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong withWaiters = new AtomicLong();
    private final AtomicLong waiters = new AtomicLong();

    private final String db;

    LockSampler(String adminUrl, String user, String db) throws SQLException {
      this.db = db;
      c = DriverManager.getConnection(adminUrl, user, "");
      thread = new Thread(this::loop, "lock-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      try (var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
          + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")) {
        ps.setString(1, db);
        while (!stop.get()) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long w = rs.getLong(1);
            samples.incrementAndGet();
            waiters.addAndGet(w);
            if (w > 0) {
              withWaiters.incrementAndGet();
            }
          }
          LockSupport.parkNanos(10_000_000L); // until closed
        }
      } catch (SQLException ignored) {
        // the sampler only informs; a failure leaves its figures at what it had
      }
    }

    double waitingShare() {
      return samples.get() == 0 ? Double.NaN : (double) withWaiters.get() / samples.get();
    }

    double meanWaiting() {
      return samples.get() == 0 ? Double.NaN : (double) waiters.get() / samples.get();
    }

    @Override
    public void close() throws Exception {
      if (stop.compareAndSet(false, true)) {
        thread.join(5000);
        c.close();
      }
    }
  }

  // ---- the baselines ----

  /** db-scheduler 16.7.1: its PostgreSQL table ({@code postgresql_tables.sql} at tag v16.7.1), one-time tasks. */
  private record DbScheduler(String name, String strategy) implements SystemUnderTest {
    static final String DDL = """
        create table scheduled_tasks (
          task_name text not null,
          task_instance text not null,
          task_data bytea,
          execution_time timestamp with time zone not null,
          picked BOOLEAN not null,
          picked_by text,
          last_success timestamp with time zone,
          last_failure timestamp with time zone,
          consecutive_failures INT,
          last_heartbeat timestamp with time zone,
          version BIGINT not null,
          priority SMALLINT,
          PRIMARY KEY (task_name, task_instance)
        );
        CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
        CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
        CREATE INDEX priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
        """;

    @Override
    public void prepare(HikariDataSource ds, int e) throws Exception {
      execute(ds, DDL);
      OneTimeTask<Void> task = DbSchedulerNode.task(null);
      List<TaskInstance<?>> all = new ArrayList<>(e);
      for (int i = 0; i < e; i++) {
        all.add(task.instance(idPrefix() + i));
      }
      SchedulerClient.Builder.create(ds, task).build().scheduleBatch(all, Instant.now());
    }

    @Override
    public String idPrefix() {
      return "i-";
    }

    @Override
    public List<String> node() {
      return List.of(DbSchedulerNode.class.getName(), strategy);
    }

    @Override
    public String pendingSql() {
      return "SELECT count(*) FROM scheduled_tasks";
    }
  }

  /** Quartz 2.3.2 clustered: the QRTZ_ tables of its {@code tables_postgres.sql}, QRTZ_LOCKS pre-seeded. */
  private static final class QuartzCluster implements SystemUnderTest {
    @Override
    public String name() {
      return "quartz";
    }

    @Override
    public void prepare(HikariDataSource ds, int e) throws Exception {
      String sql;
      try (InputStream in = Scheduler.class.getClassLoader()
          .getResourceAsStream("org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // Only its CREATE statements (the file starts with DROP TABLE … and ends with COMMIT).
      String creates = Arrays.stream(sql.replaceAll("(?m)--.*$", "").split(";"))
          .map(String::trim).filter(s -> s.regionMatches(true, 0, "CREATE", 0, 6)).collect(Collectors.joining(";\n"));
      execute(ds, creates + ";\n"
          + "INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('" + QuartzClusterNode.SCHED + "', 'TRIGGER_ACCESS'),"
          + " ('" + QuartzClusterNode.SCHED + "', 'STATE_ACCESS');");
      Scheduler s = QuartzClusterNode.scheduler(ds, "driver"); // never started: it only stores the triggers
      try {
        JobDetail job = JobBuilder.newJob(QuartzClusterNode.NoOpJob.class).withIdentity("noop", "bench").storeDurably()
            .build();
        Set<Trigger> triggers = new HashSet<>();
        for (int i = 0; i < e; i++) {
          triggers.add(TriggerBuilder.newTrigger().withIdentity(idPrefix() + i, "bench").forJob(job).startNow().build());
        }
        s.scheduleJobs(Map.of(job, triggers), false);
      } finally {
        s.shutdown(false);
      }
    }

    @Override
    public String idPrefix() {
      return "t-";
    }

    @Override
    public List<String> node() {
      return List.of(QuartzClusterNode.class.getName());
    }

    @Override
    public String pendingSql() {
      return "SELECT (SELECT count(*) FROM QRTZ_TRIGGERS) + (SELECT count(*) FROM QRTZ_FIRED_TRIGGERS)";
    }
  }

  // ---- helpers ----

  private HikariDataSource poolFor(String runUrl, String name) {
    var c = new com.zaxxer.hikari.HikariConfig();
    c.setJdbcUrl(runUrl);
    c.setUsername(user);
    c.setMaximumPoolSize(3);
    c.setPoolName(name);
    return new HikariDataSource(c);
  }

  private static void execute(HikariDataSource ds, String statements) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      for (String s : statements.split(";")) {
        if (!s.isBlank()) {
          st.execute(s);
        }
      }
    }
  }

  private static String describeServer(Connection c) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name, setting, unit FROM pg_settings WHERE name IN ('server_version',"
            + " 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections',"
            + " 'default_transaction_isolation', 'wal_level') ORDER BY name")) {
      while (rs.next()) {
        b.append(b.length() == 0 ? "PostgreSQL " : ", ").append(rs.getString(1)).append('=').append(rs.getString(2));
        if (rs.getString(3) != null) {
          b.append(' ').append(rs.getString(3));
        }
      }
    }
    return b.toString();
  }

  static long micros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** Reads one line of a node's stdout, waiting at most {@code seconds}. */
  static String readLine(InputStream in, long seconds) throws Exception {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    var result = new java.util.concurrent.CompletableFuture<String>();
    Thread t = new Thread(() -> {
      try {
        result.complete(reader.readLine());
      } catch (IOException ex) {
        result.completeExceptionally(ex);
      }
    });
    t.setDaemon(true);
    t.start();
    try {
      return result.get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException ex) {
      return "nothing within " + seconds + " s";
    }
  }

  private static String shares(Run r) {
    return Arrays.stream(r.perNode()).mapToObj(c -> String.format(Locale.ROOT, "%.0f%%", 100.0 * c / r.executions()))
        .collect(Collectors.joining("/"));
  }

  static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  private static void summary(Map<String, List<Run>> results, List<String> systems, List<Integer> nodes, int e, int reps) {
    System.out.printf(Locale.ROOT, "%n## Several schedulers on one PostgreSQL: medians of %d repetitions, E = %,d%n", reps, e);
    System.out.println("| system | N | executions/s | per repetition | wall s | drained exec/s | first exec ms"
        + " | per-node shares (sorted, median) | lock-wait samples | mean waiting backends | transactions / exec"
        + " | statements / exec |");
    System.out.println("|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|");
    for (String s : systems) {
      for (int n : nodes) {
        List<Run> rs = ok(results.get(s + " " + n));
        if (rs.isEmpty()) {
          continue;
        }
        String shares = IntStream.range(0, n).mapToObj(i -> String.format(Locale.ROOT, "%.0f%%",
                100 * median(rs.stream().map(r -> sortedShares(r)[i]).toList())))
            .collect(Collectors.joining(" / "));
        System.out.printf(Locale.ROOT, "| %s | %d | **%,.0f** | %s | %.2f | %,.0f | %.0f | %s | %.0f%% | %.2f | %.1f | %s |%n",
            s, n,
            median(rs.stream().map(Run::rate).toList()),
            rs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).collect(Collectors.joining(", ")),
            median(rs.stream().map(Run::seconds).toList()),
            median(rs.stream().map(Run::drainedRate).toList()),
            median(rs.stream().map(Run::firstMs).toList()), shares,
            100 * median(rs.stream().map(Run::lockWaitShare).toList()),
            median(rs.stream().map(Run::meanLockWaiters).toList()),
            median(rs.stream().map(Run::xactsPerExecution).toList()),
            rs.stream().anyMatch(r -> !Double.isNaN(r.statementsPerExecution()))
                ? String.format(Locale.ROOT, "%.1f", median(rs.stream().map(Run::statementsPerExecution).toList()))
                : "–");
      }
    }
    System.out.println();
    System.out.println("| ratio (median of per-repetition ratios) | " + nodes.stream().map(n -> "N=" + n)
        .collect(Collectors.joining(" | ")) + " |");
    System.out.println("|---|" + "---:|".repeat(nodes.size()));
    for (String[] pair : new String[][] {{"adf", "db-scheduler"}, {"adf", "db-scheduler-fetch"}, {"adf", "quartz"},
        {"quartz", "db-scheduler"}, {"quartz", "db-scheduler-fetch"}, {"db-scheduler-fetch", "db-scheduler"}}) {
      StringBuilder row = new StringBuilder("| " + pair[0] + " / " + pair[1] + " |");
      boolean any = false;
      for (int n : nodes) {
        List<Run> a = ok(results.get(pair[0] + " " + n));
        List<Run> b = ok(results.get(pair[1] + " " + n));
        int k = Math.min(a.size(), b.size());
        if (k == 0) {
          row.append(" – |");
          continue;
        }
        any = true;
        row.append(String.format(Locale.ROOT, " %.2f |",
            median(IntStream.range(0, k).mapToObj(i -> a.get(i).rate() / b.get(i).rate()).toList())));
      }
      if (any) {
        System.out.println(row);
      }
    }
    System.out.println();
    System.out.println("| scaling: rate(N) / rate(1), medians | " + nodes.stream().map(n -> "N=" + n)
        .collect(Collectors.joining(" | ")) + " |");
    System.out.println("|---|" + "---:|".repeat(nodes.size()));
    for (String s : systems) {
      List<Run> one = ok(results.get(s + " 1"));
      if (one.isEmpty()) {
        continue;
      }
      double base = median(one.stream().map(Run::rate).toList());
      System.out.println("| " + s + " |" + nodes.stream().map(n -> {
        List<Run> rs = ok(results.get(s + " " + n));
        return rs.isEmpty() ? " – |" : String.format(Locale.ROOT, " %.2f |", median(rs.stream().map(Run::rate).toList()) / base);
      }).collect(Collectors.joining()));
    }
  }

  private static double[] sortedShares(Run r) {
    return Arrays.stream(r.perNode()).mapToDouble(c -> (double) c / r.executions()).boxed()
        .sorted(Comparator.reverseOrder()).mapToDouble(Double::doubleValue).toArray();
  }

  private static List<Run> ok(List<Run> rs) {
    return rs == null ? List.of() : rs.stream().filter(r -> r.failure() == null).toList();
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
