package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.window.TimeWindow;

/**
 * The availability check of a dataset's slice: is its data there, and how big is it? (ADF v1: slices
 * of {@code external: true} datasets become Ready after an availability check against the store; the
 * dataset's {@code policy.validation} judges the size of external inputs and of produced outputs.)
 *
 * <p>Implementations may block (a remote store); callers bound each call ({@link ExternalSlices} by
 * the dataset's retryTimeout) and interrupt it when they give up.
 */
@FunctionalInterface
public interface ExternalSliceCheck {

  /**
   * @param factory the deployed definitions (the dataset's linked service is looked up there)
   * @param slice the slice, UTC, half-open; its SliceStart/SliceEnd resolve the dataset's paths
   * @return true when the slice's data exists
   * @throws Exception when the store cannot be asked (logged, counted as a check that found nothing)
   */
  boolean isAvailable(Factory factory, Dataset dataset, TimeWindow slice) throws Exception;

  /**
   * The slice's data: whether it exists and its total size in bytes. The default asks {@link
   * #isAvailable} and knows no size ({@link SliceData#UNKNOWN_SIZE}).
   *
   * @throws Exception as {@link #isAvailable}
   */
  default SliceData measure(Factory factory, Dataset dataset, TimeWindow slice) throws Exception {
    return new SliceData(isAvailable(factory, dataset, slice), SliceData.UNKNOWN_SIZE);
  }

  /**
   * What a check found.
   *
   * @param exists the data is there
   * @param bytes its total size in bytes, or {@link #UNKNOWN_SIZE}
   */
  record SliceData(boolean exists, long bytes) {
    public static final long UNKNOWN_SIZE = -1;
  }
}
