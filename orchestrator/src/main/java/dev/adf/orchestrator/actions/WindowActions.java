package dev.adf.orchestrator.actions;

import dev.adf.activities.expression.ExpressionException;
import dev.adf.orchestrator.definition.InputDependency;
import dev.adf.orchestrator.window.DependencyPeriods;
import dev.adf.orchestrator.actions.ActionException.Kind;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Pipeline;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.DatasetSlice;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.Store.Transition;
import dev.adf.orchestrator.store.Store.WindowChange;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.store.WindowQuery;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's actions on activity windows and pipelines (ADF v1 Monitoring app: Rerun, Rerun with
 * upstream in pipeline, Skip, Pause, Pause and terminate, Resume). Each action checks everything
 * first and then changes all its windows in one transaction, through {@link WindowState}'s table, or
 * changes nothing and throws {@link ActionException}.
 *
 * <p>Rerun does not cascade downstream, as in ADF: a downstream window that is already Ready stays
 * Ready; rerun it too (or rerun the downstream activity with {@code --upstream}) to have it run on the
 * new data. Downstream windows still Waiting run on their own once their inputs are Ready again.
 */
public final class WindowActions {
  /** Statuses a rerun sends back to Waiting. */
  public static final Set<WindowStatus> RERUNNABLE =
      EnumSet.of(WindowStatus.Ready, WindowStatus.Failed, WindowStatus.Skipped, WindowStatus.None);
  /** Statuses a skip marks Skipped. */
  public static final Set<WindowStatus> SKIPPABLE = EnumSet.of(WindowStatus.Waiting, WindowStatus.Failed);

  private final Store store;
  private final FactoryView view;

  public WindowActions(Store store, FactoryView view) {
    this.store = store;
    this.view = view;
  }

  /**
   * What an action did.
   *
   * @param changed the windows it changed, as they were before, oldest first
   * @param unchanged the windows it selected and left as they are (already in the target state, or a
   *     state the action does not change), oldest first
   * @param slicesReset Failed slices of external input datasets forgotten by {@code rerun --upstream},
   *     so that they are checked again from scratch, as they were before
   */
  public record Outcome(List<ActivityWindow> changed, List<ActivityWindow> unchanged, List<DatasetSlice> slicesReset) {
    public Outcome(List<ActivityWindow> changed, List<ActivityWindow> unchanged) {
      this(changed, unchanged, List.of());
    }
  }

  /**
   * Sends the selected windows that are Ready, Failed or Skipped back to Waiting/ScheduledTime; the
   * scheduling pass then decides what they wait for. Attempt history is kept: the next attempt gets
   * the next number. Waiting windows are left as they are.
   *
   * @param upstream also reset, transitively, the windows of the same pipeline that produce the
   *     input slices of the selected windows (ADF "Rerun with upstream in pipeline"), and the Failed
   *     slices of external inputs in the dependency periods of all these windows (ADF's Validate: the
   *     slice's availability checks start again, maximumRetry counted from zero). Slices are reset
   *     after the windows changed, in a transaction of their own
   * @throws ActionException NOT_FOUND for an unknown activity or window, CONFLICT when a window to
   *     reset is InProgress or changed meanwhile
   */
  public Outcome rerun(Selection selection, boolean upstream, Instant now) {
    return rerun(List.of(selection), upstream, now);
  }

  /**
   * {@link #rerun(Selection, boolean, Instant)} over several selections at once (the Monitoring app's
   * multi-select), all in one transaction: every selected window (and, with {@code upstream}, every
   * upstream one) or none changes.
   *
   * @param selections one or more selections; a window selected twice counts once
   * @throws ActionException as for a single selection; IllegalArgumentException for no selection
   */
  public Outcome rerun(List<Selection> selections, boolean upstream, Instant now) {
    List<ActivityWindow> all = rerunTargets(selections, upstream);
    Outcome outcome = apply(all, RERUNNABLE, w -> WindowState.of(WindowSubstatus.ScheduledTime),
        upstream ? "rerun with upstream in pipeline (" + describe(selections) + ")" : "rerun by user", now);
    if (!upstream) {
      return outcome;
    }
    return new Outcome(outcome.changed(), outcome.unchanged(), resetFailedExternalSlices(all));
  }

  /**
   * What {@link #rerun(List, boolean, Instant)} would do now, changing nothing: the windows it would
   * send back to Waiting ({@link Outcome#changed()}) and those it would leave as they are. Failed
   * external slices a rerun with upstream would reset are not listed.
   *
   * @throws ActionException exactly when the rerun itself would refuse (NOT_FOUND, CONFLICT)
   */
  public Outcome previewRerun(List<Selection> selections, boolean upstream) {
    return plan(rerunTargets(selections, upstream), RERUNNABLE);
  }

  private List<ActivityWindow> rerunTargets(List<Selection> selections, boolean upstream) {
    List<ActivityWindow> selected = select(selections);
    List<ActivityWindow> all = upstream ? withUpstream(selected) : selected;
    refuseInProgress(all, "rerun");
    return all;
  }

  /**
   * Forgets the Failed slices of the external inputs in each window's dependency periods (§6), so the
   * scheduling pass checks them again from scratch under their externalData policy.
   */
  private List<DatasetSlice> resetFailedExternalSlices(List<ActivityWindow> windows) {
    List<DatasetSlice> reset = new ArrayList<>();
    for (ActivityWindow w : windows) {
      ScheduledActivity a = activity(w.key().pipeline(), w.key().activity());
      for (InputDependency input : a.activity().dependencies()) {
        Dataset ds = view.factory().dataset(input.dataset()).orElse(null);
        if (ds == null || !ds.external()) {
          continue;
        }
        List<TimeWindow> slices;
        try {
          slices = DependencyPeriods.of(new TimeWindow(w.key().windowStart(), w.windowEnd()), input, ds.availability())
              .slices();
        } catch (ExpressionException e) {
          continue; // the pass reports it on the window
        }
        if (!slices.isEmpty()) {
          reset.addAll(store.resetFailedSlices(ds.name(), slices.get(0).start(), slices.get(slices.size() - 1).end()));
        }
      }
    }
    return reset;
  }

  /**
   * Marks the selected windows that are Waiting or Failed Skipped: they are never processed, and the
   * windows that need them as input are Skipped by the pass. Ready and Skipped windows are left as
   * they are.
   *
   * @throws ActionException NOT_FOUND for an unknown activity or window, CONFLICT when a window is
   *     InProgress or changed meanwhile
   */
  public Outcome skip(Selection selection, Instant now) {
    return skip(List.of(selection), now);
  }

  /** {@link #skip(Selection, Instant)} over several selections, in one transaction, all or nothing. */
  public Outcome skip(List<Selection> selections, Instant now) {
    List<ActivityWindow> selected = select(selections);
    refuseInProgress(selected, "skip");
    return apply(selected, SKIPPABLE, w -> WindowState.of(WindowStatus.Skipped), "skipped by user", now);
  }

  /**
   * What {@link #skip(List, Instant)} would do now, changing nothing.
   *
   * @throws ActionException exactly when the skip itself would refuse
   */
  public Outcome previewSkip(List<Selection> selections) {
    List<ActivityWindow> selected = select(selections);
    refuseInProgress(selected, "skip");
    return plan(selected, SKIPPABLE);
  }

  /**
   * Pauses a pipeline at run time: the pass starts nothing of it (its Waiting windows show
   * ActivityResume); running attempts go on to their end unless {@code terminate}, then the running
   * scheduler cancels them and they end Canceled (window Failed/Canceled).
   *
   * @return the pipeline as deployed
   * @throws ActionException NOT_FOUND when no such pipeline is deployed
   */
  public Pipeline pause(String pipeline, boolean terminate, Instant now) {
    Pipeline p = pipeline(pipeline);
    store.pause(p.name(), terminate, now);
    return p;
  }

  /**
   * Clears a run-time pause.
   *
   * @return true when the pipeline was paused at run time
   * @throws ActionException NOT_FOUND when no such pipeline is deployed
   */
  public boolean resume(String pipeline) {
    return store.resume(pipeline(pipeline).name());
  }

  /** The windows of a pipeline an attempt holds now (InProgress or Waiting/ComputeResources). */
  public List<ActivityWindow> inProgress(String pipeline) {
    return store.activeWindows(pipeline(pipeline).name(), null);
  }

  /** The deployed pipeline of that name (case-insensitive). */
  public Pipeline pipeline(String name) {
    return view.factory().pipelines().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new ActionException(Kind.NOT_FOUND, "no pipeline " + name + " is deployed; deployed: "
            + view.factory().pipelines().stream().map(Pipeline::name).sorted().toList()));
  }

  /** The deployed activity (case-insensitive). */
  public ScheduledActivity activity(String pipeline, String activity) {
    Pipeline p = pipeline(pipeline);
    return view.activity(p.name(), activity).orElseThrow(() -> new ActionException(Kind.NOT_FOUND,
        "pipeline " + p.name() + " has no scheduled activity " + activity + "; its activities: "
            + view.activities().stream().filter(a -> a.pipeline() == p).map(a -> a.activity().name()).toList()));
  }

  /**
   * The windows of several selections, each window once, oldest first; never empty.
   *
   * @throws IllegalArgumentException for an empty list
   * @throws ActionException NOT_FOUND when any selection matches nothing
   */
  public List<ActivityWindow> select(List<Selection> selections) {
    if (selections.isEmpty()) {
      throw new IllegalArgumentException("no windows selected");
    }
    if (selections.size() == 1) {
      return select(selections.get(0));
    }
    Map<WindowKey, ActivityWindow> all = new LinkedHashMap<>();
    for (Selection s : selections) {
      select(s).forEach(w -> all.putIfAbsent(w.key(), w));
    }
    List<ActivityWindow> out = new ArrayList<>(all.values());
    out.sort(ORDER);
    return out;
  }

  private static String describe(List<Selection> selections) {
    return selections.size() == 1 ? selections.get(0).toString()
        : selections.size() + " selections, first " + selections.get(0);
  }

  private static final Comparator<ActivityWindow> ORDER = Comparator
      .comparing((ActivityWindow w) -> w.key().windowStart())
      .thenComparing(w -> w.key().pipeline()).thenComparing(w -> w.key().activity());

  /** The selected windows, oldest first; never empty. */
  public List<ActivityWindow> select(Selection s) {
    ScheduledActivity a = activity(s.pipeline(), s.activity());
    List<ActivityWindow> windows = store.windows(
        new WindowQuery(a.pipeline().name(), a.activity().name(), null, s.from(), s.to(), false));
    if (windows.isEmpty()) {
      throw new ActionException(Kind.NOT_FOUND, "no activity window of " + a.pipeline().name() + "/"
          + a.activity().name() + (s.single() ? " starts at " + s.from() : " starts in [" + s.from() + ", " + s.to() + ")")
          + "; list them with: adf windows --pipeline \"" + a.pipeline().name() + "\"");
    }
    return windows;
  }

  /**
   * The windows and, transitively, the windows of the same pipeline producing their input slices
   * (each input's dependency period, §6: the window itself unless startTime/endTime/length move it),
   * oldest first. External inputs and inputs produced
   * by other pipelines are not followed, as in ADF.
   */
  List<ActivityWindow> withUpstream(List<ActivityWindow> windows) {
    Map<WindowKey, ActivityWindow> seen = new LinkedHashMap<>();
    Deque<ActivityWindow> todo = new ArrayDeque<>(windows);
    while (!todo.isEmpty()) {
      ActivityWindow w = todo.pop();
      if (seen.putIfAbsent(w.key(), w) != null) {
        continue;
      }
      ScheduledActivity a = activity(w.key().pipeline(), w.key().activity());
      for (InputDependency input : a.activity().dependencies()) {
        Dataset ds = view.factory().dataset(input.dataset()).orElse(null);
        ScheduledActivity producer = ds == null ? null : view.producerOf(ds.name()).orElse(null);
        if (ds == null || ds.external() || producer == null || producer.pipeline() != a.pipeline()) {
          continue;
        }
        TimeWindow window = new TimeWindow(w.key().windowStart(), w.windowEnd());
        List<TimeWindow> slices;
        try {
          slices = DependencyPeriods.of(window, input, ds.availability()).slices();
        } catch (ExpressionException e) {
          continue; // the pass reports it on the window; nothing upstream to follow
        }
        for (TimeWindow slice : slices) {
          store.window(producer.key(slice.start())).ifPresent(todo::add);
        }
      }
    }
    List<ActivityWindow> out = new ArrayList<>(seen.values());
    out.sort(ORDER);
    return out;
  }

  private static void refuseInProgress(List<ActivityWindow> windows, String action) {
    List<ActivityWindow> running = windows.stream()
        .filter(w -> w.state().isActive()).toList();
    if (!running.isEmpty()) {
      throw new ActionException(Kind.CONFLICT, "cannot " + action + " " + running.size() + " window(s) InProgress ("
          + running.stream().limit(3).map(w -> w.key().toString()).toList() + (running.size() > 3 ? ", ..." : "")
          + "): wait for the attempt to end, or stop it with adf pause PIPELINE --terminate; nothing was changed");
    }
  }

  /** Which of {@code windows} an action changing those in {@code from} would change; changes nothing. */
  private static Outcome plan(List<ActivityWindow> windows, Set<WindowStatus> from) {
    List<ActivityWindow> changed = new ArrayList<>();
    List<ActivityWindow> unchanged = new ArrayList<>();
    for (ActivityWindow w : windows) {
      (from.contains(w.state().status()) ? changed : unchanged).add(w);
    }
    return new Outcome(changed, unchanged);
  }

  private Outcome apply(List<ActivityWindow> windows, Set<WindowStatus> from,
      java.util.function.Function<ActivityWindow, WindowState> next, String reason, Instant now) {
    List<ActivityWindow> changed = new ArrayList<>();
    List<ActivityWindow> unchanged = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    for (ActivityWindow w : windows) {
      if (from.contains(w.state().status())) {
        changed.add(w);
        transitions.add(new Transition(w, next.apply(w), new WindowChange(w.attempts(), null, w.lastError())));
      } else {
        unchanged.add(w);
      }
    }
    if (!transitions.isEmpty() && !store.transitionAll(transitions, reason, now)) {
      throw new ActionException(Kind.CONFLICT,
          "some of the windows changed while this ran (the scheduler is running); nothing was changed: try again");
    }
    return new Outcome(changed, unchanged);
  }
}
