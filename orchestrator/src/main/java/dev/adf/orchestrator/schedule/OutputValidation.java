package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.ExecutionPriorityOrder;
import dev.adf.orchestrator.definition.ValidationPolicy;
import dev.adf.orchestrator.schedule.ExternalSliceCheck.SliceData;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.validation.Secrets;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation of produced output slices (ADF v1 dataset {@code policy.validation}, adf-v1-semantics
 * §3.2 and rule 11): after a successful attempt the window is Waiting/Validation ({@code
 * AttemptRunner}); a pass moves it InProgress/Validating, measures each output dataset that has a
 * validation policy for the window's slice and makes it Ready, or Failed/Validation with the measured
 * size against the minimum as reason. Failed/Validation blocks downstream windows like Failed.
 *
 * <ul>
 *   <li>minimumSizeMB (AzureBlob): the blob fileName, or all blobs under folderPath, resolved for the
 *       slice, total at least minimumSizeMB × 1,048,576 bytes; no data at all fails too;
 *   <li>minimumRows and minimumSizeMB on other dataset types: not checked (no connector here); noted in
 *       the reason, the window becomes Ready;
 *   <li>a measurement that throws (storage unreachable): Waiting/ValidationRetry, validated again
 *       {@link #RETRY_AFTER} later, until it can be measured;
 *   <li>several windows due: each activity's windows go in its first validated output's
 *       validationPriorityOrder (OldestFirst default).
 * </ul>
 *
 * Runs on the pass's thread, one window after the other (a store that hangs holds the pass). A window
 * left InProgress/Validating by a crash is validated again at the first run.
 */
public final class OutputValidation {
  private static final Logger LOG = LoggerFactory.getLogger(OutputValidation.class);

  /** Wait before validating again after a measurement failed. */
  public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  private final Store store;
  private final ExternalSliceCheck check;
  private boolean recovered;

  public OutputValidation(Store store, ExternalSliceCheck check) {
    this.store = store;
    this.check = check;
  }

  /**
   * Validates every window due for validation at {@code now}.
   *
   * @return how many windows were validated (Ready or Failed now)
   */
  public int run(FactoryView view, Instant now) {
    if (!recovered) {
      recoverInterrupted(now);
      recovered = true;
    }
    Map<String, List<ActivityWindow>> byActivity = new TreeMap<>();
    List<ActivityWindow> due = store.windowsIn(
        List.of(WindowState.of(WindowSubstatus.Validation), WindowState.of(WindowSubstatus.ValidationRetry)));
    for (ActivityWindow w : due) {
      if (w.notBefore() == null || !now.isBefore(w.notBefore())) {
        byActivity.computeIfAbsent(w.key().pipeline() + "\u0000" + w.key().activity(), k -> new ArrayList<>()).add(w);
      }
    }
    int done = 0;
    for (List<ActivityWindow> windows : byActivity.values()) {
      ActivityWindow first = windows.get(0);
      ScheduledActivity a = view.activity(first.key().pipeline(), first.key().activity()).orElse(null);
      List<Dataset> outputs = a == null ? List.of() : validatedOutputs(view, a);
      Comparator<ActivityWindow> order = Comparator.comparing(w -> w.key().windowStart());
      if (outputs.stream().findFirst().flatMap(ValidationPolicy::of)
          .map(v -> v.order() == ExecutionPriorityOrder.NewestFirst).orElse(false)) {
        order = order.reversed();
      }
      windows.sort(order);
      for (ActivityWindow w : windows) {
        done += validate(view, outputs, w, now) ? 1 : 0;
      }
    }
    return done;
  }

  /** The output datasets of {@code a} that have a validation policy, in the activity's order. */
  static List<Dataset> validatedOutputs(FactoryView view, ScheduledActivity a) {
    List<Dataset> out = new ArrayList<>();
    for (String n : a.activity().outputs()) {
      view.factory().dataset(n).filter(d -> ValidationPolicy.of(d).isPresent()).ifPresent(out::add);
    }
    return out;
  }

  private void recoverInterrupted(Instant now) {
    for (ActivityWindow w : store.windowsIn(WindowState.of(WindowSubstatus.Validating))) {
      store.transition(w, WindowState.of(WindowSubstatus.Validation), Store.WindowChange.keep(w),
          "validation was interrupted (orchestrator stopped); validating again", now);
    }
  }

  private boolean validate(FactoryView view, List<Dataset> outputs, ActivityWindow w, Instant now) {
    if (!store.transition(w, WindowState.of(WindowSubstatus.Validating), Store.WindowChange.keep(w),
        "validating output " + outputs.stream().map(Dataset::name).toList(), now)) {
      return false;
    }
    ActivityWindow v = store.window(w.key()).orElse(null);
    if (v == null) {
      return false;
    }
    TimeWindow slice = new TimeWindow(w.key().windowStart(), w.windowEnd());
    List<String> failures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String unmeasured = null;
    for (Dataset ds : outputs) {
      ValidationPolicy policy = ValidationPolicy.of(ds).orElseThrow();
      if (policy.minimumRows() != null) {
        notes.add(ds.name() + " minimumRows " + policy.minimumRows() + " not checked (no SQL/Table connector here)");
      }
      if (policy.minimumSizeMB() == null) {
        continue;
      }
      if (!"AzureBlob".equalsIgnoreCase(ds.type())) {
        notes.add(ds.name() + " minimumSizeMB not checked for " + ds.type() + " datasets");
        continue;
      }
      try {
        SliceData data = check.measure(view.factory(), ds, slice);
        if (!data.exists()) {
          failures.add(ds.name() + ": no data found for the slice (minimumSizeMB "
              + policy.minimumSizeMB().toPlainString() + ")");
        } else if (data.bytes() == SliceData.UNKNOWN_SIZE) {
          notes.add(ds.name() + " size not measured");
        } else {
          String judged = policy.judgeSize(data.bytes());
          if (judged != null) {
            failures.add(ds.name() + ": " + judged);
          } else {
            notes.add(ds.name() + " size " + ValidationPolicy.mb(data.bytes()) + " MB >= minimumSizeMB "
                + policy.minimumSizeMB().toPlainString());
          }
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        unmeasured = ds.name() + " could not be measured: " + Secrets.redact(String.valueOf(e.getMessage()));
        break;
      }
    }
    WindowState next;
    String reason;
    Instant notBefore = null;
    String error = null;
    if (unmeasured != null) {
      next = WindowState.of(WindowSubstatus.ValidationRetry);
      notBefore = now.plus(RETRY_AFTER);
      reason = "output validation retried at " + notBefore + ": " + unmeasured;
      error = reason;
    } else if (!failures.isEmpty()) {
      next = WindowState.of(WindowSubstatus.ValidationFailed);
      reason = "output validation failed: " + String.join("; ", failures);
      error = reason;
    } else {
      next = WindowState.of(WindowStatus.Ready);
      reason = "output validation passed" + (notes.isEmpty() ? "" : ": " + String.join("; ", notes));
    }
    if (!store.transition(v, next, new Store.WindowChange(v.attempts(), notBefore, error), reason, now)) {
      LOG.warn("{} changed while its output was validated; left as it is", w.key());
      return false;
    }
    LOG.info("{} {} ({})", w.key(), next, reason);
    return next.status() != WindowStatus.Waiting;
  }
}
