package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.testing.FaultyJdbc;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill by one {@code adf run --until-idle} (a real child process) on the embedded H2 store while
 * {@link FaultyJdbc} fails 20 % of its JDBC statements and 20 % of its commits, half before the call
 * reaches H2 and half after it returned: every window ends Ready, one successful attempt each, and the
 * activity ran once per window (its own record, {@link
 * dev.adf.orchestrator.testing.RecordingCustomActivity}: one line per run with the attempt number). A
 * run that exits is started again (at most {@value #MAX_RUNS} times in all) and the test says how often;
 * no run may print a stack trace. A second case runs {@value #ENGINE_WINDOWS} windows whose attempts are
 * engine jobs and counts each job's starts by its attempt's idempotency key.
 *
 * <p>Windows: the system property {@value #WINDOWS} (default {@value #DEFAULT_WINDOWS});
 * {@code tools/reliability/jdbc-faults.sh} runs 1,000.
 */
class EmbeddedJdbcFaultsTest {
  /** System property: how many windows the backfill has. */
  static final String WINDOWS = "adf.test.jdbcFaultWindows";

  static final int DEFAULT_WINDOWS = 200;

  static final int MAX_RUNS = 10;

  /** Windows of the engine-job case: each attempt's job is a JVM of its own. */
  static final int ENGINE_WINDOWS = 24;

  @TempDir Path tmp;
  Process run;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @AfterEach
  void stop() throws Exception {
    if (run != null && run.isAlive()) {
      run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBackfillWhoseStatementsAndCommitsFailOneInFiveEndsEveryWindowReadyOnce() throws Exception {
    int windows = Integer.getInteger(WINDOWS, DEFAULT_WINDOWS);
    Path records = tmp.resolve("records.txt");
    Path home = backfill(OrchestratorCrashTest.factory(tmp.resolve("f"), records, 1, windows, 10), windows);
    Map<String, Integer> runsByWindow = new HashMap<>();
    for (String l : Files.readAllLines(records)) {
      String[] p = l.split("\\|");
      runsByWindow.merge(p[0] + "|" + p[1] + "|" + p[2], 1, Integer::sum);
    }
    assertThat(runsByWindow).as("one record per window").hasSize(windows);
    assertThat(runsByWindow.values()).as("no window's activity ran twice").allMatch(n -> n == 1);
    assertThat(query(home, "SELECT COUNT(*) FROM attempt WHERE status = 'Succeeded'")).isEqualTo(windows);
  }

  /**
   * The same faults over windows whose attempts run engine jobs ({@code HDInsightMapReduce} on the
   * built-in engine, {@link TestJobs.Recorded}: each start recorded with its attempt's idempotency
   * key): each window's job started exactly once, under its successful attempt's key.
   */
  @Test
  void engineJobsOfABackfillWithFaultsStartOncePerWindow() throws Exception {
    int windows = ENGINE_WINDOWS;
    Path starts = tmp.resolve("starts.txt");
    java.time.Instant start = java.time.Instant.parse("2020-01-01T00:00:00Z");
    Path f = TestFactory.folder(tmp.resolve("f"), "Out", TestFactory.dataset("Out", "Hour", "StartOfInterval"), "J",
        """
        {"name": "J", "properties": {"activities": [{
            "name": "J", "type": "HDInsightMapReduce", "linkedServiceName": "HDInsightLinkedService",
            "typeProperties": {"className": "unused", "jarFilePath": "libs/unused.jar",
              "arguments": ["--mainClass", "%s", "record=%s"]},
            "outputs": [{"name": "Out"}],
            "scheduler": {"frequency": "Hour", "interval": 1, "style": "StartOfInterval"},
            "policy": {"concurrency": 4, "retry": 2}}],
          "start": "%s", "end": "%s"}}""".formatted(TestJobs.Recorded.class.getName(),
            starts.toString().replace("\\", "\\\\"), start, start.plusSeconds(3600L * windows)));
    Path home = backfill(f, windows);
    Map<String, Integer> byKey = OrchestratorCrashTest.startsByKey(starts);
    assertThat(byKey.values()).as("no attempt's job started twice: " + byKey).allMatch(n -> n == 1);
    Map<String, Integer> byWindow = new HashMap<>();
    byKey.keySet().forEach(k -> byWindow.merge(k.substring(0, k.indexOf("Z.") + 1), 1, Integer::sum));
    assertThat(byWindow).as("one job start per window: " + byKey).hasSize(windows);
    assertThat(byWindow.values()).as("one job start per window: " + byKey).allMatch(n -> n == 1);
    Set<String> succeeded = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url(home), "adf", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT attempt, run_id FROM attempt WHERE status = 'Succeeded'")) {
      while (rs.next()) {
        succeeded.add(rs.getInt(1) + "." + rs.getString(2));
      }
    }
    assertThat(byKey.keySet()).as("each job is its window's successful attempt's")
        .allSatisfy(k -> assertThat(succeeded).contains(k.substring(k.indexOf("Z.") + 2)));
  }

  /**
   * Deploys {@code factory}, then runs {@code adf run --until-idle} with the faults until it exits 0 with
   * every window Ready (at most {@value #MAX_RUNS} runs); checks the windows, the attempts and the output,
   * prints the figure.
   *
   * @return the home
   */
  private Path backfill(Path factory, int windows) throws Exception {
    Path home = tmp.resolve("home");
    Result d = CliTest.adf("deploy", factory.toString(), "--home", home.toString());
    assertThat(d.exit()).as(d.out() + d.err()).isZero();

    long began = System.nanoTime();
    List<Integer> exits = new ArrayList<>();
    long faults = 0;
    StringBuilder output = new StringBuilder();
    while (exits.size() < MAX_RUNS) {
      Path log = tmp.resolve("run-" + exits.size() + ".log");
      run = start(home, log);
      if (!run.waitFor(600, TimeUnit.SECONDS)) {
        run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("adf run --until-idle did not end in 600 s; windows " + counts(home) + "\n"
            + tail(Files.readString(log)));
      }
      String out = Files.readString(log);
      output.append("==== run ").append(exits.size()).append(" exit ").append(run.exitValue()).append('\n').append(out);
      faults += out.lines().filter(l -> l.startsWith("adf-test: injected JDBC fault")).count();
      exits.add(run.exitValue());
      if (run.exitValue() == 0 && counts(home).getOrDefault("Ready", 0) == windows) {
        break;
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    String story = "exits " + exits + ", windows " + counts(home) + "\n" + tail(output.toString());
    assertThat(counts(home)).as(story).isEqualTo(Map.of("Ready", windows));
    assertThat(query(home, "SELECT COUNT(*) FROM attempt WHERE status = 'Succeeded'")).as(story).isEqualTo(windows);
    assertThat(query(home, "SELECT COUNT(*) FROM (SELECT pipeline, activity, window_start FROM attempt"
        + " WHERE status = 'Succeeded' GROUP BY pipeline, activity, window_start HAVING COUNT(*) > 1) t")).isZero();
    assertThat(output.toString()).as("no stack trace on the terminal").doesNotContain("\tat ");
    long attempts = query(home, "SELECT COUNT(*) FROM attempt");
    System.out.printf("jdbc faults on H2: %d windows Ready once each, %d attempts (%d not successful: %s), %d"
        + " injected faults, %d run(s) of adf run --until-idle (exits %s), %.1f s%n", windows, attempts,
        attempts - windows, notSuccessful(home), faults, exits.size(), exits, seconds);
    assertThat(faults).as("faults were injected").isPositive();
    return home;
  }

  private Process start(Path home, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-D" + FaultyJdbc.RATE + "=0.2", "-D" + FaultyJdbc.STATEMENT_RATE + "=0.2",
        "-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main", "run", "--until-idle", "--progress", "none", "--home", home.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ADF_"));
    return pb.start();
  }

  private static String url(Path home) {
    return "jdbc:h2:file:" + home.toAbsolutePath().resolve("db").resolve("adf") + ";AUTO_SERVER=TRUE";
  }

  private static long query(Path home, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url(home), "adf", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The attempts that did not succeed, counted by status and the start of their error. */
  private static Map<String, Integer> notSuccessful(Path home) throws Exception {
    Map<String, Integer> m = new java.util.TreeMap<>();
    try (Connection c = DriverManager.getConnection(url(home), "adf", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT status, error FROM attempt WHERE status <> 'Succeeded'")) {
      while (rs.next()) {
        String e = String.valueOf(rs.getString(2));
        m.merge(rs.getString(1) + " " + e.substring(0, Math.min(60, e.length())), 1, Integer::sum);
      }
    }
    return m;
  }

  private static Map<String, Integer> counts(Path home) throws Exception {
    Map<String, Integer> m = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url(home), "adf", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM activity_window GROUP BY status")) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getInt(2));
      }
    }
    return m;
  }

  private static String tail(String s) {
    return s.substring(Math.max(0, s.length() - 8000));
  }
}
