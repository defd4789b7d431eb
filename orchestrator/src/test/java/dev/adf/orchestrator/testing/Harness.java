package dev.adf.orchestrator.testing;

import dev.adf.activities.ActivityTypes;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.testing.MutableClock;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.compute.ClusterUriResolver;
import dev.adf.orchestrator.execution.AttemptRunner;
import dev.adf.orchestrator.schedule.PassResult;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.WindowQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real orchestrator stack (H2 file database, store, scheduling pass, attempt runner, built-in
 * engine) on a temp folder, holding the home's scheduler lock like {@code adf run}, driven by hand
 * with a {@link MutableClock}: tests call {@link #pass()}
 * and wait for attempts with {@link #awaitAttempts()}, never sleeping.
 */
public final class Harness implements AutoCloseable {
  /**
   * How long the harness waits for attempts: 60 s, or system property {@code adf.test.attemptWaitSeconds}
   * (the Spark integration tests, whose jobs start JVMs on a cluster, wait longer).
   */
  public static final Duration ATTEMPT_WAIT = Duration.ofSeconds(Long.getLong("adf.test.attemptWaitSeconds", 60));

  public final MutableClock clock;
  public final Orchestrator orchestrator;
  public final BuiltInEngine engine;
  public final AttemptRunner runner;
  public final SchedulingPass pass;
  private final AutoCloseable schedulerLock;

  public Harness(Path home, Instant now) {
    this(home, now, 2);
  }

  /** A harness whose built-in engine has {@code engineCores} cores. */
  public Harness(Path home, Instant now, int engineCores) {
    this(home, now, engineCores, Settings.defaults(), System::getenv);
  }

  /**
   * A harness on {@code settings} (a shared store, say) whose orchestrator sees {@code env} as its
   * environment ({@code ${env:…}} references, {@code ADF_SECRET_KEY}).
   */
  public Harness(Path home, Instant now, int engineCores, Settings settings,
      java.util.function.Function<String, String> env) {
    clock = new MutableClock(now);
    orchestrator = Orchestrator.open(home, clock, settings, ActivityTypes.builtIn(), env);
    schedulerLock = orchestrator.schedulerLock(); // a scheduler runs here, as with adf run
    engine = new BuiltInEngine(orchestrator.engineRoot(), clock, engineCores);
    runner = new AttemptRunner(orchestrator.store(), clock, ActivityTypes.builtIn(),
        new ClusterUriResolver(engine, orchestrator.engineRoot().toString()), orchestrator.storageRoot(),
        orchestrator.settings().fileShareRoots(), orchestrator.attemptLogRoot(), () -> {});
    pass = new SchedulingPass(orchestrator.store(), orchestrator::deployedFactory,
        new BlobSliceCheck(orchestrator.storageRoot()), runner);
  }

  /** Deploys and fails the test when the deploy is refused. */
  public Deployer.Report deploy(Path folder, Path config) {
    Deployer.Report r = new Deployer(orchestrator).deploy(List.of(folder), config);
    if (r.refused()) {
      throw new AssertionError("deploy refused: " + r.problems());
    }
    return r;
  }

  public PassResult pass() {
    return pass.run(clock.instant());
  }

  /** Waits (bounded) until no attempt runs. */
  public void awaitAttempts() throws InterruptedException {
    if (!runner.awaitIdle(ATTEMPT_WAIT)) {
      throw new AssertionError("attempts still running after " + ATTEMPT_WAIT + ": " + runner.running());
    }
  }

  /**
   * Waits (bounded) until the latest attempt of the only window has an engine job that is RUNNING, so
   * a timeout or shutdown that follows has a job to stop.
   */
  public dev.adf.engine.JobId awaitJobRunning() throws InterruptedException {
    long deadline = System.nanoTime() + ATTEMPT_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Attempt> attempts = attempts(windows().get(0));
      String job = attempts.get(attempts.size() - 1).engineJobId();
      if (job != null) {
        dev.adf.engine.JobId id = engineJob(attempts.get(attempts.size() - 1));
        engine.awaitState(id, dev.adf.engine.JobState.RUNNING, ATTEMPT_WAIT);
        return id;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
    }
    throw new AssertionError("the attempt submitted no engine job within " + ATTEMPT_WAIT);
  }

  /**
   * The built-in engine's job of an attempt: the attempt records the Livy batch id, which is the job's
   * {@link dev.adf.engine.JobStatus#number()}.
   */
  public dev.adf.engine.JobId engineJob(Attempt a) {
    int number = Integer.parseInt(a.engineJobId());
    return engine.jobs().stream().filter(j -> j.number() == number).findFirst()
        .orElseThrow(() -> new AssertionError("no engine job number " + number)).id();
  }

  /** Runs passes until the only window has {@code n} attempts (bounded). */
  public void awaitAttemptCount(int n) throws InterruptedException {
    long deadline = System.nanoTime() + ATTEMPT_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (attempts(windows().get(0)).size() >= n) {
        return;
      }
      pass();
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
    }
    throw new AssertionError("the window did not reach " + n + " attempts within " + ATTEMPT_WAIT);
  }

  /** Passes and waits until a pass starts nothing and finds nothing running. */
  public void runUntilIdle() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      PassResult r = pass();
      awaitAttempts();
      if (r.started() == 0 && r.timedOut() == 0 && r.running() == 0) { // engine jobs take a JVM start each
        return;
      }
    }
    throw new AssertionError("the scheduler did not become idle in 100 passes");
  }

  public List<ActivityWindow> windows() {
    return orchestrator.store().windows(WindowQuery.ALL);
  }

  public List<Attempt> attempts(ActivityWindow w) {
    return orchestrator.store().attempts(w.key());
  }

  /** The repository root (holds samples/ and conf/). */
  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("samples/ADFJsons"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (samples/ADFJsons) above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  @Override
  public void close() throws Exception {
    runner.close();
    engine.close();
    schedulerLock.close();
    orchestrator.close();
  }
}
