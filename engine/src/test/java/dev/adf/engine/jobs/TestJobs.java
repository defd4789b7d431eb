package dev.adf.engine.jobs;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Jobs the engine tests load by class name, as users' jobs would be. They run in child JVMs, so
 * tests coordinate with them through files only (never in-JVM latches or statics).
 */
public final class TestJobs {
  private TestJobs() {}

  /** File in the job's work dir where {@link IgnoresStop} writes its grandchild's pid. */
  public static final String GRANDCHILD_PID_FILE = "grandchild.pid";

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

  /**
   * Waits until the file named by its first argument exists, checking for a stop request every 5 ms
   * (a cooperative job), then returns its second argument as exit code (default 0).
   */
  public static final class WaitForFile implements EngineJob {
    @Override
    public int run(JobContext c) throws InterruptedException {
      Path gate = Path.of(c.args().get(0));
      c.log().println("waiting for " + gate.getFileName());
      while (!Files.exists(gate)) {
        c.checkStop();
        LockSupport.parkNanos(5_000_000L);
      }
      return c.args().size() > 1 ? Integer.parseInt(c.args().get(1)) : 0;
    }
  }

  /** {@link WaitForFile} under another class name, for tests that run one warm and this one in its own JVM. */
  public static final class WaitForFileToo implements EngineJob {
    @Override
    public int run(JobContext c) throws InterruptedException {
      return new WaitForFile().run(c);
    }
  }

  /**
   * Starts a grandchild process ({@code sleep 600}) in its constructor, so its pid is in {@link
   * #GRANDCHILD_PID_FILE} once the job is RUNNING, then ignores interrupts and stop requests: only a
   * forced kill ends it.
   */
  public static final class IgnoresStop implements EngineJob {
    public IgnoresStop() throws IOException {
      Process p = new ProcessBuilder("sleep", "600").start();
      Path tmp = Path.of(GRANDCHILD_PID_FILE + ".tmp");
      Files.writeString(tmp, String.valueOf(p.pid()));
      Files.move(tmp, Path.of(GRANDCHILD_PID_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public int run(JobContext c) {
      c.log().println("spinning");
      while (true) {
        LockSupport.parkNanos(10_000_000L);
        Thread.interrupted();
      }
    }
  }

  /** Ignores interrupts and stop requests (no grandchild): only a forced kill ends it. */
  public static final class Spins implements EngineJob {
    @Override
    public int run(JobContext c) {
      c.log().println("spinning");
      while (true) {
        LockSupport.parkNanos(10_000_000L);
        Thread.interrupted();
      }
    }
  }

  /** Prints its JVM's pid to its log and one line to System.err. */
  public static final class PrintsPid implements EngineJob {
    @Override
    public int run(JobContext c) {
      c.log().println("pid " + ProcessHandle.current().pid());
      System.err.println("to stderr of " + c.workDir().getFileName());
      return 0;
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

  /** A plain main class: prints its arguments. */
  public static final class MainHello {
    public static void main(String[] args) {
      System.out.println("main hello " + String.join(" ", args));
    }
  }

  /** A plain main class that calls System.exit(3). */
  public static final class MainExitThree {
    public static void main(String[] args) {
      System.exit(3);
    }
  }

  /** A plain main class that throws. */
  public static final class MainThrows {
    public static void main(String[] args) {
      throw new IllegalStateException("main failed");
    }
  }

  /** A plain main class that fills its heap until it runs out of memory. */
  public static final class MainOutOfMemory {
    public static void main(String[] args) {
      List<byte[]> hog = new ArrayList<>();
      while (true) {
        hog.add(new byte[1 << 20]);
      }
    }
  }

  /** A plain main class that leaves a non-daemon thread running when it returns. */
  public static final class MainLeaksThread {
    public static void main(String[] args) {
      Thread t = new Thread(() -> {
        while (true) {
          LockSupport.park();
        }
      }, "leaked");
      t.setDaemon(false);
      t.start();
      System.out.println("leaked a thread");
    }
  }
}
