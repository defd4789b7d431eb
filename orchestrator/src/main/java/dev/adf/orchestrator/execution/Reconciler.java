package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.SchedulerNodes;
import dev.adf.orchestrator.store.SchedulerNodes.Node;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.StoreException;
import dev.adf.orchestrator.store.WindowKey;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over what schedulers that stopped left behind, and what this one owns but no longer runs.
 *
 * <p>{@link #adoptExpired}: every Live scheduler whose lease ended by the database's clock is adopted
 * (one transaction each, so two adopters never both get it). {@link #reconcile}: every active window
 * this scheduler owns and does not run (adopted, or left when recording an attempt failed) is
 * reconciled before anything runs it again: an attempt whose engine job can still be reached, that is
 * one on a shared engine ({@code adf engine serve}, a Livy server) or on this scheduler's own embedded
 * engine, is <b>resumed</b>, its activity finding the job by its batch name (the attempt's idempotency
 * key) instead of submitting another; an attempt whose job was on another scheduler's embedded engine
 * ended with it (that engine's jobs end themselves when their scheduler's lease is not renewed) and is
 * marked Failed, its window back to Waiting/Retry without using up its retry policy, as a crash resume
 * does ({@link OrphanRecovery}).
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final SchedulerNodes nodes;
  private final Store store;
  private final SchedulerLease lease;
  private final AttemptRunner runner;
  private final Path engineRoot;

  /**
   * @param store the store bound to this scheduler ({@link Store#forNode})
   * @param engineRoot this scheduler's embedded engine work folder (absolute)
   */
  public Reconciler(SchedulerNodes nodes, Store store, SchedulerLease lease, AttemptRunner runner, Path engineRoot) {
    this.nodes = nodes;
    this.store = store;
    this.lease = lease;
    this.runner = runner;
    this.engineRoot = engineRoot;
  }

  /**
   * Adopts every scheduler whose lease ended by the database's clock.
   *
   * @return how many windows were adopted
   */
  public int adoptExpired(Instant now) {
    int n = 0;
    try {
      for (Node dead : nodes.expired()) {
        var adoption = nodes.adopt(dead.id(), lease.id(), true);
        if (adoption.isPresent()) {
          n += adoption.get().windows().size();
          LOG.warn("scheduler {} adopted {} (its lease ended at {}, database clock): {} active windows",
              lease.node().label(), dead.label(), dead.leaseUntil(), adoption.get().windows().size());
          reconcile(now, "scheduler " + dead.label() + " stopped renewing its lease", adoption.get().node());
        }
      }
    } catch (StoreException e) {
      LOG.warn("adopting schedulers whose lease ended failed ({}); the next pass tries again", e.getMessage());
    }
    return n;
  }

  /**
   * Reconciles the active windows this scheduler owns and does not run.
   *
   * @param cause what happened, for the history
   * @param origin the scheduler that ran their attempts (adopted), or null when it was this one or an
   *     earlier scheduler on this same home
   * @return how many windows went back to Waiting (resumed ones are not counted)
   */
  public int reconcile(Instant now, String cause, Node origin) {
    settled = false;
    try {
      List<WindowKey> owned = nodes.owned(lease.id());
      if (owned.isEmpty()) {
        settled = true;
        return 0;
      }
      Set<WindowKey> running = runner.running();
      Set<WindowKey> orphans = new HashSet<>();
      for (WindowKey k : owned) {
        if (!running.contains(k)) {
          orphans.add(k);
        }
      }
      if (orphans.isEmpty()) {
        settled = true;
        return 0;
      }
      int n = OrphanRecovery.recover(store, now, w -> resumable(w, origin) && resumer.apply(w),
          submittedHere, orphans::contains, cause); // a submitted one is resumed only where resumable, too
      if (n > 0) {
        LOG.warn("scheduler {} put {} windows it owned but did not run back to Waiting/Retry", lease.node().label(), n);
      }
      settled = true;
      return n;
    } catch (StoreException e) {
      LOG.warn("reconciling the windows of scheduler {} failed ({}); the next pass tries again",
          lease.node().label(), e.getMessage());
      return 0;
    }
  }

  private volatile boolean settled;

  /**
   * True when the last {@link #reconcile} ended without a store failure: every window this scheduler
   * owned and did not run then was resumed or put back to Waiting. A run until idle is not idle before.
   */
  public boolean settled() {
    return settled;
  }

  /** Wired by the orchestrator: resumes one window's attempt on this scheduler's runner. */
  private java.util.function.Function<ActivityWindow, Boolean> resumer = w -> false;

  /** Wired by the orchestrator: whether this scheduler's engine holds a live job of an attempt. */
  private java.util.function.Predicate<Attempt> submittedHere = a -> false;

  /** Sets how a resumable window's attempt is resumed (the orchestrator launches it on its runner). */
  public void resumeWith(java.util.function.Function<ActivityWindow, Boolean> resumer) {
    this.resumer = resumer;
  }

  /**
   * Sets how to tell that the engine of an attempt's activity holds a live job under the attempt's
   * idempotency key, for an attempt whose engine job id was not recorded (killed between the engine's
   * accepting the job and the record): such an attempt is resumed, as one with a recorded job is, when
   * its job can be reached from here (its scheduler ran on this home, or the engine is shared).
   */
  public void submittedWith(java.util.function.Predicate<Attempt> submitted) {
    this.submittedHere = submitted;
  }

  /**
   * Whether the latest attempt's engine job can be reached from here: it ran here (or on this home), or
   * its log is not under the embedded engine folder of the scheduler that ran it (a shared engine).
   */
  private boolean resumable(ActivityWindow w, Node origin) {
    if (origin == null || (origin.host().equals(lease.node().host()) && origin.engineRoot().equals(engineRoot.toString()))) {
      return true; // this engine recovers its own jobs by batch name
    }
    Attempt a = store.attempts(w.key()).stream().filter(x -> x.number() == w.attempts()).findFirst().orElse(null);
    if (a == null || a.logLocation() == null) {
      return true;
    }
    Path log;
    try {
      log = Path.of(a.logLocation()).toAbsolutePath().normalize();
    } catch (InvalidPathException notAPath) {
      return true;
    }
    return !log.startsWith(Path.of(origin.engineRoot()));
  }
}
