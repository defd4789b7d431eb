package dev.adf.web;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.actions.Why;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.schedule.AttemptLauncher;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.store.Store;
import java.time.Instant;

/**
 * What the pages read and change, all through the orchestrator's own layers: the history queries
 * ({@link RunHistory}), the store's window and attempt reads, the scheduler's rules ({@link Why}) and
 * the user actions ({@link WindowActions}), exactly as the CLI uses them. No SQL here.
 */
final class Monitor {
  private final Orchestrator orchestrator;
  private final SchedulingPass explainer;

  Monitor(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
    this.explainer = new SchedulingPass(orchestrator.store(), orchestrator::deployedFactory,
        new BlobSliceCheck(orchestrator.storageRoot()), AttemptLauncher.NONE);
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
