package dev.adf.activities;

import dev.adf.engine.JobId;

/** Hears about an attempt's engine job as soon as it exists, so history has it even on timeout. */
@FunctionalInterface
public interface AttemptListener {

  /**
   * @param jobId the engine job
   * @param logLocation where its log is (a path or URL)
   */
  void jobSubmitted(JobId jobId, String logLocation);

  AttemptListener NONE = (jobId, logLocation) -> {};
}
