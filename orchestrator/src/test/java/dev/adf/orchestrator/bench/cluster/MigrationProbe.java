package dev.adf.orchestrator.bench.cluster;

import dev.adf.orchestrator.store.Database;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * One process opening the store as every {@code adf} command does ({@link Database#open} /
 * {@link Database#openEmbedded}: the pool, then Flyway's migrate), for {@link AdfMigration}. Prints
 * {@code jvm_ms J open_ms O reopen_ms R scripts_ms S migrations M}: J from the JVM's start to just
 * before the first open (wall clock), O the first open ({@code System.nanoTime}), R a second open in the
 * same, now warm, JVM, S the sum of Flyway's {@code execution_time} of the applied migrations (what their
 * SQL took in the database, ms), M how many are applied.
 *
 * <pre>
 * java -cp … dev.adf.orchestrator.bench.cluster.MigrationProbe pg JDBC_URL USER | h2 HOME
 * </pre>
 */
public final class MigrationProbe {
  private MigrationProbe() {}

  public static void main(String[] args) throws Exception {
    long jvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    double open = open(args);
    String[] schema;
    try (Database db = database(args); Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(\"installed_rank\"), sum(\"execution_time\") FROM"
            + " \"flyway_schema_history\" WHERE \"success\"")) {
      rs.next();
      schema = new String[] {rs.getString(1), rs.getString(2)};
    }
    double reopen = open(args);
    System.out.printf(Locale.ROOT, "jvm_ms %d open_ms %.1f reopen_ms %.1f scripts_ms %s migrations %s%n", jvm, open,
        reopen, schema[1], schema[0]);
  }

  /** Opens and closes the store once; returns how long the open took, ms. */
  private static double open(String[] args) {
    long t0 = System.nanoTime();
    try (Database db = database(args)) {
      return (System.nanoTime() - t0) / 1e6;
    }
  }

  private static Database database(String[] args) {
    return args[0].equals("pg") ? Database.open(args[1], args[2], "") : Database.openEmbedded(Path.of(args[1]));
  }
}
