// The load driver of tools/reliability/http-hostile.sh: one phase per run, figures on stdout as
// "key value" lines. JDK only (java.net.http, NIO), run as a single-file source program:
//   java HttpHostile.java PHASE BASE_URL AUTH_HEADER READ_PATH POST_PATH POST_HEADERS [N]
// PHASE: plain (N GETs, 100 at a time), hostile (N bad requests of 8 kinds, 50 at a time),
// slowloris (N connections trickling a head or body byte per second for SECONDS), huge (N bodies of
// 1 GiB announced, and N/5 chunked ones of 256 MiB).
import java.io.*;
import java.net.*;
import java.net.http.*;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class HttpHostile {
  static URI base;
  static String auth, readPath, postPath;
  static String[] postHeaders;

  public static void main(String[] a) throws Exception {
    String phase = a[0];
    base = URI.create(a[1]);
    auth = a[2];
    readPath = a[3];
    postPath = a[4];
    postHeaders = a[5].isEmpty() ? new String[0] : a[5].split("\\|");
    int n = Integer.parseInt(a[6]);
    switch (phase) {
      case "plain" -> plain(n);
      case "hostile" -> hostile(n);
      case "slowloris" -> slowloris(n, Integer.parseInt(a[7]));
      case "huge" -> huge(n);
      default -> throw new IllegalArgumentException(phase);
    }
  }

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(60)).build();
  }

  static String[] authHeader() {
    int c = auth.indexOf(':');
    return new String[] {auth.substring(0, c).trim(), auth.substring(c + 1).trim()};
  }

  /** n authenticated GETs, at most 100 in flight. */
  static void plain(int n) throws Exception {
    HttpClient http = client();
    Semaphore inFlight = new Semaphore(100);
    Map<Integer, AtomicInteger> status = new ConcurrentSkipListMap<>();
    long[] lat = new long[n];
    long start = System.nanoTime();
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      int k = i;
      long t0 = System.nanoTime();
      http.sendAsync(HttpRequest.newBuilder(base.resolve(readPath)).headers(authHeader())
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> {
            lat[k] = System.nanoTime() - t0;
            status.computeIfAbsent(e == null ? r.statusCode() : 0, s -> new AtomicInteger()).incrementAndGet();
            inFlight.release();
            done.countDown();
          });
    }
    done.await();
    double secs = (System.nanoTime() - start) / 1e9;
    Arrays.sort(lat);
    System.out.printf("requests %d%nstatuses %s%nseconds %.1f%nper_second %.0f%nlatency_ms_p50 %.1f%nlatency_ms_p99 %.1f%nlatency_ms_max %.1f%n",
        n, status, secs, n / secs, lat[n / 2] / 1e6, lat[n * 99 / 100] / 1e6, lat[n - 1] / 1e6);
  }

  static String head(String method, String path, String... extra) {
    StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\n" + auth + "\r\n");
    for (String h : postHeaders) {
      b.append(h).append("\r\n");
    }
    for (String h : extra) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  /** One exchange on a raw socket: the status (0: closed without answer) and whether the body looks clean. */
  static int[] raw(byte[] request) {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(120_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      // The head, then Content-Length bytes: the connection may stay open (keep-alive).
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        head.write(c);
        byte[] h = head.toByteArray();
        if (h.length >= 4 && h[h.length - 4] == '\r' && h[h.length - 3] == '\n' && h[h.length - 2] == '\r'
            && h[h.length - 1] == '\n') {
          break;
        }
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.1 ")) {
        return new int[] {0, 1};
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *([0-9]+)").matcher(text);
      String body = m.find() ? new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8) : "";
      boolean clean = !body.contains("\tat ") && !body.contains("Exception") && !body.contains("<html");
      return new int[] {Integer.parseInt(text.substring(9, 12)), clean ? 1 : 0};
    } catch (IOException e) {
      return new int[] {0, 1};
    }
  }

  /** n bad requests of 8 kinds, 50 at a time; every answer must be a 4xx with a clean body. */
  static void hostile(int n) throws Exception {
    String body = "{\"file\":";
    List<byte[]> kinds = List.of(
        head("POST", postPath, "Content-Type: application/json", "Content-Length: " + body.length()).concat(body)
            .getBytes(StandardCharsets.ISO_8859_1),
        head("POST", postPath, "Content-Type: application/json", "Content-Length: 5").concat("[1,2]").getBytes(StandardCharsets.ISO_8859_1),
        ("GET " + readPath + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
        head("GET", "/no/such/path").getBytes(StandardCharsets.ISO_8859_1),
        head("BREW", readPath, "Content-Length: 0").getBytes(StandardCharsets.ISO_8859_1),
        "GET\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
        head("GET", readPath, "X-Filler: " + "y".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1),
        head("POST", postPath, "Content-Type: application/json", "Content-Length: 5", "Content-Length: 6").concat("hello")
            .getBytes(StandardCharsets.ISO_8859_1));
    String[] names = {"malformed-json", "wrong-type", "no-credentials", "unknown-path", "unknown-method", "garbage",
        "huge-head", "two-lengths"};
    ExecutorService pool = Executors.newFixedThreadPool(50);
    Map<String, Map<Integer, AtomicInteger>> byKind = new ConcurrentSkipListMap<>();
    AtomicInteger dirty = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i % kinds.size();
      fs.add(pool.submit(() -> {
        int[] r = raw(kinds.get(k));
        byKind.computeIfAbsent(names[k], x -> new ConcurrentSkipListMap<>()).computeIfAbsent(r[0], x -> new AtomicInteger())
            .incrementAndGet();
        if (r[1] == 0) {
          dirty.incrementAndGet();
        }
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    System.out.printf("requests %d%nseconds %.1f%nstatuses_by_kind %s%nbodies_with_stack_trace_or_html %d%n", n,
        (System.nanoTime() - start) / 1e9, byKind, dirty.get());
  }

  /**
   * n connections (a third trickling a body, the rest a head) sending one byte a second for `seconds`,
   * while a plain GET is timed every second.
   */
  static void slowloris(int n, int seconds) throws Exception {
    Selector sel = Selector.open();
    List<SocketChannel> chans = new ArrayList<>();
    Map<SocketChannel, Long> opened = new HashMap<>();
    Map<SocketChannel, byte[]> script = new HashMap<>();
    Map<SocketChannel, Integer> pos = new HashMap<>();
    byte[] slowHead = (head("GET", readPath, "X-Slow: " + "z".repeat(4000))).getBytes(StandardCharsets.ISO_8859_1);
    String bodyHead = head("POST", postPath, "Content-Type: application/json", "Content-Length: 4000");
    byte[] slowBody = (bodyHead + "{\"x\":\"" + "z".repeat(3990) + "\"}").getBytes(StandardCharsets.ISO_8859_1);
    int bodyStart = bodyHead.length();
    for (int i = 0; i < n; i++) {
      SocketChannel c = SocketChannel.open();
      c.configureBlocking(false);
      c.connect(new InetSocketAddress(base.getHost(), base.getPort()));
      c.register(sel, SelectionKey.OP_CONNECT);
      chans.add(c);
      boolean body = i % 3 == 0;
      script.put(c, body ? slowBody : slowHead);
      pos.put(c, body ? bodyStart - 1 : 0); // a body's head goes out whole, then a byte a second
      opened.put(c, System.nanoTime());
    }
    Map<String, AtomicInteger> outcome = new TreeMap<>();
    List<Double> heldSeconds = new ArrayList<>();
    Set<SocketChannel> live = new HashSet<>();
    HttpClient http = client();
    List<Double> plainMs = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger plainFailed = new AtomicInteger();
    ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
    probe.scheduleAtFixedRate(() -> {
      long t0 = System.nanoTime();
      try {
        int s = http.send(HttpRequest.newBuilder(base.resolve(readPath)).headers(authHeader())
            .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (s != 200) {
          plainFailed.incrementAndGet();
        }
        plainMs.add((System.nanoTime() - t0) / 1e6);
      } catch (Exception e) {
        plainFailed.incrementAndGet();
      }
    }, 500, 1000, TimeUnit.MILLISECONDS);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long nextTick = System.nanoTime();
    ByteBuffer rb = ByteBuffer.allocate(4096);
    while (System.nanoTime() < end) {
      sel.select(100);
      for (Iterator<SelectionKey> it = sel.selectedKeys().iterator(); it.hasNext(); ) {
        SelectionKey k = it.next();
        it.remove();
        SocketChannel c = (SocketChannel) k.channel();
        try {
          if (k.isConnectable() && c.finishConnect()) {
            k.interestOps(SelectionKey.OP_READ);
            live.add(c);
            byte[] s = script.get(c);
            int p = pos.get(c);
            if (p > 0) {
              c.write(ByteBuffer.wrap(s, 0, p));
            }
          } else if (k.isReadable()) {
            rb.clear();
            int r = c.read(rb);
            String text = new String(rb.array(), 0, Math.max(r, 0), StandardCharsets.ISO_8859_1);
            String what = r < 0 ? "closed" : text.startsWith("HTTP/1.1 ") ? "answered " + text.substring(9, 12) : null;
            if (what != null) {
              outcome.computeIfAbsent(what, x -> new AtomicInteger()).incrementAndGet();
              heldSeconds.add((System.nanoTime() - opened.get(c)) / 1e9);
              live.remove(c);
              k.cancel();
              c.close();
            }
          }
        } catch (IOException e) {
          outcome.computeIfAbsent("reset", x -> new AtomicInteger()).incrementAndGet();
          heldSeconds.add((System.nanoTime() - opened.get(c)) / 1e9);
          live.remove(c);
          k.cancel();
          c.close();
        }
      }
      if (System.nanoTime() >= nextTick) {
        nextTick += 1_000_000_000L;
        for (SocketChannel c : new ArrayList<>(live)) {
          byte[] s = script.get(c);
          int p = pos.get(c);
          if (p < s.length) {
            try {
              c.write(ByteBuffer.wrap(s, p, 1));
              pos.put(c, p + 1);
            } catch (IOException e) {
              // seen as closed by the read side
            }
          }
        }
      }
    }
    probe.shutdownNow();
    int stillOpen = 0;
    for (SocketChannel c : chans) {
      if (c.isOpen()) {
        stillOpen++;
        c.close();
      }
    }
    Collections.sort(heldSeconds);
    List<Double> ms = new ArrayList<>(plainMs);
    Collections.sort(ms);
    System.out.printf("connections %d%nseconds %d%noutcomes %s%nstill_open_at_end %d%n", n, seconds, outcome, stillOpen);
    if (!heldSeconds.isEmpty()) {
      System.out.printf("held_s_min %.1f%nheld_s_median %.1f%nheld_s_max %.1f%n", heldSeconds.get(0),
          heldSeconds.get(heldSeconds.size() / 2), heldSeconds.get(heldSeconds.size() - 1));
    }
    System.out.printf("plain_gets %d%nplain_failed %d%n", ms.size(), plainFailed.get());
    if (!ms.isEmpty()) {
      System.out.printf("plain_ms_median %.0f%nplain_ms_max %.0f%n", ms.get(ms.size() / 2), ms.get(ms.size() - 1));
    }
  }

  /** n bodies of 1 GiB announced, sent as fast as taken, and n/5 chunked ones of 256 MiB. */
  static void huge(int n) throws Exception {
    Map<String, AtomicInteger> status = new TreeMap<>();
    long maxSent = 0;
    long sumSent = 0;
    int count = 0;
    for (int i = 0; i < n + n / 5; i++) {
      boolean chunked = i >= n;
      long total = chunked ? 256L << 20 : 1L << 30;
      String h = head("POST", postPath, "Content-Type: application/json",
          chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + total);
      long[] sent = {0};
      int st;
      try (Socket s = new Socket(base.getHost(), base.getPort())) {
        s.setSoTimeout(120_000);
        OutputStream out = s.getOutputStream();
        AtomicBoolean stop = new AtomicBoolean();
        Thread w = new Thread(() -> {
          byte[] block = new byte[64 * 1024];
          Arrays.fill(block, (byte) 'x');
          try {
            out.write(h.getBytes(StandardCharsets.ISO_8859_1));
            long left = total;
            while (left > 0 && !stop.get()) {
              int k = (int) Math.min(block.length, left);
              if (chunked) {
                out.write((Integer.toHexString(k) + "\r\n").getBytes(StandardCharsets.US_ASCII));
              }
              out.write(block, 0, k);
              if (chunked) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              }
              synchronized (sent) {
                sent[0] += k;
              }
              left -= k;
            }
          } catch (IOException e) {
            // refused: expected
          }
        });
        w.setDaemon(true);
        w.start();
        byte[] line = new byte[12];
        int got = s.getInputStream().readNBytes(line, 0, 12);
        synchronized (sent) {
          st = got == 12 ? Integer.parseInt(new String(line, 9, 3, StandardCharsets.ISO_8859_1)) : 0;
          sumSent += sent[0];
          maxSent = Math.max(maxSent, sent[0]);
        }
        stop.set(true);
      } catch (IOException e) {
        st = 0;
      }
      count++;
      status.computeIfAbsent((chunked ? "chunked " : "length ") + st, x -> new AtomicInteger()).incrementAndGet();
    }
    System.out.printf("bodies %d%nstatuses %s%nbody_bytes_sent_before_answer_mean %d%nbody_bytes_sent_before_answer_max %d%n",
        count, status, sumSent / count, maxSent);
  }
}
