package dev.adf.orchestrator.cli;

/** The CLI's exit codes. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  /** A command failed at run time (a store or engine error, a window that ended Failed on quickstart). */
  public static final int FAILED = 1;
  /** The definitions (or the command line) are invalid; nothing was changed. */
  public static final int INVALID = 2;
}
