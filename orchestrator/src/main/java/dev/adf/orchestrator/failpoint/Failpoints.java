package dev.adf.orchestrator.failpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Named places in the orchestrator where a crash test stops it, after etcd's gofail and TiKV's fail-rs:
 * off unless the system property {@value #PROPERTY} (or the environment variable {@value #VARIABLE})
 * names a point. The setting is a comma-separated list of {@code point=action}; actions:
 *
 * <ul>
 *   <li>{@code pause}: the thread that reaches the point writes the marker file {@code
 *       <dir>/<point>.paused} (holding this process's pid, written under a temporary name and moved
 *       into place, so a reader never sees it half-written) and blocks for good, so that a test can
 *       SIGKILL the process at exactly that place. {@code <dir>} is the system property {@value
 *       #DIR_PROPERTY} (or {@value #DIR_VARIABLE}), else the working directory.
 *   <li>{@code halt}: the process ends at once with exit code 137, as after SIGKILL ({@link
 *       Runtime#halt}: no shutdown hook runs, nothing more is written).
 * </ul>
 *
 * <p>Only the first thread to reach a point acts on it; later ones pass (so one pause leaves the other
 * attempts of a backfill going, as a kill at that instant would find them). The points are named after
 * the phases they stop ({@link #POINTS}); a setting naming another point is refused at start, so a
 * typing error cannot make a crash test pass without crashing ({@link #refused}: the CLI exits 2). When off, {@link #hit} is one read of a
 * {@code static final} field, which the JIT removes.
 */
public final class Failpoints {
  /** System property naming the points and their actions, e.g. {@code attempt.submitted=pause}. */
  public static final String PROPERTY = "adf.failpoints";
  /** Environment variable read when {@link #PROPERTY} is not set. */
  public static final String VARIABLE = "ADF_FAILPOINTS";
  /** System property: the folder for the {@code pause} marker files. */
  public static final String DIR_PROPERTY = "adf.failpoints.dir";
  /** Environment variable read when {@link #DIR_PROPERTY} is not set. */
  public static final String DIR_VARIABLE = "ADF_FAILPOINTS_DIR";

  /** The attempt's window is claimed (InProgress and its attempt row committed); nothing is submitted. */
  public static final String ATTEMPT_CLAIMED = "attempt.claimed";
  /** The engine accepted the attempt's job; its id is not recorded in the store yet. */
  public static final String ATTEMPT_SUBMITTED = "attempt.submitted";
  /** The job's id is recorded (committed); the job runs. */
  public static final String ATTEMPT_RUNNING = "attempt.running";
  /** The activity returned (its job ended); its end is not recorded yet. */
  public static final String ATTEMPT_ENDED = "attempt.ended";
  /** Inside the transaction that records attempt ends, every statement run, before its commit. */
  public static final String ATTEMPT_RECORDING = "attempt.recording";
  /** The end's transaction committed; the next pass is not asked for yet. */
  public static final String ATTEMPT_RECORDED = "attempt.recorded";
  /** {@code adf deploy}: stored versions resealed (their own transaction); the deploy's not begun. */
  public static final String DEPLOY_RESEALED = "deploy.resealed";
  /** Inside the deploy's transaction: entities written, the first chunk of windows written. */
  public static final String DEPLOY_WINDOWS = "deploy.windows";
  /** Inside the deploy's transaction, everything written, before its commit. */
  public static final String DEPLOY_COMMIT = "deploy.commit";

  /** Every point there is. */
  public static final Set<String> POINTS = Set.of(ATTEMPT_CLAIMED, ATTEMPT_SUBMITTED, ATTEMPT_RUNNING,
      ATTEMPT_ENDED, ATTEMPT_RECORDING, ATTEMPT_RECORDED, DEPLOY_RESEALED, DEPLOY_WINDOWS, DEPLOY_COMMIT);

  private enum Action { PAUSE, HALT }

  /** Why the setting was refused, or null. */
  private static final String REFUSED;

  /** Null when off (the usual case): then {@link #hit} does nothing. */
  private static final Map<String, Action> ACTIVE;

  static {
    Map<String, Action> active = null;
    String refused = null;
    try {
      active = parse(setting(PROPERTY, VARIABLE));
    } catch (IllegalArgumentException e) {
      refused = e.getMessage();
    }
    ACTIVE = active;
    REFUSED = refused;
  }

  private static final Set<String> FIRED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Failpoints() {}

  /**
   * Checks the setting (the CLI calls it before any command).
   *
   * @return null when the setting is absent or valid, else why it is refused (one line, naming the
   *     entry and the known points)
   */
  public static String refused() {
    return REFUSED;
  }

  /**
   * The place {@code point} (one of {@link #POINTS}) is reached: does what the setting says for it, or
   * nothing.
   */
  public static void hit(String point) {
    if (ACTIVE == null) {
      return;
    }
    Action a = ACTIVE.get(point);
    if (a == null || !FIRED.add(point)) {
      return;
    }
    if (a == Action.HALT) {
      System.err.println("adf failpoint " + point + ": halting");
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
    pause(point);
  }

  private static void pause(String point) {
    String d = setting(DIR_PROPERTY, DIR_VARIABLE);
    Path dir = Path.of(d == null ? "." : d);
    Path marker = dir.resolve(point + ".paused");
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, point, ".tmp");
      Files.writeString(tmp, String.valueOf(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
      Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("adf failpoint " + point + ": cannot write " + marker + ": " + e);
    }
    System.err.println("adf failpoint " + point + ": paused in thread " + Thread.currentThread().getName());
    while (true) {
      LockSupport.park(Failpoints.class); // an interrupt does not end the pause: only the kill does
    }
  }

  private static String setting(String property, String variable) {
    String v = System.getProperty(property);
    return v != null ? v : System.getenv(variable);
  }

  /**
   * @throws IllegalArgumentException for an entry that is not {@code point=pause|halt} of a known point
   */
  static Map<String, Action> parse(String setting) {
    if (setting == null || setting.isBlank()) {
      return null;
    }
    Map<String, Action> m = new LinkedHashMap<>();
    for (String entry : setting.split(",")) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      String point = eq < 0 ? e : e.substring(0, eq).trim();
      String action = eq < 0 ? "" : e.substring(eq + 1).trim();
      if (!POINTS.contains(point) || !(action.equals("pause") || action.equals("halt"))) {
        throw new IllegalArgumentException(PROPERTY + " entry '" + e + "' is not POINT=pause or POINT=halt with"
            + " POINT one of " + new java.util.TreeSet<>(POINTS));
      }
      m.put(point, action.equals("pause") ? Action.PAUSE : Action.HALT);
    }
    return m;
  }
}
