package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.window.TimeWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The external dataset slices of {@link JdbcStore} ({@code dataset_slice}): their availability checks. */
final class SliceStore {
  private final DataSource ds;
  private final SqlDialect sql;

  SliceStore(DataSource ds, SqlDialect sql) {
    this.ds = ds;
    this.sql = sql;
  }

  private static final String SLICE_COLUMNS =
      "dataset, slice_start, slice_end, status, substatus, checks, timeouts, last_check, next_check, message";

  /** {@link #SLICE_COLUMNS} and updated_at, as saveSlice binds them. */
  private static final List<String> SLICE_COLUMN_LIST = List.of("dataset", "slice_start", "slice_end", "status",
      "substatus", "checks", "timeouts", "last_check", "next_check", "message", "updated_at");

  Optional<DatasetSlice> datasetSlice(String dataset, Instant sliceStart) {
    return read(c -> {
      try (var ps = c.prepareStatement(
          "SELECT " + SLICE_COLUMNS + " FROM dataset_slice WHERE dataset = ? AND slice_start = ?")) {
        ps.setString(1, key(dataset));
        ps.setObject(2, ts(sliceStart));
        try (var rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(slice(rs)) : Optional.<DatasetSlice>empty();
        }
      }
    });
  }

  void saveSlice(DatasetSlice s, Instant at) {
    tx(c -> update(c, sql.upsert("dataset_slice", List.of("dataset", "slice_start"), SLICE_COLUMN_LIST),
        key(s.dataset()), ts(s.slice().start()), ts(s.slice().end()), s.state().status().name(),
        sub(s.state()), s.checks(), s.timeouts(), tsOrNull(s.lastCheck()), tsOrNull(s.nextCheck()),
        truncate(s.message()), ts(at)));
  }

  List<DatasetSlice> resetFailedSlices(String dataset, Instant from, Instant to) {
    return tx(c -> {
      List<DatasetSlice> out = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT " + SLICE_COLUMNS + " FROM dataset_slice"
          + " WHERE dataset = ? AND status = 'Failed' AND slice_start >= ? AND slice_start < ?"
          + " ORDER BY slice_start FOR UPDATE")) {
        ps.setString(1, key(dataset));
        ps.setObject(2, ts(from));
        ps.setObject(3, ts(to));
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(slice(rs));
          }
        }
      }
      update(c, "DELETE FROM dataset_slice WHERE dataset = ? AND status = 'Failed' AND slice_start >= ? AND slice_start < ?",
          key(dataset), ts(from), ts(to));
      return out;
    });
  }

  private static DatasetSlice slice(ResultSet rs) throws SQLException {
    WindowStatus status = WindowStatus.valueOf(rs.getString(4));
    return new DatasetSlice(rs.getString(1), new TimeWindow(instant(rs, 2), instant(rs, 3)),
        new WindowState(status, WindowSubstatus.parse(status, rs.getString(5))), rs.getInt(6), rs.getInt(7),
        instant(rs, 8), instant(rs, 9), rs.getString(10));
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
