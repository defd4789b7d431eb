package dev.adf.engine.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that misbehaves on purpose, on raw sockets: garbage, a head or body sent a byte at a time, a
 * body far over the limit, a connection that sends nothing. Every call is bounded by a deadline (the
 * socket's read timeout), so a server that never answers fails the test instead of hanging it.
 */
public final class HostileClient {
  private final String host;
  private final int port;

  public HostileClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * What came back.
   *
   * @param status the status code, 0 when the server closed without answering
   * @param headers the response headers, names lower-cased
   * @param body the body as text
   * @param sent bytes the client had sent when the answer (or the close) arrived
   * @param elapsed from the first byte sent to the end of the answer
   */
  public record Answer(int status, Map<String, String> headers, String body, long sent, Duration elapsed) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Sends {@code request} whole and reads the answer. */
  public Answer exchange(byte[] request, Duration deadline) throws IOException {
    try (Socket s = open(deadline)) {
      long start = System.nanoTime();
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return read(s.getInputStream(), request.length, start);
    }
  }

  /** {@link #exchange} of ASCII text. */
  public Answer exchange(String request, Duration deadline) throws IOException {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1), deadline);
  }

  /**
   * Sends {@code head} at once, then {@code trickle} one byte every {@code interval}, until the server
   * answers or closes; the answer's {@code sent} tells how much of the trickle it had by then.
   */
  public Answer trickle(byte[] head, byte[] trickle, Duration interval, Duration deadline) throws IOException {
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hostile-trickle");
      t.setDaemon(true);
      return t;
    });
    AtomicLong sent = new AtomicLong();
    try (Socket s = open(deadline)) {
      OutputStream out = s.getOutputStream();
      long start = System.nanoTime();
      out.write(head);
      out.flush();
      sent.addAndGet(head.length);
      AtomicLong next = new AtomicLong();
      pace.scheduleAtFixedRate(() -> {
        int i = (int) next.getAndIncrement();
        if (i >= trickle.length) {
          return;
        }
        try {
          out.write(trickle[i]);
          out.flush();
          sent.incrementAndGet();
        } catch (IOException closed) {
          next.set(trickle.length);
        }
      }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
      Answer a = read(s.getInputStream(), -1, start);
      return new Answer(a.status(), a.headers(), a.body(), sent.get(), a.elapsed());
    } finally {
      pace.shutdownNow();
    }
  }

  /**
   * Sends {@code head}, then {@code bodyBytes} bytes of filler as fast as the server takes them (as
   * HTTP/1.1 chunks of 64 KiB when {@code chunked}), while reading the answer.
   */
  public Answer flood(byte[] head, long bodyBytes, boolean chunked, Duration deadline) throws IOException {
    AtomicLong sent = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    try (Socket s = open(deadline)) {
      OutputStream out = s.getOutputStream();
      long start = System.nanoTime();
      Thread writer = new Thread(() -> {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        try {
          out.write(head);
          sent.addAndGet(head.length);
          long left = bodyBytes;
          while (left > 0 && !stop.get()) {
            int n = (int) Math.min(block.length, left);
            if (chunked) {
              out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(block, 0, n);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            sent.addAndGet(n);
            left -= n;
          }
          if (chunked && !stop.get()) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
        } catch (IOException closed) {
          // the server stopped reading: expected once it has answered
        }
      }, "hostile-flood");
      writer.setDaemon(true);
      writer.start();
      Answer a = read(s.getInputStream(), -1, start);
      long sentWhenAnswered = sent.get();
      stop.set(true);
      return new Answer(a.status(), a.headers(), a.body(), sentWhenAnswered, a.elapsed());
    }
  }

  /**
   * Opens a connection, sends nothing, and waits for the server to close it; returns how long that took.
   *
   * @throws SocketTimeoutException when the server kept it open past {@code deadline}
   */
  public Duration idle(Duration deadline) throws IOException {
    try (Socket s = open(deadline)) {
      long start = System.nanoTime();
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // a 408 or whatever the server says before it closes
      }
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  private Socket open(Duration deadline) throws IOException {
    Socket s = new Socket(host, port);
    s.setSoTimeout((int) deadline.toMillis());
    s.setTcpNoDelay(true);
    return s;
  }

  /** Reads one answer: status line, headers, and a Content-Length (or until-close) body. */
  private static Answer read(InputStream in, long sent, long start) throws IOException {
    String status;
    try {
      status = line(in);
    } catch (java.net.SocketException reset) {
      status = null;
    }
    if (status == null || status.isEmpty()) {
      return new Answer(0, Map.of(), "", sent, Duration.ofNanos(System.nanoTime() - start));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    try {
      if (length != null) {
        body.write(in.readNBytes(Integer.parseInt(length)));
      } else if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        in.transferTo(body);
      } else {
        String size;
        while ((size = line(in)) != null && !size.isEmpty() && Integer.parseInt(size.trim(), 16) > 0) {
          body.write(in.readNBytes(Integer.parseInt(size.trim(), 16)));
          line(in);
        }
      }
    } catch (java.net.SocketException reset) {
      // the body was cut short by a reset: keep what arrived
    }
    String[] parts = status.split(" ", 3);
    return new Answer(Integer.parseInt(parts[1]), headers, body.toString(StandardCharsets.UTF_8), sent,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return c < 0 && b.length() == 0 ? null : b.toString();
  }
}
