package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.orchestrator.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the store skips Flyway only when its history says the schema is exactly this build's. */
class DatabaseSchemaTest {
  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.+\\.sql");

  @TempDir Path home;

  @Test
  void schemaVersionIsTheHighestMigrationOfBothDialectsAndEveryVersionUpToItExists() throws Exception {
    for (String dialect : List.of("h2", "postgresql")) {
      Path folder = Harness.repoRoot().resolve("orchestrator/src/main/resources/db/" + dialect);
      List<Integer> versions;
      try (Stream<Path> files = Files.list(folder)) {
        versions = files.map(p -> VERSION.matcher(p.getFileName().toString()))
            .filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1))).sorted().toList();
      }
      assertThat(versions).as(dialect).isEqualTo(
          java.util.stream.IntStream.rangeClosed(1, Database.SCHEMA_VERSION).boxed().toList());
    }
  }

  @Test
  void aFreshDatabaseIsMigratedAndACurrentOneIsRecognised() throws Exception {
    try (Database db = Database.openEmbedded(home)) {
      assertThat(Database.schemaIsCurrent(db.dataSource())).isTrue();
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + Database.SCHEMA_VERSION + "'");
        assertThat(Database.schemaIsCurrent(db.dataSource())).as("a version missing").isFalse();
      }
    }
  }

  @Test
  void aFailedMigrationInTheHistoryGoesToFlywayWhichRefusesTheDatabase() throws Exception {
    try (Database db = Database.openEmbedded(home);
        Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '"
          + Database.SCHEMA_VERSION + "'");
      assertThat(Database.schemaIsCurrent(db.dataSource())).isFalse();
    }
    assertThatThrownBy(() -> Database.openEmbedded(home).close())
        .isInstanceOf(FlywayException.class).hasMessageContaining("failed");
  }

  @Test
  void aVersionThisBuildDoesNotKnowIsNotTakenForCurrent() throws Exception {
    try (Database db = Database.openEmbedded(home);
        Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\","
          + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
          + " VALUES (1000, '" + (Database.SCHEMA_VERSION + 1) + "', 'from a newer build', 'SQL', 'V"
          + (Database.SCHEMA_VERSION + 1) + "__newer.sql', 0, 'test', 0, TRUE)");
      assertThat(Database.schemaIsCurrent(db.dataSource())).isFalse();
    }
  }
}
