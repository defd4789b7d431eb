package dev.adf.engine.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link HttpLimits#readTimeout()}: the head and body of every request must have arrived
 * within it, counted from when its first byte was seen. Jetty's idle timeout alone does not do that: it
 * restarts at every byte, so a client sending a byte a second would keep its connection, and while a
 * handler reads its body a request thread, for as long as it likes.
 *
 * <p>A sweep every tenth of the timeout (20 ms to 1 s) on the server's scheduler looks at every open
 * connection of the connector it listens to:
 *
 * <ul>
 *   <li>a <b>head still arriving</b> (bytes came in since the connection's last request ended and no
 *       request reached the handlers) past the deadline: it is answered 408 with the server's error
 *       body and the connection is closed. No thread is held meanwhile: Jetty parses a head as its
 *       bytes arrive;
 *   <li>a <b>body still arriving</b> past the deadline while a handler waits for it: the request's
 *       content is failed with a {@link TimeoutException}, the blocked read throws, the handler answers
 *       408 (see {@link HttpServers#clientFailure}); a read still not over two sweeps later has its
 *       connection closed.
 * </ul>
 *
 * A request whose body has arrived is never timed out here: its handler may take as long as it needs.
 * The clock starts when the sweep first sees bytes of the request, not at accept: a request that waited
 * in the kernel or in the thread queue while the server was busy is not the client's fault (starting
 * at accept was tried: plain requests queued behind slow bodies got 408). The cost: while every request
 * thread waits for a slow body, Jetty reads nothing on other connections, so their clocks start only
 * once a thread is free, and such a connection can be held up to two timeouts.
 *
 * <p>It also keeps idle keep-alive connections from holding the connection limit: while three quarters
 * of {@link HttpLimits#maxConnections()} are open, every answer carries {@code Connection: close}, so
 * the connections waiting in the kernel's accept queue get their turn at once rather than after an
 * idle timeout.
 */
final class ReadDeadline extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(ReadDeadline.class);

  private final long timeoutNanos;
  private final long sweepNanos;
  private final String message;
  private final int closeAbove;
  private final ErrorBody errors;
  private final Map<Connection, Track> open = new ConcurrentHashMap<>();
  private final AtomicLong heads = new AtomicLong();
  private final AtomicLong bodies = new AtomicLong();
  private volatile Scheduler.Task task;

  private final Connection.Listener listener = new Connection.Listener() {
    @Override
    public void onOpened(Connection c) {
      open.put(c, new Track());
    }

    @Override
    public void onClosed(Connection c) {
      open.remove(c);
    }
  };

  ReadDeadline(HttpLimits limits, ErrorBody errors) {
    this.timeoutNanos = limits.readTimeout().toNanos();
    this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20),
        Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 10));
    this.message = "the request did not arrive within " + HttpServers.human(limits.readTimeout())
        + " (http.readTimeout); send it faster, or raise http.readTimeout";
    this.errors = errors;
    this.closeAbove = Math.max(1, limits.maxConnections() * 3 / 4);
  }

  /** Added to the connector as a bean: tracks its connections. */
  Connection.Listener connectionListener() {
    return listener;
  }

  /** Requests whose head, and whose body, took longer than the timeout, since the start. */
  long[] expired() {
    return new long[] {heads.get(), bodies.get()};
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    schedule();
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task t = task;
    task = null;
    if (t != null) {
      t.cancel();
    }
    super.doStop();
  }

  private void schedule() {
    if (isStarting() || isStarted()) {
      task = getServer().getScheduler().schedule(this::sweep, sweepNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    try {
      long now = NanoTime.now();
      for (Map.Entry<Connection, Track> e : open.entrySet()) {
        check(e.getKey(), e.getValue(), now);
      }
    } catch (RuntimeException e) {
      LOG.warn("the HTTP read deadline sweep failed", e);
    } finally {
      schedule();
    }
  }

  private void check(Connection c, Track t, long now) {
    Request r = t.request;
    if (r == null) {
      long since = t.since;
      if (since == 0) {
        if (c.getBytesIn() > t.restBytes) {
          t.since = now;
        }
      } else if (now - since > timeoutNanos) {
        heads.incrementAndGet();
        open.remove(c);
        answer408AndClose(c.getEndPoint());
      }
    } else if (t.receiving) {
      long failedAt = t.failedAt;
      if (failedAt != 0) {
        if (now - failedAt > 2 * sweepNanos) {
          open.remove(c);
          c.getEndPoint().close(new TimeoutException(message));
        }
      } else if (now - t.since > timeoutNanos) {
        bodies.incrementAndGet();
        t.failedAt = now;
        r.fail(new TimeoutException(message));
      }
    }
  }

  /** A head is still arriving: nothing else writes on this connection, so the answer goes out as bytes. */
  private void answer408AndClose(EndPoint endPoint) {
    ErrorBody.Rendered body = errors.render("", 408, message);
    byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: "
        + body.body().length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    endPoint.write(Callback.from(endPoint::close, x -> endPoint.close()), ByteBuffer.wrap(head),
        ByteBuffer.wrap(body.body()));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Connection c = request.getConnectionMetaData().getConnection();
    Track t = c == null ? null : open.get(c);
    if (t == null) {
      return super.handle(request, response, callback);
    }
    if (open.size() >= closeAbove) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    boolean body = hasBody(request.getHeaders());
    long since = t.since;
    t.failedAt = 0;
    t.receiving = body;
    t.since = since != 0 ? since : request.getBeginNanoTime();
    t.request = request;
    Callback done = new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        t.end(c.getBytesIn());
        super.succeeded();
      }

      @Override
      public void failed(Throwable x) {
        t.end(c.getBytesIn());
        super.failed(x);
      }
    };
    boolean handled;
    try {
      handled = super.handle(body ? new BodyWatch(request, t) : request, response, done);
    } catch (Exception | Error e) {
      t.end(c.getBytesIn());
      throw e;
    }
    if (!handled) {
      t.end(c.getBytesIn());
    }
    return handled;
  }

  /** RFC 9112 §6.3: a request has a body when it names a transfer coding or a Content-Length above 0. */
  private static boolean hasBody(HttpFields headers) {
    if (headers.contains(HttpHeader.TRANSFER_ENCODING)) {
      return true;
    }
    try {
      return headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** What one connection is doing; written by its request's thread, read by the sweep. */
  private static final class Track {
    volatile Request request;
    volatile boolean receiving;
    /** When the current request's first byte was seen (NanoTime), 0 when none is arriving. */
    volatile long since;
    volatile long restBytes;
    volatile long failedAt;

    void end(long bytesIn) {
      receiving = false;
      since = 0;
      failedAt = 0;
      restBytes = bytesIn;
      request = null;
    }
  }

  /**
   * Notes when the last chunk of a body has been read, and makes any failed read of a body that this
   * deadline failed a {@link TimeoutException}: after {@code Request.fail}, Jetty can hand the blocked
   * read its own failure instead ({@code IOException: Unconsumed}, seen in a fresh-clone CI run on a
   * loaded 2-core box), which the handlers would answer 500 instead of 408.
   */
  private final class BodyWatch extends Request.Wrapper {
    private final Track track;

    BodyWatch(Request wrapped, Track track) {
      super(wrapped);
      this.track = track;
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk != null && chunk.isLast()) {
        track.receiving = false;
      }
      if (Content.Chunk.isFailure(chunk) && track.failedAt != 0
          && !(chunk.getFailure() instanceof TimeoutException)) {
        TimeoutException timeout = new TimeoutException(message);
        timeout.addSuppressed(chunk.getFailure());
        return Content.Chunk.from(timeout, chunk.isLast());
      }
      return chunk;
    }
  }
}
