package dev.adf.engine.bench;

import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Start cost of the built-in engine's child JVMs, run by hand (see docs/bench-engine.md):
 *
 * <ul>
 *   <li><b>baseline</b>: {@code java -cp <same classpath> Hello} (a bare JVM on the same classpath),
 *       process start to exit;
 *   <li><b>to main</b>: submit to the moment the job's main runs (it prints {@code
 *       System.currentTimeMillis()});
 *   <li><b>end to end</b>: a no-op job, submit to SUCCEEDED as {@link BuiltInEngine#await} returns.
 * </ul>
 *
 * Rounds are interleaved (baseline, then engine); medians over {@code args[0]} rounds (default 15),
 * after 2 warm-up rounds.
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  /** Prints the wall-clock instant its main started, in ms since the epoch. */
  public static final class Marker {
    public static void main(String[] args) {
      System.out.println(System.currentTimeMillis());
    }
  }

  /** The bare JVM of the baseline. */
  public static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello");
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path work = Files.createTempDirectory("engine-bench");
    String java = BuiltInEngine.Builder.defaultJava();
    String cp = System.getProperty("java.class.path");
    List<Double> baseline = new ArrayList<>();
    List<Double> toMain = new ArrayList<>();
    List<Double> endToEnd = new ArrayList<>();
    try (BuiltInEngine engine = BuiltInEngine.builder(work).clock(Clock.systemUTC()).cores(2).memoryMiB(2048).build()) {
      for (int i = -2; i < rounds; i++) {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-cp", cp, Hello.class.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        double base = (System.nanoTime() - t0) / 1e6;

        long submittedAt = System.currentTimeMillis();
        JobId marker = engine.submit(spec(Marker.class));
        JobStatus m = engine.await(marker, Duration.ofSeconds(60));
        check(m);
        double main = Long.parseLong(Files.readString(m.logFile()).trim()) - submittedAt;

        long e0 = System.nanoTime();
        JobStatus noop = engine.await(engine.submit(spec(Hello.class)), Duration.ofSeconds(60));
        check(noop);
        double e2e = (System.nanoTime() - e0) / 1e6;
        if (i >= 0) {
          baseline.add(base);
          toMain.add(main);
          endToEnd.add(e2e);
        }
        System.out.printf("round %2d: baseline %6.1f ms, submit->main %6.1f ms, end to end %6.1f ms%n", i, base, main, e2e);
      }
    }
    double b = median(baseline);
    double mm = median(toMain);
    double e = median(endToEnd);
    System.out.printf("median of %d: baseline java Hello %.1f ms; submit->main %.1f ms; no-op end to end %.1f ms"
        + " (%.2fx baseline, engine overhead %.1f ms)%n", rounds, b, mm, e, e / b, e - b);
  }

  private static JobSpec spec(Class<?> main) {
    return new JobSpec("bench", main.getName(), List.of(), List.of(), Map.of(), UUID.randomUUID().toString());
  }

  private static void check(JobStatus s) {
    if (s.state() != JobState.SUCCEEDED) {
      throw new IllegalStateException("bench job " + s.id() + " ended " + s.state() + ": " + s.error());
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
