package dev.adf.engine.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one HTTP server (the engine's Livy API, the web view) lets a client hold, from the {@code http.*}
 * keys of {@code conf/orchestrator.properties}. Whatever a client sends, the server holds at most
 * {@code maxConnections} connections, {@code threads} request threads and, per request being handled,
 * {@code maxBodyBytes} of body and {@code maxHeaderBytes} of head.
 *
 * @param readTimeout the longest the head and body of one request may take to arrive, from its first
 *     byte ({@code http.readTimeout}, default {@link #DEFAULT_READ_TIMEOUT}): a slower client gets 408
 *     and its connection is closed, so a client sending a byte a second holds no thread longer than this
 * @param idleTimeout how long a connection may send and receive nothing before it is closed ({@code
 *     http.idleTimeout}, default {@link #DEFAULT_IDLE_TIMEOUT}); longer than {@code readTimeout} by
 *     default, so that a stalled request is answered 408 before its connection would be dropped
 * @param maxBodyBytes the largest request body, in bytes ({@code http.maxBodyBytes}, default {@link
 *     #DEFAULT_MAX_BODY_BYTES}): a larger {@code Content-Length} gets 413 before the body is read, a
 *     chunked body 413 as soon as it grows past it
 * @param maxHeaderBytes the largest request line plus headers, in bytes ({@code http.maxHeaderBytes},
 *     default {@link #DEFAULT_MAX_HEADER_BYTES}); larger gets 431
 * @param threads request threads ({@code http.threads}, default {@link #DEFAULT_THREADS}); requests
 *     beyond wait in Jetty's queue, whose length the connection limit bounds (one request at a time
 *     per HTTP/1.1 connection). While every thread waits for a slow body, other requests wait too, at
 *     most one {@code readTimeout}
 * @param maxConnections open connections ({@code http.maxConnections}, default {@link
 *     #DEFAULT_MAX_CONNECTIONS}); beyond, the server stops accepting and new connections wait in the
 *     kernel's accept queue until one closes
 */
public record HttpLimits(Duration readTimeout, Duration idleTimeout, long maxBodyBytes, int maxHeaderBytes,
    int threads, int maxConnections) {

  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  public static final int DEFAULT_THREADS = 16;
  public static final int DEFAULT_MAX_CONNECTIONS = 512;

  /** The smallest timeout accepted: below it the sweep that enforces {@code readTimeout} is too coarse. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  /**
   * @throws IllegalArgumentException for a timeout below {@link #MIN_TIMEOUT}, a body limit below 1, a
   *     header limit below 1024 bytes, fewer than 1 thread or connection
   */
  public HttpLimits {
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (readTimeout.compareTo(MIN_TIMEOUT) < 0 || idleTimeout.compareTo(MIN_TIMEOUT) < 0) {
      throw new IllegalArgumentException("http.readTimeout and http.idleTimeout must be at least " + MIN_TIMEOUT
          + ", got " + readTimeout + " and " + idleTimeout);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("http.maxBodyBytes must be at least 1, got " + maxBodyBytes);
    }
    if (maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("http.maxHeaderBytes must be at least 1024, got " + maxHeaderBytes);
    }
    if (threads < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("http.threads and http.maxConnections must be at least 1, got " + threads
          + " and " + maxConnections);
    }
  }

  /** Every limit at its default. */
  public static HttpLimits defaults() {
    return new HttpLimits(DEFAULT_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_HEADER_BYTES, DEFAULT_THREADS, DEFAULT_MAX_CONNECTIONS);
  }

  public HttpLimits withReadTimeout(Duration d) {
    return new HttpLimits(d, idleTimeout, maxBodyBytes, maxHeaderBytes, threads, maxConnections);
  }

  public HttpLimits withIdleTimeout(Duration d) {
    return new HttpLimits(readTimeout, d, maxBodyBytes, maxHeaderBytes, threads, maxConnections);
  }

  public HttpLimits withMaxBodyBytes(long n) {
    return new HttpLimits(readTimeout, idleTimeout, n, maxHeaderBytes, threads, maxConnections);
  }

  public HttpLimits withMaxHeaderBytes(int n) {
    return new HttpLimits(readTimeout, idleTimeout, maxBodyBytes, n, threads, maxConnections);
  }

  public HttpLimits withThreads(int n) {
    return new HttpLimits(readTimeout, idleTimeout, maxBodyBytes, maxHeaderBytes, n, maxConnections);
  }

  public HttpLimits withMaxConnections(int n) {
    return new HttpLimits(readTimeout, idleTimeout, maxBodyBytes, maxHeaderBytes, threads, n);
  }
}
