package dev.adf.orchestrator.schedule;

/**
 * What one scheduling pass did.
 *
 * @param started attempts started
 * @param timedOut running attempts asked to stop because they passed the policy timeout
 * @param running attempts running after the pass
 */
public record PassResult(int started, int timedOut, int running) {

  /** True when nothing started, nothing runs, and so nothing can change until time passes. */
  public boolean idle() {
    return started == 0 && running == 0 && timedOut == 0;
  }
}
