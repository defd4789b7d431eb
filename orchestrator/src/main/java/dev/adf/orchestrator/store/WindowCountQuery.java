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
 * PostgreSQL. The counts by status and substatus read only the {@code (status, substatus)} index (V5);
 * the Waiting windows not ended yet and not paused are a range of the {@code (status, window_end)}
 * index (V12), a week of windows per activity at most (the layout's lookahead).
 */
final class WindowCountQuery {
  private static final String BY_STATE = "SELECT status, substatus, COUNT(*) FROM activity_window"
      + " GROUP BY status, substatus";
  private static final String NOT_ENDED = "SELECT COUNT(*) FROM activity_window WHERE status = ? AND window_end > ?"
      + " AND (substatus IS NULL OR substatus <> ?)";

  private final DataSource ds;

  WindowCountQuery(DataSource ds) {
    this.ds = ds;
  }

  WindowCounts counts(Instant now) {
    return Transactions.read(ds, c -> {
      Map<WindowStatus, Integer> byStatus = new EnumMap<>(WindowStatus.class);
      int paused = 0;
      try (var ps = c.prepareStatement(BY_STATE); var rs = ps.executeQuery()) {
        while (rs.next()) {
          WindowStatus status = WindowStatus.valueOf(rs.getString(1));
          int n = rs.getInt(3);
          byStatus.merge(status, n, Integer::sum);
          if (status == WindowStatus.Waiting && WindowSubstatus.ActivityResume.name().equals(rs.getString(2))) {
            paused += n;
          }
        }
      }
      int notEnded;
      try (var ps = c.prepareStatement(NOT_ENDED)) {
        ps.setString(1, WindowStatus.Waiting.name());
        ps.setObject(2, ts(now));
        ps.setString(3, WindowSubstatus.ActivityResume.name());
        try (var rs = ps.executeQuery()) {
          rs.next();
          notEnded = rs.getInt(1);
        }
      }
      // On PostgreSQL's READ COMMITTED each statement has its own snapshot: clamp to the Waiting count.
      int later = Math.min(paused + notEnded, byStatus.getOrDefault(WindowStatus.Waiting, 0));
      return new WindowCounts(byStatus, later);
    });
  }
}
