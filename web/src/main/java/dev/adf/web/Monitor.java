package dev.adf.web;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.actions.Why;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.schedule.AttemptLauncher;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import java.time.Instant;
import java.util.Set;

/**
 * What the pages read and change, all through the orchestrator's own layers: the history queries
 * ({@link RunHistory}), the store's window and attempt reads, the scheduler's rules ({@link Why}) and
 * the user actions ({@link WindowActions}), exactly as the CLI uses them. No SQL here.
 */
final class Monitor {
  /** The pass explains only; it never starts anything (as {@code adf why}). */
  private static final AttemptLauncher NOTHING = new AttemptLauncher() {
    @Override
    public void launch(FactoryView.ScheduledActivity a, ActivityWindow w, FactoryView f) {
      throw new IllegalStateException("the web view starts nothing");
    }

    @Override
    public void cancel(WindowKey key, AttemptStatus reason) {}

    @Override
    public Set<WindowKey> running() {
      return Set.of();
    }
  };

  private final Orchestrator orchestrator;
  private final SchedulingPass explainer;

  Monitor(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
    this.explainer = new SchedulingPass(orchestrator.store(), orchestrator::deployedFactory,
        new BlobSliceCheck(orchestrator.storageRoot()), NOTHING);
  }

  Orchestrator orchestrator() {
    return orchestrator;
  }

  RunHistory history() {
    return orchestrator.history();
  }

  Store store() {
    return orchestrator.store();
  }

  /** The deployed factory (re-read only after a deploy). */
  FactoryView factory() {
    return orchestrator.deployedFactory();
  }

  WindowActions actions() {
    return new WindowActions(store(), factory());
  }

  Why why() {
    return new Why(store(), actions(), explainer);
  }

  Instant now() {
    return orchestrator.clock().instant();
  }
}
