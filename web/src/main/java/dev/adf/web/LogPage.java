package dev.adf.web;

import dev.adf.engine.Redaction;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An attempt's log (the engine's log while it runs, the copy kept in the run history after): served
 * tail first and capped ({@link #TAIL_BYTES}), every line redacted, followed while the attempt runs
 * by appending what was written since ({@code /log/more?offset=}, polled only while the attempt is
 * InProgress), and downloadable whole ({@code /log/download}). Only files under the home folder are
 * read; a log kept elsewhere (a Livy URL) is named, not fetched.
 */
public final class LogPage {
  /** The most bytes of a log shown at first (its end). */
  public static final int TAIL_BYTES = 256 * 1024;
  /** The most bytes one follow request appends. */
  static final int MORE_BYTES = 256 * 1024;

  private final Supplier<Web> web;

  LogPage(Supplier<Web> web) {
    this.web = web;
  }

  /**
   * What the log page shows.
   *
   * @param window the window
   * @param attempt the attempt
   * @param text the redacted tail of the log (or why there is none)
   * @param truncated the log is longer than the tail shown
   * @param size the file's size in bytes when read (the next follow offset)
   * @param running the attempt is InProgress: the page follows the log
   * @param query pipeline, activity, start and attempt as a query string
   */
  public record Model(ActivityWindow window, Attempt attempt, String text, boolean truncated, long size,
      boolean running, String query) {}

  /**
   * What a follow request appends.
   *
   * @param text the redacted new text
   * @param offset the next offset
   * @param running keep following
   * @param query as in {@link Model}
   */
  public record More(String text, long offset, boolean running, String query) {}

  void register(RoutesConfig r) {
    r.get("/log", ctx -> {
      Model m = model(ctx);
      Html.page(ctx, "log.jte", web.get().chrome("Log of attempt " + m.attempt().number(), "windows",
          "adf runs --pipeline " + Fmt.arg(m.window().key().pipeline()) + " --activity "
              + Fmt.arg(m.window().key().activity()) + " --window " + m.window().key().windowStart()), m);
    });
    r.get("/log/more", ctx -> {
      Located l = locate(ctx);
      long offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
      boolean running = l.attempt.status() == AttemptStatus.InProgress;
      String text = "";
      long next = offset;
      if (l.file != null && Files.isRegularFile(l.file)) {
        try (RandomAccessFile f = new RandomAccessFile(l.file.toFile(), "r")) {
          long size = f.length();
          if (size < offset) {
            offset = 0; // replaced by the kept copy: start again
          }
          int n = (int) Math.min(MORE_BYTES, size - offset);
          byte[] b = new byte[n];
          f.seek(offset);
          f.readFully(b);
          int end = lastNewline(b, n);
          text = redact(new String(b, 0, end, StandardCharsets.UTF_8));
          next = offset + end;
        }
      }
      if (!running && text.isEmpty()) {
        ctx.status(286); // htmx: stop polling
        return;
      }
      Html.render(ctx, "log-more.jte", new More(text, next, running, l.query));
    });
    r.get("/log/download", ctx -> {
      Located l = locate(ctx);
      if (l.file == null || !Files.isRegularFile(l.file)) {
        throw new io.javalin.http.NotFoundResponse("attempt " + l.attempt.number() + " has no log file here");
      }
      String name = "attempt-" + l.attempt.number() + "-" + l.window.key().activity().replaceAll("[^A-Za-z0-9._-]", "_")
          + ".log";
      ctx.contentType("text/plain; charset=utf-8").header("Content-Disposition", "attachment; filename=\"" + name + "\"");
      try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(l.file), StandardCharsets.UTF_8));
          OutputStream out = ctx.outputStream()) {
        String line;
        while ((line = in.readLine()) != null) {
          out.write((Redaction.text(line) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    });
  }

  private record Located(ActivityWindow window, Attempt attempt, Path file, String query) {}

  private Located locate(Context ctx) {
    Web w = web.get();
    ActivityWindow window = WindowPage.find(w, ctx);
    int number = Params.integer(ctx, "attempt", 0, 1, Integer.MAX_VALUE);
    if (number == 0) {
      throw new BadRequest("parameter 'attempt' is required");
    }
    Attempt attempt = w.monitor.store().attempts(window.key()).stream().filter(a -> a.number() == number).findFirst()
        .orElseThrow(() -> new io.javalin.http.NotFoundResponse("window " + window.key() + " has no attempt " + number));
    Path file = null;
    String loc = attempt.logLocation();
    if (loc != null && !loc.contains("://")) {
      Path p = Path.of(loc).toAbsolutePath().normalize();
      Path home = w.monitor.orchestrator().home().toAbsolutePath().normalize();
      if (p.startsWith(home)) {
        file = p; // only files of this home: a stored path never makes the view read other files
      }
    }
    String query = "pipeline=" + Fmt.q(window.key().pipeline()) + "&activity=" + Fmt.q(window.key().activity())
        + "&start=" + Fmt.q(Fmt.iso(window.key().windowStart())) + "&attempt=" + number;
    return new Located(window, attempt, file, query);
  }

  private Model model(Context ctx) throws IOException {
    Located l = locate(ctx);
    boolean running = l.attempt.status() == AttemptStatus.InProgress;
    if (l.file == null) {
      String why = l.attempt.logLocation() == null ? "This attempt has no log (no engine job was submitted)."
          : "This attempt's log is kept outside this home: " + Redaction.text(l.attempt.logLocation());
      return new Model(l.window, l.attempt, why, false, 0, false, l.query);
    }
    if (!Files.isRegularFile(l.file)) {
      return new Model(l.window, l.attempt, "The log file " + l.file + " is gone (the engine's work folder was"
          + " cleaned?).", false, 0, running, l.query);
    }
    try (RandomAccessFile f = new RandomAccessFile(l.file.toFile(), "r")) {
      long size = f.length();
      long from = Math.max(0, size - TAIL_BYTES);
      byte[] b = new byte[(int) (size - from)];
      f.seek(from);
      f.readFully(b);
      int start = 0;
      if (from > 0) {
        while (start < b.length && b[start] != '\n') {
          start++;
        }
        start = Math.min(b.length, start + 1); // drop the partial first line
      }
      int end = lastNewline(b, b.length);
      if (end < start) {
        end = start;
      }
      String text = redact(new String(b, start, end - start, StandardCharsets.UTF_8));
      return new Model(l.window, l.attempt, text, from > 0, from + end, running, l.query);
    }
  }

  /** The length up to and including the last newline (a partial last line waits for the next read). */
  private static int lastNewline(byte[] b, int n) {
    for (int i = n - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private static String redact(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(Redaction.text(line));
    }
    return out.toString();
  }
}
