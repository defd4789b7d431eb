package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.definition.ActivityPolicy;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.validation.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the ends of attempts: the attempt's row and its window's move under the activity's policy
 * (ADF v1 "Pipelines and activities", policy), in one transaction per end as before, and the ends of
 * attempts that finish at the same time in <b>one commit</b> (group commit): an attempt thread that
 * finds a commit under way queues its end, and the next commit takes every end queued by then. A
 * lone end commits at once, so grouping adds no wait; with ten attempts ending together it saves up
 * to nine durable commits. With a {@link ReserveRefill} ({@link #refillWith}), that commit also claims
 * the next ready windows of the group's activities from the last pass's reserve, and launches them.
 *
 * <p>Each end is first tried against the window as the attempt was launched with ({@link
 * End#window()}, the claim's row version), without reading it: when nothing else changed the window
 * since (the usual case) the end and the move commit in the group. When it did change (its engine job
 * was queued and ran, a user reran it, another scheduler adopted it), nothing of that end was written
 * and it is recorded on its own as before: read the window again; a window that became InProgress
 * again after Waiting/ComputeResources for the same attempt moves on; one that is no longer this
 * attempt's gets the attempt's end in its history only.
 *
 * <p>The policy: {@code retry} immediate re-attempts, repeated for {@code longRetry} rounds with
 * {@code longRetryInterval} between rounds, so a window gets at most (retry + 1) × longRetry
 * attempts; between attempts it is Waiting/Retry, between rounds Waiting/LongRetry; after the last it
 * is Failed (Failed/TimedOut when the last attempt timed out). Canceled ends the window
 * Failed/Canceled without retry; an attempt cut off by this scheduler's own shutdown goes back to
 * Waiting/Retry without using up the policy. A success makes the window Ready, or Waiting/Validation
 * when an output has a {@code policy.validation}.
 *
 * <p>Thread-safe. Errors and outputs are redacted ({@link Secrets#redact}) before they are stored.
 */
public final class AttemptEnds {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptEnds.class);

  private final Store store;
  private final Clock clock;
  private final Object lock = new Object();
  /** Ends waiting for the next commit; guarded by {@link #lock}. */
  private List<Pending> queue = new ArrayList<>();
  /** Whether a thread is committing a group now; guarded by {@link #lock}. */
  private boolean committing;
  /** Claims a group's commit makes from the last pass's reserve, or null for none ({@link #refillWith}). */
  private volatile ReserveRefill refill;

  /**
   * @param store the scheduler's store ({@link Store#forNode}), whose writes are fenced by its lease
   * @param clock the time an end is recorded at
   */
  public AttemptEnds(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * From now on, the commit of a group of ends recorded by {@link #record} also claims their activities'
   * next windows from {@code refill}'s reserve, in the same transaction, and launches them.
   */
  void refillWith(ReserveRefill refill) {
    this.refill = refill;
  }

  /**
   * How one attempt ended.
   *
   * @param activity the window's activity as deployed when the attempt started (its policy decides)
   * @param window the window as the attempt was launched with (InProgress, {@code attempts() == number})
   * @param number the attempt's number
   * @param status how it ended (never InProgress)
   * @param error the failure, one line, or null; redacted here
   * @param output what a successful attempt reported (a JSON object as text), or null; redacted here
   * @param retryable whether a failure may be tried again under the policy
   * @param shutdown cut off by this scheduler's own shutdown or fencing: back to Waiting/Retry
   *     without using up the policy
   * @param validatedOutputs the output datasets with a {@code policy.validation}; when some, a success
   *     leaves the window Waiting/Validation
   */
  public record End(ScheduledActivity activity, ActivityWindow window, int number, AttemptStatus status,
      String error, String output, boolean retryable, boolean shutdown, List<String> validatedOutputs) {
    public End {
      validatedOutputs = List.copyOf(validatedOutputs);
    }

    WindowKey key() {
      return window.key();
    }
  }

  /**
   * Records {@code end}, waiting until it is committed (alone or with the ends of other attempts that
   * ended meanwhile).
   *
   * @return whether the commit that recorded it also claimed a window of its activity from the reserve
   *     ({@link #refillWith}); false when it was recorded on its own
   * @throws dev.adf.orchestrator.store.StoreException when the database fails; recording again is
   *     safe (an attempt ends once, a window moves by compare-and-set)
   */
  public boolean record(End end) {
    Pending me = new Pending(end);
    boolean interrupted = false;
    try {
      while (true) {
        List<Pending> group;
        synchronized (lock) {
          if (!me.queued) {
            queue.add(me);
            me.queued = true;
          }
          while (committing && !me.done) {
            try {
              lock.wait();
            } catch (InterruptedException e) {
              interrupted = true; // an end is recorded whatever: the interrupt is kept for the caller
            }
          }
          if (me.done) {
            break;
          }
          committing = true;
          group = queue;
          queue = new ArrayList<>();
        }
        commit(group, refill);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (me.failure != null) {
      throw me.failure;
    }
    if (!me.recorded) {
      recordAlone(end);
      return false;
    }
    return me.refilled;
  }

  /**
   * Records every end of {@code ends} now, on this thread: those whose window is as launched in one
   * commit, the others each on its own (as {@link #record}).
   */
  public void recordAll(List<End> ends) {
    List<Pending> group = ends.stream().map(Pending::new).toList();
    synchronized (lock) {
      while (committing) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted before recording " + ends.size() + " attempt ends", e);
        }
      }
      committing = true;
    }
    commit(group, null);
    for (Pending p : group) {
      if (p.failure != null) {
        throw p.failure;
      }
      if (!p.recorded) {
        recordAlone(p.end);
      }
    }
  }

  /** One end in a group; its fields are written by the committing thread before it sets {@code done}. */
  private static final class Pending {
    final End end;
    boolean queued;
    boolean done;
    boolean recorded;
    /** Whether the commit that recorded it also claimed a window of its activity from the reserve. */
    boolean refilled;
    RuntimeException failure;

    Pending(End end) {
      this.end = end;
    }
  }

  /**
   * Commits {@code group} (the caller set {@link #committing}), with the claims {@code refill} offers for
   * its activities when not null (and launches what they claimed before the next group may commit: ends
   * that come meanwhile join that group), then lets the next group go.
   */
  private void commit(List<Pending> group, ReserveRefill refill) {
    RuntimeException failure = null;
    java.util.Set<Store.ActivityRef> refilled = new java.util.HashSet<>();
    boolean[] recorded = new boolean[group.size()];
    List<Pending> tried = new ArrayList<>();
    try {
      Instant now = clock.instant();
      List<Store.AttemptEnd> ends = new ArrayList<>();
      for (Pending p : group) {
        ActivityWindow w = p.end.window();
        if (w.state().status() == WindowStatus.InProgress && w.attempts() == p.end.number()) {
          ends.add(storeEnd(p.end, w, now));
          tried.add(p);
        }
      }
      ReserveRefill.Offer offer = refill == null ? null : refill.offer(tried.stream().map(p -> p.end).toList());
      boolean[] r;
      if (offer == null) {
        r = store.finishAttempts(ends, now);
      } else {
        Store.EndsAndClaims done;
        try {
          done = store.finishAttemptsAndClaim(ends, offer.claims(), offer.held().reserve().mark(), now);
        } catch (RuntimeException e) {
          refill.failed(offer);
          throw e;
        }
        r = done.recorded();
        refilled.addAll(refill.claimed(offer, done));
      }
      for (int i = 0; i < tried.size(); i++) {
        recorded[group.indexOf(tried.get(i))] = r[i];
        if (r[i]) {
          log(tried.get(i).end, ends.get(i).next());
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      synchronized (lock) {
        for (int i = 0; i < group.size(); i++) {
          Pending p = group.get(i);
          p.recorded = recorded[i];
          p.refilled = refilled.contains(p.end.activity().ref());
          p.failure = failure;
          p.done = true;
        }
        committing = false;
        lock.notifyAll();
      }
    }
  }

  /** The store's end of {@code end} against window {@code w} (InProgress with this attempt): the policy's next state. */
  private static Store.AttemptEnd storeEnd(End end, ActivityWindow w, Instant now) {
    ActivityPolicy policy = end.activity().activity().policy();
    String error = end.error() == null ? null : Secrets.redact(end.error());
    String output = end.output() == null ? null : Secrets.redact(end.output());
    AttemptStatus status = end.status();
    WindowState next;
    Instant notBefore = null;
    String reason = "attempt " + end.number() + " " + status;
    if (status == AttemptStatus.Succeeded && !end.validatedOutputs().isEmpty()) {
      next = WindowState.of(WindowSubstatus.Validation);
      reason += "; output " + String.join(", ", end.validatedOutputs()) + " awaits validation (policy.validation)";
      error = null;
    } else if (status == AttemptStatus.Succeeded) {
      next = WindowState.of(WindowStatus.Ready);
      error = null;
    } else if (status == AttemptStatus.Canceled) {
      next = WindowState.of(WindowSubstatus.Canceled);
    } else if (end.shutdown()) {
      // Cut off by our own shutdown: not the activity's failure, so it does not use up the policy.
      next = WindowState.of(WindowSubstatus.Retry);
    } else if (end.retryable() && w.attempts() < policy.maxAttempts()) {
      boolean roundDone = w.attempts() % (policy.retry() + 1) == 0;
      if (roundDone) {
        next = WindowState.of(WindowSubstatus.LongRetry);
        notBefore = now.plus(policy.longRetryInterval());
      } else {
        next = WindowState.of(WindowSubstatus.Retry);
      }
    } else {
      next = status == AttemptStatus.TimedOut
          ? WindowState.of(WindowSubstatus.TimedOut) : WindowState.of(WindowStatus.Failed);
    }
    return new Store.AttemptEnd(w, end.number(), status, error, status == AttemptStatus.Succeeded ? output : null,
        next, new Store.WindowChange(w.attempts(), notBefore, error), reason);
  }

  /**
   * Records an end whose window changed since the attempt was launched, on its own: reads the window,
   * moves a Waiting/ComputeResources window of this attempt (its job was queued, then ran) back to
   * InProgress first, and records the end with the move; a window that is no longer this attempt's
   * gets the attempt's end in its history only.
   */
  private void recordAlone(End end) {
    WindowKey key = end.key();
    int number = end.number();
    Instant now = clock.instant();
    ActivityWindow w = store.window(key).orElse(null);
    if (w != null && w.state().substatus() == WindowSubstatus.ComputeResources && w.attempts() == number
        && store.transition(w, WindowState.of(WindowStatus.InProgress), Store.WindowChange.keep(w),
            "attempt " + number + "'s engine job ran", now)) {
      w = store.window(key).orElse(null); // it ran and ended between two looks of the activity
    }
    if (w == null || w.state().status() != WindowStatus.InProgress || w.attempts() != number) {
      store.finishAttempt(key, number, end.status(), end.error() == null ? null : Secrets.redact(end.error()),
          end.status() == AttemptStatus.Succeeded && end.output() != null ? Secrets.redact(end.output()) : null, now);
      LOG.info("{} changed while attempt {} ran; its end is recorded in history only", key, number);
      return;
    }
    Store.AttemptEnd e = storeEnd(end, w, now);
    // The attempt's end and the window's move commit together (an adopter never finds one without the other).
    if (!store.finishAttempt(key, number, e.status(), e.error(), e.output(), now, w, e.next(), e.change(), e.reason())) {
      LOG.warn("{} changed while recording attempt {}; left as it is", key, number);
    }
    log(end, e.next());
  }

  private static void log(End end, WindowState next) {
    LOG.info("{} attempt {} {} -> window {}", end.key(), end.number(), end.status(), next);
  }
}
