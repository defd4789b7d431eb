package dev.adf.engine;

/** A job's main class is neither a built-in job nor a class the engine can load. */
public final class UnknownJobClassException extends RuntimeException {
  public UnknownJobClassException(String mainClass) {
    super("job main class '" + mainClass + "' is not a built-in job and is not on the engine's classpath;"
        + " use one of " + BuiltInJobs.names() + " or put the class's jar on the classpath");
  }
}
