package dev.adf.orchestrator.secrets;

import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link SecretsAtRestTest} on a fresh database of the tests' real PostgreSQL server: the tables read
 * over JDBC, and every file of the server's data folder (its tables, indexes and WAL, after a
 * CHECKPOINT) scanned for the secrets.
 */
class SecretsAtRestPostgresTest extends SecretsAtRestTest {
  private Settings settings;

  @Override
  Settings settings() {
    if (settings == null) {
      PostgresServer pg = PostgresServer.shared();
      settings = Settings.defaults().withStore(new Settings.SharedStore(pg.newDatabase(), pg.user(), pg.password()),
          Settings.DEFAULT_LEASE);
    }
    return settings;
  }

  /**
   * On PostgreSQL, {@code VACUUM FULL entity_version} and a CHECKPOINT rewrite the table; the WAL keeps the
   * old rows until its segments are recycled, so only the data files (not {@code pg_wal}) are checked.
   */
  @Override
  List<String> afterCompaction(Path home, java.util.Map<String, String> secrets) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(settings.store().url(), settings.store().user(),
        settings.store().password())) {
      c.createStatement().execute("VACUUM FULL entity_version");
      c.createStatement().execute("CHECKPOINT");
    }
    List<String> out = new java.util.ArrayList<>();
    for (Path f : databaseFiles(home)) {
      if (!f.toString().contains("/pg_wal/")) {
        found(SecretsAtRestTest.bytesOf(f), secrets).forEach(n -> out.add(f + ": " + n));
      }
    }
    return out;
  }

  @Override
  List<Path> databaseFiles(Path home) throws Exception {
    try (Stream<Path> s = Files.walk(PostgresServer.shared().dataDirectory())) {
      return s.filter(Files::isRegularFile).filter(Files::isReadable).toList();
    }
  }
}
