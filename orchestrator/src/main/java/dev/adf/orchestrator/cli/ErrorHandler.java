package dev.adf.orchestrator.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr and an exit code; the stack trace goes to the log file
 * only, never to the user.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    if (e instanceof UserException u) {
      cmd.getErr().println("adf: " + u.getMessage());
      return u.exitCode();
    }
    if (e instanceof dev.adf.orchestrator.actions.ActionException a) {
      cmd.getErr().println("adf: " + a.getMessage());
      return a.kind() == dev.adf.orchestrator.actions.ActionException.Kind.NOT_FOUND
          ? ExitCodes.INVALID : ExitCodes.FAILED;
    }
    LoggerFactory.getLogger(ErrorHandler.class).error("command failed", e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    cmd.getErr().println("adf: " + message);
    cmd.getErr().println("adf: details are in the log (" + Home.logFile() + ")");
    return ExitCodes.FAILED;
  }
}
