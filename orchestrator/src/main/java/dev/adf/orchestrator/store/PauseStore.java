package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.store.Store.PipelinePause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The run-time pipeline pauses of {@link JdbcStore} ({@code pipeline_pause}), by lower-cased name. */
final class PauseStore {
  private final DataSource ds;
  private final SqlDialect sql;

  PauseStore(DataSource ds, SqlDialect sql) {
    this.ds = ds;
    this.sql = sql;
  }

  void pause(String pipeline, boolean terminate, Instant at) {
    tx(c -> update(c, sql.upsert("pipeline_pause", List.of("name_key"),
        List.of("name_key", "pipeline", "terminate", "paused_at")), key(pipeline), pipeline, terminate, ts(at)));
  }

  boolean resume(String pipeline) {
    return tx(c -> update(c, "DELETE FROM pipeline_pause WHERE name_key = ?", key(pipeline)) == 1);
  }

  List<PipelinePause> pauses() {
    return read(c -> {
      List<PipelinePause> out = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT pipeline, terminate, paused_at FROM pipeline_pause ORDER BY name_key");
          var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PipelinePause(rs.getString(1), rs.getBoolean(2), instant(rs, 3)));
        }
      }
      return out;
    });
  }

  private <T> T tx(Transactions.Work<T> work) {
    return Transactions.run(ds, work);
  }

  /**
   * A read: run in a transaction that is rolled back rather than committed, so that it never meets a
   * failed commit and is run again whenever it fails (it changed nothing).
   */
  private <T> T read(Transactions.Work<T> work) {
    return Transactions.read(ds, work);
  }
}
