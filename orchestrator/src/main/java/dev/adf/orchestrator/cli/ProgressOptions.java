package dev.adf.orchestrator.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --progress} and {@code --progress-interval} of {@code adf run} and {@code adf deploy}. */
final class ProgressOptions {
  /** Seconds between two plain progress lines unless told otherwise. */
  static final int DEFAULT_INTERVAL_SECONDS = 5;

  /** Where and how progress shows. */
  enum Mode {
    /** {@link #tty} on a terminal, else {@link #plain} (for a command that shows progress by default). */
    auto,
    /** One line on stderr, rewritten in place with a carriage return about every second. */
    tty,
    /** A new line on stderr every {@code --progress-interval} seconds. */
    plain,
    /** Nothing on the terminal (an {@code adf run} still logs its summary every minute). */
    none
  }

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (default), tty, plain or none: progress on stderr, one line rewritten in place (tty) or a"
          + " line every --progress-interval seconds (plain). auto is tty on a terminal (and TERM is not dumb), else"
          + " plain; for adf run without --until-idle auto is none (it logs a summary every minute).")
  Mode mode = Mode.auto;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "" + DEFAULT_INTERVAL_SECONDS,
      description = "Seconds between two plain progress lines (default ${DEFAULT-VALUE}, at least 1).")
  int intervalSeconds = DEFAULT_INTERVAL_SECONDS;

  /** The plain lines' interval. @throws UserException when below a second */
  Duration interval() {
    if (intervalSeconds < 1) {
      throw new UserException("--progress-interval must be at least 1 second: " + intervalSeconds, ExitCodes.INVALID);
    }
    return Duration.ofSeconds(intervalSeconds);
  }

  /**
   * The mode to use: {@code auto} becomes {@code autoDefault} when that is not auto, else tty on a
   * terminal and plain elsewhere; tty, plain and none stay as they are.
   *
   * @param terminal whether this process runs on a terminal ({@code System.console() != null})
   * @param term the {@code TERM} environment variable, or null; {@code dumb} means no terminal
   * @param autoDefault what auto means for this command: auto, or none (a long-running {@code adf run})
   */
  Mode resolve(boolean terminal, String term, Mode autoDefault) {
    return resolve(mode, terminal, term, autoDefault);
  }

  static Mode resolve(Mode mode, boolean terminal, String term, Mode autoDefault) {
    if (mode != Mode.auto) {
      return mode;
    }
    if (autoDefault != Mode.auto) {
      return autoDefault;
    }
    return terminal && !"dumb".equals(term) ? Mode.tty : Mode.plain;
  }

  /** {@link #resolve(boolean, String, Mode)} for this process's console and environment. */
  Mode resolveHere(Mode autoDefault) {
    return resolve(System.console() != null, System.getenv("TERM"), autoDefault);
  }
}
