package dev.adf.engine.http;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way this project serves HTTP: Javalin on Jetty with {@link HttpLimits} applied, for the
 * engine's Livy API ({@code adf engine serve}) and the web view ({@code adf ui}). What it sets:
 *
 * <ul>
 *   <li>a {@link QueuedThreadPool} of {@code threads} request threads (plus Jetty's acceptor and
 *       selector) with Jetty's growable queue, whose length the connection limit bounds;
 *   <li>one connector on {@code host:port} with {@code idleTimeout}, a listen backlog of {@value
 *       #ACCEPT_QUEUE} (or twice {@code maxConnections}), and a {@link NetworkConnectionLimit} of {@code
 *       maxConnections} (beyond it Jetty stops accepting);
 *   <li>{@code maxHeaderBytes} for the request line and headers (431 beyond);
 *   <li>Jetty's {@link SizeLimitHandler} at {@code maxBodyBytes} (413 from the {@code Content-Length}
 *       before any of the body is read, or as soon as a chunked body grows past it), and Javalin's
 *       {@code maxRequestSize} at the same value;
 *   <li>{@link ReadDeadline} for {@code readTimeout} (408 for a slow head or body);
 *   <li>{@link JsonErrors}: Jetty's own errors in the server's shape; no server version header.
 * </ul>
 */
public final class HttpServers {
  /** The listen backlog: connections accepted by the kernel while the server is at maxConnections. */
  static final int ACCEPT_QUEUE = 1024;

  private HttpServers() {}

  /**
   * Applies {@code limits} to a Javalin configuration (call it inside {@code Javalin.create}); the
   * server then listens on {@code host:port} (0 for a free port; {@code app.port()} tells which).
   */
  public static void configure(JavalinConfig config, String host, int port, HttpLimits limits, ErrorBody errors) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.http.maxRequestSize = limits.maxBodyBytes();
    // Jetty's own queue: a capacity bound makes Jetty warn ("can lead to unexpected behavior": a
    // rejected internal task leaves its connection stuck); its length is bounded by maxConnections.
    QueuedThreadPool pool = new QueuedThreadPool(limits.threads() + 2, Math.min(2 + 2, limits.threads() + 2),
        60_000, 0, null, null);
    pool.setName("adf-http");
    pool.setDaemon(true);
    config.jetty.threadPool = pool;
    ReadDeadline deadline = new ReadDeadline(limits, errors);
    config.jetty.modifyHttpConfiguration(h -> {
      h.setSendServerVersion(false);
      h.setSendXPoweredBy(false);
      h.setRequestHeaderSize(limits.maxHeaderBytes());
      h.setIdleTimeout(limits.idleTimeout().toMillis());
    });
    config.jetty.modifyServer(server -> {
      server.insertHandler(new SizeLimitHandler(limits.maxBodyBytes(), -1));
      server.insertHandler(deadline);
      server.setErrorHandler(new JsonErrors(limits, errors));
      server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
    });
    config.jetty.addConnector((server, httpConfiguration) -> {
      ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(httpConfiguration));
      c.setHost(host);
      c.setPort(port);
      c.setIdleTimeout(limits.idleTimeout().toMillis());
      // A burst beyond maxConnections waits in the kernel (capped by net.core.somaxconn) instead of
      // having its SYNs dropped and retried for seconds.
      c.setAcceptQueueSize(Math.max(ACCEPT_QUEUE, 2 * limits.maxConnections()));
      c.addBean(deadline.connectionListener());
      return c;
    });
  }

  /**
   * What a failure while reading a request's body says about the client, as an HTTP status and a
   * message: 413 (body over {@code http.maxBodyBytes}), 408 (not arrived within {@code
   * http.readTimeout}), 400 (the client closed or broke the body); empty when it is not the client's.
   */
  public static Optional<ClientFailure> clientFailure(Throwable failure, HttpLimits limits) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
        return Optional.of(new ClientFailure(h.getCode(), message(h.getCode(), h.getReason(), limits)));
      }
      if (t instanceof TimeoutException) {
        return Optional.of(new ClientFailure(408, message(408, null, limits)));
      }
      if (t instanceof EofException) {
        return Optional.of(new ClientFailure(400, "the request body ended early (the client closed the connection)"));
      }
    }
    return Optional.empty();
  }

  /**
   * @param status an HTTP status
   * @param message one line for the user
   */
  public record ClientFailure(int status, String message) {}

  /**
   * The user's line for an error Jetty or Javalin raised, naming the setting to change where there is
   * one (408, 413, 431); {@code reason} (Jetty's, may be null) is kept, cut to one line, for other 4xx.
   */
  public static String message(int status, String jettyReason, HttpLimits limits) {
    return switch (status) {
      case 408 -> "the request did not arrive within " + human(limits.readTimeout())
          + " (http.readTimeout); send it faster, or raise http.readTimeout";
      case 413 -> "the request body is larger than " + limits.maxBodyBytes()
          + " bytes (http.maxBodyBytes); send a smaller body";
      case 431 -> "the request line and headers are larger than " + limits.maxHeaderBytes()
          + " bytes (http.maxHeaderBytes); send fewer or shorter headers";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 500 -> "internal error of the server; see its log";
      case 503 -> "the server is starting or stopping; try again";
      default -> status >= 400 && status < 500
          ? "malformed HTTP request" + (jettyReason == null || jettyReason.isBlank() ? "" : ": " + oneLine(jettyReason))
          : "the server could not answer this request (HTTP " + status + ")";
    };
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static String oneLine(String s) {
    String line = s.lines().findFirst().orElse("");
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
