package dev.adf.orchestrator.schedule;

/**
 * What fires scheduling passes: every pass interval, and at once on {@link #triggerNow()}; never two
 * passes at the same time in one process.
 */
public interface PassDriver extends AutoCloseable {
  /** Starts firing passes. */
  void start() throws Exception;

  /** Asks for a pass as soon as possible (after an attempt ended). */
  void triggerNow();

  /** Stops firing and waits for a running pass to end. */
  @Override
  void close();
}
