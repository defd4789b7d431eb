package dev.adf.orchestrator.reliability;

import dev.adf.orchestrator.cli.Main;
import dev.adf.orchestrator.testing.Harness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code adf ARGS} and captures what a user sees: exit code, stdout, stderr, how long it took. */
public interface Cli {

  /**
   * One run of the command line.
   *
   * @param exit the exit code, or -1 when it did not end within the deadline
   * @param millis wall-clock milliseconds (measured with {@link System#nanoTime()})
   * @param timedOut true when it did not end within the deadline
   */
  record Run(int exit, String out, String err, long millis, boolean timedOut) {}

  Run run(Duration deadline, List<String> args);

  /** How long an in-process run past its deadline is still waited for before the next one starts. */
  Duration DRAIN = Duration.ofMinutes(10);

  /**
   * In this JVM, through {@link Main#run(PrintWriter, PrintWriter, String...)} (the method {@code main}
   * exits with), on a thread of its own with the JVM's default stack size, as a user's {@code main}
   * thread has. A run past the deadline is reported as timed out (its time then includes up to {@link
   * #DRAIN} more, while its thread is let finish).
   */
  static Cli inProcess() {
    return (deadline, args) -> {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int[] exit = {-1};
      Throwable[] thrown = {null};
      Thread t = new Thread(() -> {
        try {
          exit[0] = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        } catch (Throwable e) { // what a user's JVM would print as a stack trace: report it as such
          thrown[0] = e;
        }
      }, "adf-fuzz-cli");
      t.setDaemon(true);
      long start = System.nanoTime();
      t.start();
      try {
        t.join(deadline.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (t.isAlive()) {
        // A thread cannot be killed: let it end (bounded) so that what it still does (a deploy
        // committing late) is not taken for the effect of the next case.
        try {
          t.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new Run(-1, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000, true);
      }
      if (thrown[0] != null) {
        StringWriter trace = new StringWriter();
        thrown[0].printStackTrace(new PrintWriter(trace));
        return new Run(1, out.toString(), err + "Exception in thread \"main\" " + trace, millis, false);
      }
      return new Run(exit[0], out.toString(), err.toString(), millis, false);
    };
  }

  /**
   * In a child JVM on this test's class path ({@code java -cp … dev.adf.orchestrator.cli.Main}), as
   * the other CLI process tests start it; killed (forcibly) past the deadline.
   */
  static Cli childProcess(Path scratch) {
    return (deadline, args) -> {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
          "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
          "dev.adf.orchestrator.cli.Main"));
      cmd.addAll(args);
      try {
        Files.createDirectories(scratch);
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!ended) {
          p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        return new Run(ended ? p.exitValue() : -1, new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
            new String(Files.readAllBytes(err), StandardCharsets.UTF_8), millis, !ended);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }
}
