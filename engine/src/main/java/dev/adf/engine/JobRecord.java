package dev.adf.engine;

import dev.adf.engine.child.ChildFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's mutable record of one job. Every state change goes through {@link #transition}, which
 * checks {@link JobState#transitionTo}, stamps the time, appends to the history and the journal, and
 * wakes waiters. Guarded by its own lock.
 */
final class JobRecord {
  final JobId id;
  final int number;
  final String name;
  final String idempotencyKey;
  final Path workDir;
  final Path logFile;
  final JobResources resources;
  /** True while the job's cores and memory are counted as used; released exactly once. */
  final AtomicBoolean holdsCapacity = new AtomicBoolean();
  /** The spec (args and conf hold secrets) while queued, until handed to the launcher; never journaled. */
  volatile JobSpec pendingSpec;
  /** False when the main class is built in or on the engine's classpath: no jar is fetched. */
  volatile boolean fetchJars;
  /** The child JVM once started (guarded by {@code this} together with the kill request). */
  ProcessHandle process;

  private final JobJournal journal;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<StateChange> history;
  private boolean killRequested;
  private Integer exitCode;

  JobRecord(JobId id, int number, String name, String idempotencyKey, Path workDir, JobResources resources,
      JobJournal journal, List<StateChange> history, Integer exitCode) {
    this.resources = resources;
    this.exitCode = exitCode;
    this.id = id;
    this.number = number;
    this.name = name;
    this.idempotencyKey = idempotencyKey;
    this.workDir = workDir;
    this.logFile = workDir.resolve(ChildFiles.STDOUT);
    this.journal = journal;
    this.history = new ArrayList<>(history);
  }

  /**
   * Moves to {@code next} unless the job is already terminal.
   *
   * @return false when the job was already terminal (nothing changed)
   * @throws IllegalStateException when the table forbids the change
   */
  boolean transition(JobState next, Instant at, Integer exit, String error) {
    lock.lock();
    try {
      JobState current = state();
      if (current.isTerminal()) {
        return false;
      }
      current.transitionTo(next);
      StateChange change = new StateChange(next, at, error);
      history.add(change);
      if (next.isTerminal()) {
        exitCode = exit;
      }
      try {
        journal.append(workDir, change, exitCode);
        journal.event(workDir, at, "job " + id + " " + next + (exit == null || !next.isTerminal() ? "" : " (exit code " + exit + ")")
            + (error == null ? "" : ": " + error));
      } catch (java.io.UncheckedIOException e) {
        // The folder was deleted from outside or its disk is full: the state is kept in memory and
        // reported; only a restarted engine will not know this job (it was not recoverable anyway).
        org.slf4j.LoggerFactory.getLogger(JobRecord.class).warn("job {} {}: {}", id, next, e.getMessage()
            + (e.getCause() == null ? "" : ": " + e.getCause()));
      } finally {
        changed.signalAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves from {@code expected} to {@code next}; does nothing when the job is in another state.
   *
   * @return true when the change was made
   */
  boolean transitionFrom(JobState expected, JobState next, Instant at) {
    lock.lock();
    try {
      if (state() != expected) {
        return false;
      }
      return transition(next, at, null, null);
    } finally {
      lock.unlock();
    }
  }

  /** Records the initial SUBMITTED state of a new job. */
  void transitionFirst(Instant at) {
    lock.lock();
    try {
      if (!history.isEmpty()) {
        throw new IllegalStateException("job " + id + " already has a state");
      }
      StateChange change = new StateChange(JobState.SUBMITTED, at, null);
      history.add(change);
      journal.append(workDir, change, null);
    } finally {
      lock.unlock();
    }
  }

  /** Marks a kill request; false when the job is already terminal. */
  boolean requestKill() {
    lock.lock();
    try {
      if (state().isTerminal()) {
        return false;
      }
      killRequested = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean killRequested() {
    lock.lock();
    try {
      return killRequested;
    } finally {
      lock.unlock();
    }
  }

  JobState state() {
    lock.lock();
    try {
      return history.get(history.size() - 1).state();
    } finally {
      lock.unlock();
    }
  }

  List<StateChange> history() {
    lock.lock();
    try {
      return List.copyOf(history);
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} for a terminal state; true when terminal. */
  boolean awaitTerminal(long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (!state().isTerminal()) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} until the job is in {@code wanted} or terminal; true when in {@code wanted}. */
  boolean awaitState(JobState wanted, long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (state() != wanted && !state().isTerminal() && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return state() == wanted;
    } finally {
      lock.unlock();
    }
  }

  JobStatus snapshot() {
    return snapshot(null);
  }

  /** This job's status; {@code waitingFor} as {@link JobStatus#waitingFor()}. */
  JobStatus snapshot(String waitingFor) {
    lock.lock();
    try {
      Instant submitted = history.get(0).at();
      Instant started = null;
      Instant ended = null;
      String error = null;
      for (StateChange c : history) {
        if (c.state() == JobState.RUNNING) {
          started = c.at();
        }
        if (c.state().isTerminal()) {
          ended = c.at();
          error = c.error();
        }
      }
      return new JobStatus(id, number, name, state(), submitted, started, ended, exitCode, error, logFile, waitingFor);
    } finally {
      lock.unlock();
    }
  }

  /** {@code d} in nanoseconds, saturating at Long.MAX_VALUE; negative counts as 0. */
  static long toNanos(java.time.Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
