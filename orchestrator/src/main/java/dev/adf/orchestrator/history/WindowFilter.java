package dev.adf.orchestrator.history;

import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Filters and order of the activity windows list (ADF's Monitoring app list and its system views),
 * one page at a time. Empty sets and nulls mean "any"; names match case-insensitively.
 *
 * @param pipeline pipeline name, or null
 * @param activity activity name, or null
 * @param statuses any of these statuses (several at once), or empty for all
 * @param substatuses any of these substatuses, or empty for all; a window without a substatus never
 *     matches a non-empty set
 * @param from earliest WindowStart, inclusive (UTC), or null
 * @param to latest WindowStart, exclusive (UTC), or null
 * @param order the order of the list
 * @param offset windows skipped before the page (at least 0)
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 */
public record WindowFilter(
    String pipeline,
    String activity,
    Set<WindowStatus> statuses,
    Set<WindowSubstatus> substatuses,
    Instant from,
    Instant to,
    Order order,
    int offset,
    int limit) {

  /** The largest page: no request reads more windows than this. */
  public static final int MAX_LIMIT = 500;
  /** The page size of the list page and {@code /api/windows} when none is asked for. */
  public static final int DEFAULT_LIMIT = 50;

  /** The order of the list. */
  public enum Order {
    /** WindowStart descending, the Monitoring app's default. */
    NEWEST,
    /** WindowStart ascending. */
    OLDEST,
    /** By the latest attempt's start, descending; windows that never ran are left out (the "Recent" view). */
    RECENT
  }

  public WindowFilter {
    statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    substatuses = substatuses == null || substatuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(substatuses));
    order = order == null ? Order.NEWEST : order;
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset + " is negative");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is not in 1.." + MAX_LIMIT);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " must be before to " + to + " (to is exclusive)");
    }
  }

  /** Every window, newest first, the first page. */
  public static WindowFilter all() {
    return new WindowFilter(null, null, Set.of(), Set.of(), null, null, Order.NEWEST, 0, DEFAULT_LIMIT);
  }
}
