package dev.adf.engine.livy;

import java.time.Duration;
import java.util.Optional;

/**
 * The batch calls of Apache Livy's REST API (apache/incubator-livy {@code docs/rest-api.md}, "Batch"),
 * served by the built-in engine ({@link EngineBatches}, in process, or over HTTP by {@link LivyServer})
 * or by a real Livy in front of a Spark cluster ({@link LivyHttpClient}). Thread-safe.
 *
 * <p>Batch ids are ints. A batch is held until deleted (the built-in engine) or until Livy drops it
 * ({@code livy.server.session.state-retain.sec} after it ends): a batch that is gone reads as empty or
 * false, never as an error.
 */
public interface LivyBatches extends AutoCloseable {

  /**
   * {@code POST /batches}: starts a batch. When {@code r.name()} names a batch the server still holds,
   * that batch is returned and nothing runs again (the idempotency of a retried attempt).
   *
   * @throws LivyException 400 for a request the server refuses (message says why), other statuses or 0
   *     when the server fails or cannot be reached
   */
  Batch create(CreateBatchRequest r) throws LivyException;

  /**
   * {@code GET /batches/{idOrName}}: a numeric value is the id, any other is looked up as the name.
   *
   * @return the batch, or empty when the server does not hold it (404)
   */
  Optional<Batch> get(String idOrName) throws LivyException;

  /**
   * {@code GET /batches/{id}/log?from=&size=}: lines {@code [from, from + size)} of the log, with Livy's
   * defaults: {@code size} 100 (negative: all), {@code from} the last {@code size} lines (negative: the
   * same).
   *
   * @throws LivyException 404 when the batch is gone, or another failure
   */
  BatchLog log(int id, Integer from, Integer size) throws LivyException;

  /** {@code GET /batches?from=&size=}: the held batches {@code [from, from + size)}, ordered by id. */
  BatchList list(int from, int size) throws LivyException;

  /**
   * {@code DELETE /batches/{id}}: kills the batch if it still runs and forgets it (afterwards {@link
   * #get} is empty, as on Livy).
   *
   * @return false when the server did not hold the batch (404)
   */
  boolean delete(int id) throws LivyException;

  /**
   * Waits until the batch's state differs from {@code knownState}, or {@code maxWait} has passed.
   *
   * @param knownState the Livy state name the caller last saw (null: return at once)
   * @return the batch at return (its state differs unless the wait ran out), or empty when it is gone
   * @throws InterruptedException when the waiting thread is interrupted
   */
  Optional<Batch> awaitChange(int id, String knownState, Duration maxWait) throws LivyException, InterruptedException;

  /** Where the batches run, for logs and messages: "built-in engine at /path", "Livy at https://host/livy". */
  String describe();

  @Override
  void close();
}
