package dev.adf.orchestrator.cli;

/** A problem the user can fix; printed as one message, without a stack trace. */
public final class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
