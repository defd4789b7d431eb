package dev.adf.orchestrator.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mode=migrate}: the time the first process takes to migrate a fresh database (Flyway, V1..V12),
 * PostgreSQL against a fresh H2 file, each against a second process on the then migrated database.
 *
 * <p>Per repetition ({@code reps=}, default 5), on a fresh PostgreSQL database ({@code CREATE DATABASE})
 * and a fresh home (H2 file {@code <home>/db/adf.mv.db}), in this order: the probe ({@link
 * MigrationProbe}, a JVM with the CLI's flags timing {@code Database.open}: pool + Flyway) on the fresh
 * store, the probe again on the now migrated one, then the whole CLI process {@code adf schedulers}
 * (JVM start to exit, timed by this driver) on another fresh store and again on it migrated. Reported:
 * medians.
 */
final class AdfMigration {
  private AdfMigration() {}

  private static final Pattern PROBE = Pattern.compile(
      "jvm_ms (\\d+) open_ms ([0-9.]+) reopen_ms ([0-9.]+) scripts_ms (\\d+) migrations (\\d+)");

  static void main(String url, String user) throws Exception {
    int reps = Integer.parseInt(ClusterBenchmark.arg("reps", "5"));
    System.out.printf(Locale.ROOT, "# migrate: %d repetitions, JVM %s + %s%n", reps, ClusterBenchmark.nodeOpts(),
        AdfNodes.CLI_JVM);
    Map<String, List<Double>> m = new LinkedHashMap<>();
    String version = null;
    int runNo = 0;
    for (int r = 1; r <= reps; r++) {
      for (String store : List.of("postgresql", "h2")) {
        Path dir = Files.createTempDirectory("adf-migrate-bench-");
        List<String> dbs = new ArrayList<>();
        try {
          for (String what : List.of("probe", "cli")) {
            String db = "migrate_" + (++runNo);
            String runUrl = null;
            if (store.equals("postgresql")) {
              runUrl = url.substring(0, url.lastIndexOf('/') + 1) + db;
              try (Connection admin = DriverManager.getConnection(url, user, "");
                  Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + db);
              }
              dbs.add(db);
            }
            try (AdfNodes nodes = new AdfNodes(dir.resolve(what), runUrl, user, Duration.ofSeconds(15),
                Duration.ofSeconds(1), ClusterBenchmark.nodeOpts())) {
              for (String state : List.of("fresh", "migrated")) {
                String key = store + " " + what + " " + state;
                double ms;
                if (what.equals("probe")) {
                  List<String> args = runUrl != null ? List.of("pg", runUrl, user)
                      : List.of("h2", nodes.home("probe").toString());
                  Process p = nodes.java("probe-" + state, MigrationProbe.class.getName(), args);
                  String out = finish(p, nodes, "probe-" + state);
                  Matcher x = PROBE.matcher(out);
                  if (!x.find()) {
                    throw new IllegalStateException("probe said: " + out);
                  }
                  ms = Double.parseDouble(x.group(2));
                  version = x.group(5);
                  m.computeIfAbsent(store + " JVM start to open " + state, k -> new ArrayList<>())
                      .add(Double.parseDouble(x.group(1)));
                  m.computeIfAbsent(store + " warm reopen " + state, k -> new ArrayList<>())
                      .add(Double.parseDouble(x.group(3)));
                  if (state.equals("fresh")) {
                    m.computeIfAbsent(store + " migration scripts", k -> new ArrayList<>())
                        .add(Double.parseDouble(x.group(4)));
                  }
                } else {
                  long t0 = System.nanoTime();
                  int exit = nodes.adf("cli", "schedulers");
                  ms = (System.nanoTime() - t0) / 1e6;
                  if (exit != 0) {
                    throw new IllegalStateException("adf schedulers exited with " + exit + ": " + nodes.log("cli"));
                  }
                }
                m.computeIfAbsent(key, k -> new ArrayList<>()).add(ms);
              }
            }
          }
        } finally {
          for (String db : dbs) {
            try (Connection admin = DriverManager.getConnection(url, user, ""); Statement st = admin.createStatement()) {
              st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
          }
          ClusterBenchmark.deleteTree(dir);
        }
      }
      System.out.printf(Locale.ROOT, "r%d %s%n", r, String.join(", ", m.entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue().get(e.getValue().size() - 1)))
          .toList()));
    }
    System.out.printf(Locale.ROOT, "%n## Migrating a fresh store (%s Flyway migrations): medians of %d, ms%n", version,
        reps);
    System.out.println("| store | first open, fresh (migrates) | first open, migrated (validates) | difference"
        + " | the migrations' SQL (Flyway execution_time) | warm reopen | JVM start to open"
        + " | `adf schedulers` process, fresh | `adf schedulers`, migrated |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String store : List.of("postgresql", "h2")) {
      double fresh = ClusterBenchmark.median(m.get(store + " probe fresh"));
      double migrated = ClusterBenchmark.median(m.get(store + " probe migrated"));
      System.out.printf(Locale.ROOT, "| %s | **%.0f** | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", store,
          fresh, migrated, fresh - migrated, ClusterBenchmark.median(m.get(store + " migration scripts")),
          ClusterBenchmark.median(m.get(store + " warm reopen migrated")),
          ClusterBenchmark.median(m.get(store + " JVM start to open fresh")),
          ClusterBenchmark.median(m.get(store + " cli fresh")), ClusterBenchmark.median(m.get(store + " cli migrated")));
    }
    for (var e : m.entrySet()) {
      System.out.printf(Locale.ROOT, "# %s: %s%n", e.getKey(),
          String.join(", ", e.getValue().stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList()));
    }
  }

  private static String finish(Process p, AdfNodes nodes, String log) throws IOException, InterruptedException {
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(log + " did not end in 120 s");
    }
    String out = nodes.log(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(log + " exited with " + p.exitValue() + ": " + out);
    }
    return out;
  }
}
