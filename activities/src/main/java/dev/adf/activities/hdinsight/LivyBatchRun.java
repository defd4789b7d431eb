package dev.adf.activities.hdinsight;

import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.engine.livy.Batch;
import dev.adf.engine.livy.BatchLog;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyBatches;
import dev.adf.engine.livy.LivyException;
import dev.adf.engine.livy.LivyState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import dev.adf.engine.Redaction;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One attempt's Livy batch, shared by the launcher activities: submits it, follows it to a final
 * state, stops it when the attempt ends first, and keeps its log as {@code getDebugInfo} says.
 *
 * <ul>
 *   <li>Submit: a refusal (400) is a permanent failure, any other failure a retryable one.
 *   <li>Follow: {@link dev.adf.activities.AttemptListener#jobSubmitted} once, {@code jobQueued} while the
 *       engine queues it for capacity ({@code appInfo.waitingFor} or {@code not_started}), {@code
 *       jobRunning} when it leaves the queue. Polls wait at most {@value #RUNNING_POLL_SECONDS} s while
 *       running, 1 s before. {@value #MAX_POLL_FAILURES} failed polls in a row (engine unreachable)
 *       stop the batch and fail the attempt; a batch that disappears fails it.
 *   <li>Outcome: {@code success} succeeds; {@code dead}, {@code killed}, {@code error} fail with the
 *       root cause found in the log's last {@value #FAILURE_LOG_LINES} lines ({@link FailureLines}).
 *   <li>Stop: when the attempt's thread is interrupted (policy timeout, cancel) or an unexpected
 *       exception escapes, the batch is deleted (on the built-in engine: returns once the job is gone)
 *       and the exception rethrown.
 *   <li>Log: at the attempt's end (final state, or just before the batch is deleted) the whole log is
 *       read, page by page, up to {@value #MAX_LOG_LINES} lines (the last ones; a first line says how
 *       many earlier ones were left out), and handed once to {@link
 *       dev.adf.activities.AttemptListener#jobLog} and then to the activity's own copy, when {@link
 *       DebugInfo#keepsLogOf} the attempt. A log that cannot be read (a batch that disappeared, an
 *       engine out of reach) is a warning, never a failure, and a failure's error stays the batch's. A
 *       submission the engine refused leaves no batch and so no log.
 * </ul>
 *
 * <p>Not thread-safe: one instance per attempt.
 */
public final class LivyBatchRun {

  static final int RUNNING_POLL_SECONDS = 30;

  /** Longest wait per poll while the batch runs. */
  private static final Duration RUNNING_POLL = Duration.ofSeconds(RUNNING_POLL_SECONDS);

  /** Longest wait per poll before it runs (so a change of what it waits for is seen). */
  private static final Duration STARTING_POLL = Duration.ofSeconds(1);

  /** Log lines read to find why a failed batch failed. */
  static final int FAILURE_LOG_LINES = 200;

  /** Consecutive failed polls (engine unreachable) after which the attempt fails. */
  static final int MAX_POLL_FAILURES = 5;

  /** Most log lines kept for one attempt (a Livy server holds 200 by default; the built-in engine all). */
  static final int MAX_LOG_LINES = 10_000;

  /** Lines asked for per log request. */
  static final int LOG_PAGE_LINES = 1_000;

  private final ActivityContext ctx;
  private final LivyBatches batches;
  private final DebugInfo debugInfo;
  private final Consumer<List<String>> logCopy;
  private boolean logTaken;
  private java.util.function.Function<List<String>, com.fasterxml.jackson.databind.JsonNode> outputOf;

  /**
   * @param ctx the attempt
   * @param batches the engine the batch runs on
   * @param debugInfo when the log is kept
   * @param logCopy also gets the kept log, after the listener (the Spark activity writes it to the
   *     job's storage); must not throw for a failed copy
   */
  public LivyBatchRun(ActivityContext ctx, LivyBatches batches, DebugInfo debugInfo, Consumer<List<String>> logCopy) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.batches = Objects.requireNonNull(batches, "batches");
    this.debugInfo = Objects.requireNonNull(debugInfo, "debugInfo");
    this.logCopy = Objects.requireNonNull(logCopy, "logCopy");
  }

  /**
   * Reads the attempt's output from the last {@value #OUTPUT_LOG_LINES} lines of a successful
   * batch's log (the Copy job prints its outcome as its last line); the function returns null when
   * the lines hold none. A log that cannot be read leaves the output null.
   *
   * @return this
   */
  public LivyBatchRun withOutput(java.util.function.Function<List<String>, com.fasterxml.jackson.databind.JsonNode> f) {
    this.outputOf = f;
    return this;
  }

  /** Log lines searched for a successful batch's output. */
  static final int OUTPUT_LOG_LINES = 50;

  /**
   * Runs the batch to its end.
   *
   * @return success, or a failure saying how the batch ended and why
   * @throws InterruptedException when the attempt was canceled; the batch is deleted first
   */
  public ActivityOutcome run(CreateBatchRequest request) throws InterruptedException {
    ctx.log().info("submitting {} to {}", request, batches.describe());
    Batch batch;
    try {
      batch = batches.create(request);
    } catch (LivyException e) {
      String msg = "submitting the batch to " + batches.describe() + " failed: " + e.getMessage();
      return e.status() == 400 ? ActivityOutcome.failedPermanently(msg) : ActivityOutcome.failed(msg);
    }
    // From here on the batch exists: whatever happens, it must not outlive the attempt.
    try {
      return follow(batch);
    } catch (InterruptedException | RuntimeException e) {
      try {
        keepLog(batch.id(), false);
      } finally {
        stop(batch.id());
      }
      throw e;
    }
  }

  private ActivityOutcome follow(Batch batch) throws InterruptedException {
    int id = batch.id();
    ctx.listener().jobSubmitted(String.valueOf(id), appInfo(batch, Batch.DRIVER_LOG_URL));
    boolean queued = false;
    boolean running = false;
    int failures = 0;
    while (true) {
      LivyState state = LivyState.parse(batch.state());
      if (state.isFinal()) {
        if (queued && !running) {
          ctx.listener().jobRunning(); // it left the queue, ran and ended between two looks
        }
        return outcome(batch, state);
      }
      String waitingFor = appInfo(batch, Batch.WAITING_FOR);
      if (waitingFor != null || state == LivyState.NOT_STARTED) {
        if (!queued) {
          ctx.listener().jobQueued(waitingFor != null ? waitingFor : "the batch is not started yet");
          queued = true;
        }
      } else if (state == LivyState.RUNNING && !running) {
        if (queued) {
          ctx.listener().jobRunning();
        }
        running = true;
      }
      Duration poll = state == LivyState.RUNNING ? RUNNING_POLL : STARTING_POLL;
      try {
        Optional<Batch> next = batches.awaitChange(id, batch.state(), poll);
        failures = 0;
        if (next.isEmpty()) {
          keepLog(id, false); // gone: only a warning, but said once
          return ActivityOutcome.failed("batch " + id + " disappeared from " + batches.describe() + " while "
              + batch.state() + " (deleted by someone else, or the server forgot it)");
        }
        batch = next.get();
      } catch (LivyException e) {
        if (++failures >= MAX_POLL_FAILURES) {
          keepLog(id, false);
          stop(id);
          return ActivityOutcome.failed("lost contact with " + batches.describe() + " while batch " + id + " was "
              + batch.state() + ": " + e.getMessage());
        }
        ctx.log().warn("polling batch {} on {} failed ({} of {}): {}", id, batches.describe(), failures,
            MAX_POLL_FAILURES, e.getMessage());
      }
    }
  }

  private ActivityOutcome outcome(Batch batch, LivyState state) {
    List<String> whole = keepLog(batch.id(), state.isSuccess());
    if (state.isSuccess()) {
      if (outputOf == null) {
        return ActivityOutcome.success();
      }
      List<String> lines = whole;
      if (lines == null) {
        try {
          lines = batches.log(batch.id(), null, OUTPUT_LOG_LINES).log();
        } catch (LivyException e) {
          ctx.log().warn("could not read the output of batch {} on {}: {}", batch.id(), batches.describe(),
              e.getMessage());
          lines = List.of();
        }
      }
      return ActivityOutcome.success(outputOf.apply(lines.subList(Math.max(0, lines.size() - OUTPUT_LOG_LINES),
          lines.size())));
    }
    List<String> tail = whole;
    if (tail == null) {
      tail = batch.log();
      try {
        tail = batches.log(batch.id(), null, FAILURE_LOG_LINES).log();
      } catch (LivyException e) {
        // the batch's own last lines will do
      }
    }
    String reason = FailureLines.reason(tail.subList(Math.max(0, tail.size() - FAILURE_LOG_LINES), tail.size()));
    String logUrl = appInfo(batch, Batch.DRIVER_LOG_URL);
    return ActivityOutcome.failed("batch " + batch.id() + " on " + batches.describe() + " ended " + state.wireName()
        + (reason.isEmpty() ? "" : ": " + reason)
        + (logUrl == null ? "" : " (log: " + logUrl + ")"));
  }

  /**
   * Reads the whole log and hands it on when {@link #debugInfo} keeps the log of this attempt, at most
   * once per attempt.
   *
   * @return the lines read, or null when the log is not kept or could not be read
   */
  private List<String> keepLog(int id, boolean succeeded) {
    if (logTaken || !debugInfo.keepsLogOf(succeeded)) {
      return null;
    }
    logTaken = true;
    boolean interrupted = Thread.interrupted(); // an HTTP client refuses to work on an interrupted thread
    try {
      List<String> lines = readLog(id).stream().map(Redaction::text).toList();
      try {
        ctx.listener().jobLog(lines);
      } catch (RuntimeException e) {
        ctx.log().warn("keeping the log of batch {} in the run history failed: {}", id, e.toString());
      }
      try {
        logCopy.accept(lines);
      } catch (RuntimeException e) {
        ctx.log().warn("copying the log of batch {} failed: {}", id, e.toString());
      }
      return lines;
    } catch (LivyException | RuntimeException e) {
      ctx.log().warn("could not read the log of batch {} on {}; it is not kept: {}", id, batches.describe(),
          e.getMessage());
      return null;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The batch's log, oldest first: its last {@value #MAX_LOG_LINES} lines as the engine holds them when
   * the first page is read (lines written meanwhile are not waited for).
   */
  List<String> readLog(int id) throws LivyException {
    BatchLog first = batches.log(id, 0, LOG_PAGE_LINES);
    int total = first.total();
    int start = Math.max(0, total - MAX_LOG_LINES);
    List<String> lines = new ArrayList<>(Math.min(total, MAX_LOG_LINES) + 1);
    if (start > 0) {
      lines.add("(" + start + " earlier lines of " + total + " left out: at most " + MAX_LOG_LINES + " are kept)");
    } else {
      lines.addAll(first.log());
    }
    int next = start + (start > 0 ? 0 : first.log().size());
    while (next < total) {
      BatchLog page = batches.log(id, next, Math.min(LOG_PAGE_LINES, total - next));
      if (page.log().isEmpty()) {
        break; // the server holds fewer lines than it said
      }
      lines.addAll(page.log());
      next += page.log().size();
    }
    return lines;
  }

  private void stop(int id) {
    boolean interrupted = Thread.interrupted();
    try {
      boolean deleted = batches.delete(id);
      ctx.log().info("batch {} on {} {}", id, batches.describe(), deleted ? "deleted (job stopped)" : "was already gone");
    } catch (LivyException e) {
      ctx.log().warn("could not delete batch {} on {}: {}", id, batches.describe(), e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String appInfo(Batch b, String key) {
    return b.appInfo() == null ? null : b.appInfo().get(key);
  }
}
