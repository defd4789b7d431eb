package dev.adf.orchestrator.status;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why a window is in its status, with ADF v1's names (.NET {@code WindowSubstate}). Each substatus
 * belongs to one {@link WindowStatus}.
 */
public enum WindowSubstatus {
  /** Waiting: its due time (window start or end per style, plus delay) has not come. */
  ScheduledTime(WindowStatus.Waiting),
  /** Waiting: an input slice in its dependency period is not Ready. */
  DatasetDependencies(WindowStatus.Waiting),
  /** Waiting: the compute engine has no capacity for it yet. */
  ComputeResources(WindowStatus.Waiting),
  /** Waiting: the activity's concurrency slots are all taken by other windows. */
  ConcurrencyLimit(WindowStatus.Waiting),
  /** Waiting: the pipeline is paused. */
  ActivityResume(WindowStatus.Waiting),
  /** Waiting: a failed attempt will be retried. */
  Retry(WindowStatus.Waiting),
  /** Waiting: the retries of one round are used up; the next round starts after longRetryInterval. */
  LongRetry(WindowStatus.Waiting),
  /** Waiting: output validation has not started. */
  Validation(WindowStatus.Waiting),
  /** Waiting: output validation will be retried. */
  ValidationRetry(WindowStatus.Waiting),
  /** InProgress: output validation is running. */
  Validating(WindowStatus.InProgress),
  /** Failed: the last attempt exceeded the policy timeout. */
  TimedOut(WindowStatus.Failed),
  /** Failed: a user canceled the running attempt. */
  Canceled(WindowStatus.Failed),
  /** Failed: output validation failed. */
  ValidationFailed(WindowStatus.Failed);

  private final WindowStatus status;

  WindowSubstatus(WindowStatus status) {
    this.status = status;
  }

  /** The status this substatus qualifies. */
  public WindowStatus status() {
    return status;
  }

  /** The name ADF shows: {@code Validation} for {@link #ValidationFailed}, else the enum name. */
  public String adfName() {
    return this == ValidationFailed ? "Validation" : name();
  }

  /** Parses an ADF substatus name as stored; {@code Validation} under Failed is ValidationFailed. */
  public static WindowSubstatus parse(WindowStatus status, String name) {
    if (name == null) {
      return null;
    }
    if (status == WindowStatus.Failed && name.equals("Validation")) {
      return ValidationFailed;
    }
    return valueOf(name);
  }

  /** The substatuses of one status. */
  public static Set<WindowSubstatus> of(WindowStatus status) {
    var set = EnumSet.noneOf(WindowSubstatus.class);
    for (var s : values()) {
      if (s.status == status) {
        set.add(s);
      }
    }
    return set;
  }
}
