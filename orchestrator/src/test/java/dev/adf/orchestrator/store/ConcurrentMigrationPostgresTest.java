package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Four processes' worth of stores opening one fresh PostgreSQL database at the same moment: Flyway's
 * lock lets one migrate, the others wait and find the schema current; every one opens, and each
 * migration was applied exactly once.
 */
class ConcurrentMigrationPostgresTest {
  @Test
  void fourStoresMigratingOneFreshDatabaseAtOnceAllOpenOnOneSchema() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    int n = 4;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Database>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        opened.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return Database.open(url, pg.user(), pg.password());
        }));
      }
      for (Future<Database> f : opened) {
        try (Database db = f.get(120, TimeUnit.SECONDS)) {
          assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long migrations;
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/postgresql"))) {
      migrations = files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version), BOOL_AND(success)"
            + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
      rs.next();
      assertThat(rs.getLong(1)).as("each migration applied once").isEqualTo(migrations);
      assertThat(rs.getLong(2)).isEqualTo(migrations);
      assertThat(rs.getBoolean(3)).isTrue();
    }
  }
}
