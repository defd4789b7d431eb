package dev.adf.activities;

import dev.adf.engine.livy.LivyBatches;

/**
 * Finds the compute engine behind a compute linked service (HDInsight): the built-in engine, an
 * {@code adf engine serve} on another machine, or a real Livy in front of a Spark cluster. Every one of
 * them is spoken to through the Livy batch API.
 */
@FunctionalInterface
public interface EngineResolver {

  /**
   * @return the batches of the engine the linked service's {@code clusterUri} names (shared; the caller
   *     must not close it)
   * @throws IllegalArgumentException when the linked service points to no engine this orchestrator
   *     can reach, with a message saying what to configure
   */
  LivyBatches engineFor(LinkedServiceInfo computeLinkedService);

  /**
   * The built-in engine of this orchestrator, where activities without a compute linked service run
   * (the Copy activity: ADF's data movement service is ours).
   *
   * @throws IllegalStateException when this orchestrator has no built-in engine
   */
  default LivyBatches builtIn() {
    throw new IllegalStateException("this orchestrator has no built-in engine to run the job on");
  }
}
