package dev.adf.engine.jobs;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Jobs the engine tests load by class name, as users' jobs would be. */
public final class TestJobs {
  private TestJobs() {}

  private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

  /** The latch named {@code name} (created open-once: count 1). */
  public static CountDownLatch latch(String name) {
    return LATCHES.computeIfAbsent(name, n -> new CountDownLatch(1));
  }

  /** Prints a greeting with its arguments and succeeds. */
  public static final class Hello implements EngineJob {
    @Override
    public int run(JobContext c) {
      c.log().println("hello " + String.join(" ", c.args()) + " in " + c.workDir().getFileName());
      return 0;
    }
  }

  /** Throws. */
  public static final class Failing implements EngineJob {
    @Override
    public int run(JobContext c) {
      c.log().println("about to fail");
      throw new IllegalStateException("boom: input slice missing");
    }
  }

  /** Returns exit code 3. */
  public static final class ExitThree implements EngineJob {
    @Override
    public int run(JobContext c) {
      return 3;
    }
  }

  /** Waits (interruptibly) for the latch named by its first argument, then succeeds. */
  public static final class Blocking implements EngineJob {
    @Override
    public int run(JobContext c) throws InterruptedException {
      latch(c.args().get(0)).await();
      return 0;
    }
  }

  /** Spins forever, ignoring interrupts and the stop flag: only a forced stop ends it. */
  public static final class Spinning implements EngineJob {
    public static volatile long sink;

    @Override
    public int run(JobContext c) {
      c.log().println("spinning");
      while (true) {
        sink++;
      }
    }
  }

  /** Its constructor fails. */
  public static final class BrokenConstructor implements EngineJob {
    public BrokenConstructor() {
      throw new IllegalArgumentException("cannot construct");
    }

    @Override
    public int run(JobContext c) {
      return 0;
    }
  }

  /** Its constructor waits (interruptibly) for {@link #gate} (so the job stays STARTING). */
  public static final class SlowConstructor implements EngineJob {
    public static volatile CountDownLatch gate = new CountDownLatch(1);

    public SlowConstructor() throws InterruptedException {
      gate.await();
    }

    @Override
    public int run(JobContext c) {
      return 0;
    }
  }
}
