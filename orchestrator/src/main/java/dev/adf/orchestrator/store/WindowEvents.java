package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.StoreSql.*;

import dev.adf.orchestrator.history.WindowEvent;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A window's history ({@link dev.adf.orchestrator.history.RunHistory#events}) from its three sources: the
 * {@code window_event} rows, the attempts' starts and the attempts' ends, which the attempt rows record (V14:
 * a claim writes no event row of its own, {@link ClaimStore}; V16: nor does an end recorded with its window's
 * move by {@link Store#finishAttempts}). A start or an end comes after the event row whose id its attempt row
 * kept ({@code start_after_event}, {@code end_after_event}) and before the next; those placed after the same
 * row come in attempt order, each attempt's start before its end. Attempts from before V14 have their start,
 * and ends recorded on their own or before V16 their end, as an event row.
 */
final class WindowEvents {
  private static final String EVENTS = "SELECT id, at, from_status, from_substatus, to_status, to_substatus, reason"
      + " FROM window_event WHERE pipeline = ? AND activity = ? AND window_start = ? ORDER BY id DESC LIMIT ?";
  private static final String STARTS = "SELECT attempt, started_at, start_from_substatus, start_after_event"
      + " FROM attempt WHERE pipeline = ? AND activity = ? AND window_start = ? AND start_after_event IS NOT NULL"
      + " ORDER BY attempt DESC LIMIT ?";
  private static final String ENDS = "SELECT attempt, ended_at, end_from_status, end_from_substatus, end_to_status,"
      + " end_to_substatus, end_reason, end_after_event FROM attempt WHERE pipeline = ? AND activity = ?"
      + " AND window_start = ? AND end_after_event IS NOT NULL ORDER BY attempt DESC LIMIT ?";

  private WindowEvents() {}

  /**
   * The window's newest {@code limit} status changes on {@code c}, oldest first: three indexed reads of at most
   * {@code limit} rows each ({@code window_event (pipeline, activity, window_start, id)}, the attempt's key twice).
   */
  static List<WindowEvent> of(Connection c, WindowKey key, int limit) throws SQLException {
    List<Placed> all = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
      keyParams(ps, key, 1);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(new Placed(rs.getLong(1), 0, 0, new WindowEvent(rs.getLong(1), instant(rs, 2),
              state(rs.getString(3), rs.getString(4)), state(rs.getString(5), rs.getString(6)), rs.getString(7))));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(STARTS)) {
      keyParams(ps, key, 1);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int number = rs.getInt(1);
          long after = rs.getLong(4);
          all.add(new Placed(after, number, 0, new WindowEvent(after, instant(rs, 2),
              state(WindowStatus.Waiting.name(), rs.getString(3)), WindowState.of(WindowStatus.InProgress),
              ClaimStore.startReason(number))));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(ENDS)) {
      keyParams(ps, key, 1);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long after = rs.getLong(8);
          all.add(new Placed(after, rs.getInt(1), 1, new WindowEvent(after, instant(rs, 2),
              state(rs.getString(3), rs.getString(4)), state(rs.getString(5), rs.getString(6)), rs.getString(7))));
        }
      }
    }
    all.sort(Comparator.comparingLong(Placed::after).thenComparingInt(Placed::attempt).thenComparingInt(Placed::kind));
    return all.subList(Math.max(0, all.size() - limit), all.size()).stream().map(Placed::event).toList();
  }

  /**
   * An event and its place in the window's history: after the event row {@code after} (its own id for an event
   * row, attempt 0) and, among attempt starts and ends placed after the same row, in attempt order, the start
   * ({@code kind} 0) before the end (1).
   */
  private record Placed(long after, int attempt, int kind, WindowEvent event) {}

  private static WindowState state(String status, String substatus) {
    if (status == null) {
      return null;
    }
    WindowStatus s = WindowStatus.valueOf(status);
    return new WindowState(s, WindowSubstatus.parse(s, substatus));
  }
}
