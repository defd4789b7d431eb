package dev.adf.engine;

/** A job asks for more cores or memory than the whole engine has, so it could never start. */
public final class JobTooLargeException extends IllegalArgumentException {
  public JobTooLargeException(String jobName, JobResources wanted, int engineCores, long engineMemoryMiB) {
    super("job '" + jobName + "' needs " + wanted + " but the engine has only "
        + JobResources.describe(engineCores, engineMemoryMiB) + " in all; lower the job's conf "
        + (wanted.cores() > engineCores ? "executorCores" : "driverMemory (or executorMemory)")
        + " or give the engine more (engine.cores, engine.memory)");
  }
}
