package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * How many activity windows are in each status at one moment, over all activities ({@link
 * Store#windowCounts}), and how many of the Waiting ones cannot start at that moment whatever their
 * inputs.
 *
 * @param byStatus windows per status; statuses without windows are absent (never a 0 entry)
 * @param waitingLater Waiting windows that are not due at the moment counted (their window has not
 *     ended) or whose pipeline is paused (Waiting/ActivityResume); at most {@code count(Waiting)}
 */
public record WindowCounts(Map<WindowStatus, Integer> byStatus, int waitingLater) {
  /** No windows. */
  public static final WindowCounts NONE = new WindowCounts(Map.of(), 0);

  /**
   * @throws IllegalArgumentException on a negative or zero count, or {@code waitingLater} outside
   *     {@code [0, count(Waiting)]}
   */
  public WindowCounts {
    EnumMap<WindowStatus, Integer> copy = new EnumMap<>(WindowStatus.class);
    byStatus.forEach((s, n) -> {
      if (n == null || n <= 0) {
        throw new IllegalArgumentException("count of " + s + " must be positive: " + n);
      }
      copy.put(s, n);
    });
    byStatus = Collections.unmodifiableMap(copy);
    int waiting = copy.getOrDefault(WindowStatus.Waiting, 0);
    if (waitingLater < 0 || waitingLater > waiting) {
      throw new IllegalArgumentException("waitingLater " + waitingLater + " of " + waiting + " Waiting windows");
    }
  }

  /** The windows in {@code status}, 0 when none. */
  public int count(WindowStatus status) {
    return byStatus.getOrDefault(status, 0);
  }

  /** All windows. */
  public int total() {
    return byStatus.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Windows in a final status ({@link WindowStatus#isTerminal()}: Ready, Failed, Skipped). */
  public int finished() {
    int n = 0;
    for (var e : byStatus.entrySet()) {
      if (e.getKey().isTerminal()) {
        n += e.getValue();
      }
    }
    return n;
  }

  /**
   * The windows a run until idle can still take to a final status from this moment: the InProgress
   * ones and the Waiting ones that are due and not paused. An upper bound: a Waiting window whose
   * input slice Failed or never arrives is counted, though it will not run.
   */
  public int remaining() {
    return count(WindowStatus.InProgress) + count(WindowStatus.Waiting) - waitingLater;
  }

  /** {@code Ready=31, Waiting=1}: status names in alphabetical order with their counts; {@code none} when empty. */
  public String summary() {
    if (byStatus.isEmpty()) {
      return "none";
    }
    StringJoiner out = new StringJoiner(", ");
    new TreeMap<String, Integer>(byStatus.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue)))
        .forEach((s, n) -> out.add(s + "=" + n));
    return out.toString();
  }
}
