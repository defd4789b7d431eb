package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.ts;

import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@link Store#windowCounts} on {@code activity_window}: two aggregates, the same SQL on H2 and
 * PostgreSQL. The counts by status read only the {@code (status, substatus)} index (V5); the Waiting
 * windows that cannot start are found through it too, reading the Waiting rows only.
 */
final class WindowCountQuery {
  private static final String BY_STATUS = "SELECT status, COUNT(*) FROM activity_window GROUP BY status";
  private static final String WAITING_LATER = "SELECT COUNT(*) FROM activity_window WHERE status = ?"
      + " AND (window_end > ? OR substatus = ?)";

  private final DataSource ds;

  WindowCountQuery(DataSource ds) {
    this.ds = ds;
  }

  WindowCounts counts(Instant now) {
    // One read transaction for both: on PostgreSQL's READ COMMITTED each statement sees its own
    // snapshot, so waitingLater is clamped to the Waiting count read just before it.
    return Transactions.rolledBack(ds, c -> {
      Map<WindowStatus, Integer> byStatus = new EnumMap<>(WindowStatus.class);
      try (var ps = c.prepareStatement(BY_STATUS); var rs = ps.executeQuery()) {
        while (rs.next()) {
          byStatus.put(WindowStatus.valueOf(rs.getString(1)), rs.getInt(2));
        }
      }
      int later;
      try (var ps = c.prepareStatement(WAITING_LATER)) {
        ps.setString(1, WindowStatus.Waiting.name());
        ps.setObject(2, ts(now));
        ps.setString(3, WindowSubstatus.ActivityResume.name());
        try (var rs = ps.executeQuery()) {
          rs.next();
          later = rs.getInt(1);
        }
      }
      return new WindowCounts(byStatus, Math.min(later, byStatus.getOrDefault(WindowStatus.Waiting, 0)));
    });
  }
}
