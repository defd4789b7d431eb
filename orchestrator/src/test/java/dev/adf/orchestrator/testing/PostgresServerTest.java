package dev.adf.orchestrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The throw-away PostgreSQL server of the tests: reachable, durable across a restart of it. */
class PostgresServerTest {

  private static String one(String url, String sql) throws SQLException {
    PostgresServer pg = PostgresServer.shared();
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void aNewDatabaseAnswersAndKeepsItsRowsWhenTheServerRestarts() throws SQLException {
    PostgresServer pg = PostgresServer.shared();
    String url = pg.newDatabase();
    assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + url.substring(url.lastIndexOf('/')));
    assertThat(one(url, "select version()")).startsWith("PostgreSQL ");
    assertThat(one(url, "show listen_addresses")).isEqualTo("127.0.0.1");
    assertThat(one(url, "show fsync")).isEqualTo("off");
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement st = c.createStatement()) {
      st.execute("create table t (v text)");
      st.execute("insert into t values ('kept')");
    }
    long before = pg.postmasterPid();

    pg.restart();

    assertThat(pg.postmasterPid()).isNotEqualTo(before);
    assertThat(one(url, "select v from t")).isEqualTo("kept");
    assertThat(pg.newDatabase()).isNotEqualTo(url);
  }
}
