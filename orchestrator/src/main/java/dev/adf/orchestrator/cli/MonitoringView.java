package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import java.io.PrintWriter;

/**
 * The monitoring web view, as the CLI starts it ({@code adf ui}, {@code adf run --ui}). The web module
 * implements it; the composition root ({@code dev.adf.cli.Main}) hands it to {@link Main#run(PrintWriter,
 * PrintWriter, MonitoringView, String...)}, so this module never depends on the web layer.
 */
public interface MonitoringView {

  /**
   * Where and how the view is served.
   *
   * @param bind the address to listen on ({@code 127.0.0.1} by default)
   * @param port the TCP port, 0 for any free one
   * @param token require this token from every client (a link with {@code ?token=} sets an HttpOnly
   *     cookie), or null for no authentication (only allowed on a loopback address)
   */
  record Options(String bind, int port, String token) {}

  /** A running view; closing it stops the server. */
  interface Served extends AutoCloseable {
    /** The URL to open (with the token when one is required). */
    String url();

    @Override
    void close();
  }

  /**
   * Starts serving {@code orchestrator}'s run history and actions.
   *
   * @throws UserException when the address cannot be bound (in use, not local), exit code 1
   */
  Served serve(Orchestrator orchestrator, Options options);
}
