package dev.adf.activities;

import dev.adf.engine.ComputeEngine;

/** Finds the compute engine behind a compute linked service (HDInsight today). */
@FunctionalInterface
public interface EngineResolver {

  /**
   * @throws IllegalArgumentException when the linked service points to no engine this orchestrator
   *     can reach, with a message saying what to configure
   */
  ComputeEngine engineFor(LinkedServiceInfo computeLinkedService);
}
