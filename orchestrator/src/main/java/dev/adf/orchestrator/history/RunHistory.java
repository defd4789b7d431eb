package dev.adf.orchestrator.history;

import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.WindowKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run history as the monitoring view and its JSON API read it (ADF v1's Monitoring &amp; Management
 * app: the activity windows list, its system views, a window's history, the deployments, the audit
 * log). Every read is bounded: a page, a cap, or an aggregate, never the whole history. Every method
 * is one transaction; times are UTC.
 *
 * @see dev.adf.orchestrator.store.Store for the windows' attempts and the writes the scheduler makes
 */
public interface RunHistory {

  /**
   * One page of the activity windows list.
   *
   * @throws dev.adf.orchestrator.store.StoreException when the database fails
   */
  WindowPage windows(WindowFilter filter);

  /** For each deployed-or-not (pipeline, activity) with windows, how many windows are in each status. */
  Map<ActivityRef, Map<WindowStatus, Integer>> statusCounts();

  /**
   * One activity's windows that intersect {@code [from, to)}, oldest first, at most {@code limit} of
   * them (the newest ones when there are more): a window strip. Names match exactly, as deployed.
   */
  List<ActivityWindow> strip(ActivityRef activity, Instant from, Instant to, int limit);

  /**
   * The window that stands for an activity's output "now" (the diagram's dataset status): its latest
   * window (by WindowStart) that is not in Waiting/ScheduledTime, that is, whose due time has come;
   * else, when every window still waits for its scheduled time, its latest window; empty when it has
   * none. A handful of probes of one index per status (V5, read backwards), each reading one row: the
   * cost does not grow with the number of windows, except for the Waiting windows laid out ahead of the clock
   * ({@code SchedulingPass.LAYOUT_LOOKAHEAD}), which the Waiting probe skips. Names match exactly.
   *
   * @throws dev.adf.orchestrator.store.StoreException when the database fails
   */
  Optional<ActivityWindow> latestDueWindow(ActivityRef activity);

  /**
   * A window's status changes, oldest first; the newest {@code limit} when there are more.
   *
   * @param key the window, names exactly as stored
   */
  List<WindowEvent> events(WindowKey key, int limit);

  /** The change counter and activity of the whole history; cheap. */
  Pulse pulse();

  /** The deployments, newest first, at most {@code limit}. */
  List<Deployment> deployments(int limit);

  /** Every version of every entity deployed now or before, newest deployment first, at most {@code limit}. */
  List<EntityVersion> versions(int limit);

  /** The versions of one entity (kind and name case-insensitive), newest first. */
  List<EntityVersion> versions(String kind, String name);

  /** The JSON of one version of an entity as deployed (may hold secrets: redact before showing). */
  Optional<String> json(String kind, String name, int version);

  /** Appends one entry to the audit log and returns it with its id. */
  AuditEntry record(AuditEntry entry);

  /**
   * The audit log, newest first.
   *
   * @param beforeId only entries older than this id, or 0 for the newest
   * @param limit at most this many (1 to {@link WindowFilter#MAX_LIMIT})
   */
  List<AuditEntry> audit(long beforeId, int limit);
}
