package dev.adf.orchestrator.status;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A window's status and substatus, and the one table of legal status changes.
 *
 * <pre>
 * None       → Waiting
 * Waiting    → Waiting (another substatus), InProgress, Skipped, Failed
 * InProgress → Ready, Failed, Waiting (Retry/LongRetry/Validation)
 * Waiting/Validation → InProgress/Validating → Ready | Failed/Validation | Waiting/ValidationRetry
 * Ready      → Waiting (rerun), Skipped, None
 * Failed     → Waiting (rerun), Skipped, None
 * Skipped    → Waiting (rerun), None
 * </pre>
 *
 * User actions (package {@code actions}) use: {@code adf rerun} Ready | Failed | Skipped | None →
 * Waiting/ScheduledTime; {@code adf skip} Waiting | Failed → Skipped; {@code adf pause --terminate}
 * InProgress → Failed/Canceled (recorded by the attempt runner once the engine job is stopped).
 * Output validation ({@code schedule.OutputValidation}) uses the Validation rows: InProgress →
 * Waiting/Validation (attempt succeeded, output has a {@code policy.validation}), Waiting/Validation
 * → InProgress/Validating → Ready | Failed/Validation | Waiting/ValidationRetry (not measurable yet).
 * {@code TransitionTableWalkTest} drives every pair of this table through the store.
 *
 * Source: ADF v1 "Monitor and manage pipelines" (slice state transitions, rerun, skip).
 *
 * @param status the status
 * @param substatus the substatus, or null; when given it belongs to {@code status}
 */
public record WindowState(WindowStatus status, WindowSubstatus substatus) {

  private static final Map<WindowStatus, Set<WindowStatus>> ALLOWED = new EnumMap<>(WindowStatus.class);

  static {
    ALLOWED.put(WindowStatus.None, EnumSet.of(WindowStatus.Waiting));
    ALLOWED.put(
        WindowStatus.Waiting,
        EnumSet.of(WindowStatus.Waiting, WindowStatus.InProgress, WindowStatus.Skipped, WindowStatus.Failed));
    ALLOWED.put(
        WindowStatus.InProgress,
        EnumSet.of(WindowStatus.Ready, WindowStatus.Failed, WindowStatus.Waiting));
    ALLOWED.put(WindowStatus.Ready, EnumSet.of(WindowStatus.Waiting, WindowStatus.Skipped, WindowStatus.None));
    ALLOWED.put(WindowStatus.Failed, EnumSet.of(WindowStatus.Waiting, WindowStatus.Skipped, WindowStatus.None));
    ALLOWED.put(WindowStatus.Skipped, EnumSet.of(WindowStatus.Waiting, WindowStatus.None));
  }

  public WindowState {
    Objects.requireNonNull(status, "status");
    if (substatus != null && substatus.status() != status) {
      throw new IllegalArgumentException("substatus " + substatus + " does not belong to " + status);
    }
  }

  public static WindowState of(WindowStatus status) {
    return new WindowState(status, null);
  }

  public static WindowState of(WindowSubstatus substatus) {
    return new WindowState(substatus.status(), substatus);
  }

  /** The table: which statuses a window in {@code from} may move to. */
  public static Set<WindowStatus> allowedFrom(WindowStatus from) {
    return EnumSet.copyOf(ALLOWED.get(from));
  }

  /** Whether this state may change into {@code next}. */
  public boolean canBecome(WindowState next) {
    return ALLOWED.get(status).contains(next.status);
  }

  /**
   * Checks a change against the table.
   *
   * @throws IllegalStateException naming both states when the table does not allow it
   */
  public WindowState checkTransition(WindowState next) {
    if (!canBecome(next)) {
      throw new IllegalStateException("illegal window transition " + this + " -> " + next);
    }
    return next;
  }

  /**
   * True while an attempt holds the window: InProgress, or Waiting/ComputeResources (the attempt's
   * engine job is submitted and queued for engine capacity). Such a window counts against the
   * activity's concurrency, is not started again, cannot be rerun or skipped, and is what {@code adf
   * pause --terminate} and orphan recovery act on.
   */
  public boolean isActive() {
    return status == WindowStatus.InProgress || substatus == WindowSubstatus.ComputeResources;
  }

  @Override
  public String toString() {
    return substatus == null ? status.name() : status + "/" + substatus.adfName();
  }
}
