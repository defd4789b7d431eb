package dev.adf.engine.child;

import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import dev.adf.engine.JobId;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main class of a job's child JVM (started by {@link dev.adf.engine.BuiltInEngine} in the job's
 * work directory). Reads a {@link ChildJob} from stdin, then runs it:
 *
 * <ul>
 *   <li>a built-in job or an {@link EngineJob}: the exit code is its return value; {@link
 *       JobContext#log()} is this JVM's stdout;
 *   <li>any class with {@code public static void main(String[])}: returning normally is 0, {@code
 *       System.exit(n)} is n;
 *   <li>an uncaught exception is 1, its stack trace on stderr.
 * </ul>
 *
 * <p>It writes {@link ChildFiles#STARTED} just before calling the job, and {@link ChildFiles#EXIT}
 * (code and one-line error) when the job returned or threw, then calls {@code System.exit} itself, so
 * threads the job leaked cannot keep it alive. A job that calls {@code System.exit(n)} itself leaves
 * no exit file (Java 17 shows the status to no hook short of a security manager, which broke the
 * Azure SDK's class initialisation): the engine that started the JVM still sees n as its exit value,
 * but a restarted engine finds no code and reports the job LOST. SIGTERM (the engine's cooperative
 * stop) sets the stop flag and interrupts the job's thread; the engine kills the process forcibly when
 * its grace runs out.
 */
public final class JobMain {
  private JobMain() {}

  private static final AtomicBoolean EXIT_WRITTEN = new AtomicBoolean();
  private static Path workDir;

  public static void main(String[] argv) {
    workDir = Path.of("").toAbsolutePath();
    ChildJob job;
    try {
      job = ChildJob.readFrom(System.in);
    } catch (IOException e) {
      fail("cannot read the job from stdin: " + e.getMessage());
      return;
    }
    watchLease();
    AtomicBoolean stop = new AtomicBoolean();
    Thread jobThread = Thread.currentThread();
    onSigterm(() -> {
      stop.set(true);
      jobThread.interrupt();
    });
    int code;
    String error = null;
    try {
      code = run(job, stop, workDir, System.out, JobMain::started);
      if (code != 0) {
        error = "job exited with code " + code;
      }
    } catch (UnknownJob e) {
      System.err.println(e.getMessage());
      code = 1;
      error = e.getMessage();
    } catch (Throwable t) {
      t.printStackTrace();
      code = 1;
      error = oneLine(t);
    }
    System.out.flush();
    System.err.flush();
    recordExit(code, error);
    System.exit(code);
  }

  /** Called just before the job itself is called. */
  interface StartedHook {
    void started() throws IOException;
  }

  /**
   * Runs one job on the calling thread (shared by this main and {@link ExecutorMain}).
   *
   * @param dir the job's work directory
   * @param log the job's log ({@link JobContext#log()})
   * @return the job's exit code (0 = success)
   * @throws UnknownJob when the main class is neither built in, nor found, nor runnable
   * @throws Throwable what the job threw
   */
  static int run(ChildJob job, AtomicBoolean stop, Path dir, java.io.PrintStream log, StartedHook started)
      throws Throwable {
    var builtIn = BuiltInJobs.find(job.mainClass());
    if (builtIn.isPresent()) {
      EngineJob j = builtIn.get().get();
      started.started();
      return j.run(context(job, stop, dir, log));
    }
    Class<?> c;
    try {
      c = Class.forName(job.mainClass(), true, ClassLoader.getSystemClassLoader());
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new UnknownJob("job main class '" + job.mainClass() + "' is not a built-in job and is neither on the"
          + " engine's classpath nor in the job's jars; check the class name and the jar list");
    }
    try {
      if (EngineJob.class.isAssignableFrom(c)) {
        EngineJob j = c.asSubclass(EngineJob.class).getDeclaredConstructor().newInstance();
        started.started();
        return j.run(context(job, stop, dir, log));
      }
      Method main = mainMethod(c);
      started.started();
      main.invoke(null, (Object) job.args().toArray(new String[0]));
      return 0;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Method mainMethod(Class<?> c) throws UnknownJob {
    try {
      Method m = c.getMethod("main", String[].class);
      if (Modifier.isStatic(m.getModifiers())) {
        return m;
      }
    } catch (NoSuchMethodException e) {
      // below
    }
    throw new UnknownJob("job main class '" + c.getName() + "' is neither an EngineJob nor has"
        + " public static void main(String[])");
  }

  private static JobContext context(ChildJob job, AtomicBoolean stop, Path dir, java.io.PrintStream log) {
    return new JobContext(new JobId(job.id()), job.args(), job.conf(), dir, log, stop);
  }

  private static void started() throws IOException {
    markStarted(workDir);
  }

  /** Writes the {@link ChildFiles#STARTED} file (this JVM's pid) into {@code dir}. */
  static void markStarted(Path dir) throws IOException {
    ChildFiles.writeAtomically(dir, ChildFiles.STARTED, String.valueOf(ProcessHandle.current().pid()));
  }

  private static void fail(String error) {
    System.err.println(error);
    recordExit(1, error);
    System.exit(1);
  }

  /** Writes the exit file once (the first caller wins). */
  static void recordExit(int code, String error) {
    if (workDir != null && EXIT_WRITTEN.compareAndSet(false, true)) {
      try {
        ChildFiles.writeExit(workDir, code, error);
      } catch (IOException e) {
        System.err.println("cannot record the exit code in " + workDir + ": " + e);
      }
    }
  }

  /** The wall clock the lease file's modification time is compared with (file times are wall-clock). */
  private static final java.time.Clock WALL = java.time.Clock.systemUTC();

  /** System property: the file whose modification time says the scheduler's lease was renewed. */
  public static final String LEASE_FILE_PROPERTY = "adf.job.leaseFile";

  /** System property: the job ends itself when the lease file is older than this many milliseconds. */
  public static final String LEASE_MILLIS_PROPERTY = "adf.job.leaseMillis";

  /**
   * With a shared store, the scheduler that started this job may die (SIGKILL) or freeze (SIGSTOP); its
   * windows are then adopted by another scheduler once its lease ends, and this job must be over by
   * then. When {@value #LEASE_FILE_PROPERTY} is set, a daemon thread checks the file every 100 ms and
   * ends the process (exit 137, recorded) once its modification time is more than {@value
   * #LEASE_MILLIS_PROPERTY} ms old, or the file is gone: the scheduler fences itself at the same moment,
   * a third of the lease before anyone else may adopt its windows.
   */
  static void watchLease() {
    String file = System.getProperty(LEASE_FILE_PROPERTY);
    String millis = System.getProperty(LEASE_MILLIS_PROPERTY);
    if (file == null || millis == null) {
      return;
    }
    Path lease = Path.of(file);
    long limit = Long.parseLong(millis);
    Thread t = new Thread(() -> {
      while (true) {
        long age;
        try {
          age = WALL.millis() - java.nio.file.Files.getLastModifiedTime(lease).toMillis();
        } catch (IOException e) {
          age = Long.MAX_VALUE;
        }
        if (age > limit) {
          String error = "the scheduler that started this job stopped renewing its lease ("
              + (age == Long.MAX_VALUE ? lease + " is gone" : lease + " is " + age + " ms old") + ", limit "
              + limit + " ms); the job ended itself so that another scheduler can take its window over";
          System.err.println(error);
          System.err.flush();
          recordExit(137, error);
          ExecutorMain.leaseLost(137, error);
          Runtime.getRuntime().halt(137);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      }
    }, "adf-lease-watch");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Makes SIGTERM (the engine's cooperative stop) run {@code stop} instead of shutting the JVM down:
   * the job then ends by itself (and this JVM with it) or is killed forcibly after the engine's grace.
   * Where the signal cannot be handled, SIGTERM shuts down at once (a shutdown hook still sets the
   * stop flag for jobs that watch it).
   */
  @SuppressWarnings("restriction")
  static void onSigterm(Runnable stop) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> stop.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop, "adf-job-stop"));
    }
  }

  /** The exception's type and message on one line, with the root cause's when different. */
  static String oneLine(Throwable t) {
    String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t && java.util.Objects.equals(root.getMessage(), t.getMessage())) {
      msg = root.getClass().getSimpleName() + ": " + root.getMessage(); // a rethrow on another thread
    } else if (root != t) {
      msg += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return msg.replaceAll("[\\r\\n]+", " ");
  }

  static final class UnknownJob extends Exception {
    UnknownJob(String message) {
      super(message);
    }
  }
}
