package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.window.TimeWindow;

/**
 * The availability check of an external dataset's slice: is its data there? (ADF v1: slices of
 * {@code external: true} datasets become Ready after an availability check against the store.)
 */
@FunctionalInterface
public interface ExternalSliceCheck {

  /**
   * @param factory the deployed definitions (the dataset's linked service is looked up there)
   * @return true when the slice's data exists
   * @throws Exception when the store cannot be asked (counted as "not yet", logged)
   */
  boolean isAvailable(Factory factory, Dataset dataset, TimeWindow slice) throws Exception;
}
