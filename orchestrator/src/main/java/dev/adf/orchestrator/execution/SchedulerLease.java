package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.store.SchedulerNodes;
import dev.adf.orchestrator.store.SchedulerNodes.Node;
import dev.adf.orchestrator.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This scheduler's lease on the shared database, renewed every {@link #heartbeat()} (a fifth of the
 * lease), and the fence that keeps it from acting once it may have lost the lease.
 *
 * <p>The lease ends {@code lease} after the database received the last renewal (database clock). This
 * process measures from the moment it <em>sent</em> that renewal (its monotonic clock), which is no
 * later, and fences itself {@link #fenceAfter()} (two thirds of the lease) after it: from then on
 * {@link #mayStart()} is false and the fence action stops every attempt it runs, so its jobs are
 * stopped before any other scheduler can see its lease end and adopt its windows. A failed renewal is
 * retried every {@value #RETRY_MILLIS} ms, well inside the lease; a renewal that succeeds before the
 * lease ended lifts the fence. A renewal that finds the node no longer Live (another scheduler adopted
 * it, say after this process was stopped with SIGSTOP) fences it for good: {@link #lost()}.
 *
 * <p>Each successful renewal also sets the modification time of {@link #leaseFile()} to the moment it
 * was sent: the built-in engine's job processes watch that file and end themselves when it is older
 * than {@link #fenceAfter()}, so the jobs of a scheduler killed with SIGKILL, or frozen, stop in time
 * too ({@code dev.adf.engine.child.JobMain}).
 *
 * <p>On the embedded store there is no fence (no fence action is given): the home's run lock keeps
 * every other scheduler out while this one runs, so no one can adopt its windows however late its
 * renewals are, and stopping its attempts would only fail work no one else can do. A renewal that
 * stays late is logged as a warning there.
 */
public final class SchedulerLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLease.class);

  /** A failed renewal is retried after this long. */
  static final long RETRY_MILLIS = 500;

  private final SchedulerNodes nodes;
  private final Node node;
  private final Duration lease;
  private final Path leaseFile;
  private final Runnable fenceAction;
  private final java.time.Clock wall;
  private final ScheduledExecutorService timer;
  private volatile long lastRenewalSentNanos;
  private volatile boolean fenced;
  private volatile boolean lost;
  private volatile boolean closed;

  private SchedulerLease(SchedulerNodes nodes, Node node, Duration lease, Path leaseFile, Runnable fenceAction,
      java.time.Clock wall, long sentNanos) {
    this.wall = wall;
    this.nodes = nodes;
    this.node = node;
    this.lease = lease;
    this.leaseFile = leaseFile;
    this.fenceAction = fenceAction;
    this.lastRenewalSentNanos = sentNanos;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "adf-lease-" + node.id());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Registers this process as a scheduler and holds its lease until closed.
   *
   * @param lease how long a lease lasts after a renewal (database clock); at least 3 s
   * @param leaseFile the file whose modification time tells the engine's jobs the lease is renewed
   * @param fenceAction stops every attempt this scheduler runs; called when the fence goes up; null for a
   *     scheduler that never fences itself (the embedded store, where the run lock excludes the others)
   * @param wall the clock whose time stamps the lease file (the jobs compare it with their own wall clock;
   *     lease expiry itself is on the database's clock)
   * @throws StoreException when the database cannot register it
   * @throws IllegalArgumentException when the lease is shorter than 3 s
   */
  public static SchedulerLease acquire(SchedulerNodes nodes, String host, long pid, Path engineRoot, Duration lease,
      Path leaseFile, Runnable fenceAction, java.time.Clock wall) {
    if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException("the scheduler lease must be at least 3 s, not " + lease);
    }
    long[] sentAndNow = new long[2]; // of the try that succeeded
    // A registration whose commit was lost may leave a Live row behind: the next start on this home adopts it.
    Node n = StoreRetries.call("registering the scheduler", () -> {
      sentAndNow[0] = System.nanoTime();
      sentAndNow[1] = wall.millis();
      return nodes.register(host, pid, engineRoot.toString(), lease);
    });
    SchedulerLease l = new SchedulerLease(nodes, n, lease, leaseFile, fenceAction, wall, sentAndNow[0]);
    l.touch(sentAndNow[1]);
    return l;
  }

  /** Starts renewing (call after this scheduler adopted what it must at start). */
  public void start() {
    long beat = heartbeat().toMillis();
    timer.scheduleWithFixedDelay(this::renewOnce, beat, beat, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::checkFence, 100, 100, TimeUnit.MILLISECONDS);
  }

  public Node node() {
    return node;
  }

  public long id() {
    return node.id();
  }

  public Duration lease() {
    return lease;
  }

  /** Time between two renewals: a fifth of the lease. */
  public Duration heartbeat() {
    return lease.dividedBy(5);
  }

  /** How long after the last renewal was sent this scheduler fences itself: two thirds of the lease. */
  public Duration fenceAfter() {
    return lease.multipliedBy(2).dividedBy(3);
  }

  public Path leaseFile() {
    return leaseFile;
  }

  /**
   * Whether this scheduler may start (or go on with) an attempt now: its last renewal was sent less
   * than {@link #fenceAfter()} ago and it was not adopted.
   */
  public boolean mayStart() {
    if (fenceAction == null) {
      return !lost;
    }
    return !lost && !fenced && System.nanoTime() - lastRenewalSentNanos < fenceAfter().toNanos();
  }

  /** True once another scheduler adopted this one: it must stop for good. */
  public boolean lost() {
    return lost;
  }

  private void renewOnce() {
    if (closed || lost) {
      return;
    }
    long sent = System.nanoTime();
    long sentWall = wall.millis();
    try {
      if (!nodes.renew(node.id(), lease)) {
        lost = true;
        LOG.error("scheduler {} lost its lease: another scheduler adopted it (its lease had ended);"
            + " it stops its attempts and starts nothing more", node.label());
        fence();
        return;
      }
      lastRenewalSentNanos = sent;
      touch(sentWall);
      if (fenced && !lost) {
        fenced = false;
        LOG.warn(fenceAction == null ? "scheduler {} renewed its lease again"
            : "scheduler {} renewed its lease again; it starts attempts again", node.label());
      }
    } catch (StoreException e) {
      LOG.warn("scheduler {} could not renew its lease ({}); retrying in {} ms", node.label(), e.getMessage(),
          RETRY_MILLIS);
      if (!closed) {
        timer.schedule(this::renewOnce, RETRY_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      LOG.warn("scheduler {} lease renewal failed", node.label(), e);
    }
  }

  private void checkFence() {
    if (!fenced && !closed && System.nanoTime() - lastRenewalSentNanos >= fenceAfter().toNanos()) {
      if (fenceAction == null) {
        fenced = true; // only remembers that the warning was logged; mayStart() ignores it here
        LOG.warn("scheduler {} could not renew its lease for {} s; on the embedded store the home's run lock"
            + " keeps other schedulers out, so its attempts go on", node.label(), fenceAfter().toSeconds());
        return;
      }
      LOG.error("scheduler {} could not renew its lease for {} s; it stops its attempts and starts nothing"
          + " until a renewal succeeds", node.label(), fenceAfter().toSeconds());
      fence();
    }
  }

  private synchronized void fence() {
    if (fenced && !lost) {
      return;
    }
    fenced = true;
    if (fenceAction == null) {
      return;
    }
    try {
      fenceAction.run();
    } catch (RuntimeException e) {
      LOG.warn("stopping the attempts of scheduler {} failed", node.label(), e);
    }
  }

  private void touch(long wallMillis) {
    if (leaseFile == null) {
      return;
    }
    try {
      if (!Files.exists(leaseFile)) {
        Files.createDirectories(leaseFile.getParent());
        Files.writeString(leaseFile, "scheduler #" + node.id() + " " + node.host() + " pid " + node.pid() + "\n");
      }
      Files.setLastModifiedTime(leaseFile, FileTime.fromMillis(wallMillis));
    } catch (IOException e) {
      LOG.warn("cannot touch the lease file {}: {}", leaseFile, e.toString());
    }
  }

  /** Stops renewing and records the node Stopped (its attempts must have been recorded first). */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    try {
      if (!lost) {
        nodes.stop(node.id());
      }
    } catch (StoreException e) {
      LOG.warn("could not record that scheduler {} stopped: {}", node.label(), e.getMessage());
    }
  }
}
