package dev.adf.cli;

import dev.adf.web.WebView;
import java.io.PrintWriter;

/**
 * The {@code adf} command line as the {@code ./adf} script runs it: the orchestrator's commands with
 * the monitoring web view wired in ({@code adf ui}, {@code adf run --ui}). The composition root: the
 * only place that knows both the orchestrator and the web module.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the CLI writing to {@code out} and {@code err}; returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return dev.adf.orchestrator.cli.Main.run(out, err, new WebView(), args);
  }
}
