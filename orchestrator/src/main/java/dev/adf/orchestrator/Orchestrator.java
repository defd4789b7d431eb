package dev.adf.orchestrator;

import dev.adf.activities.ActivityTypes;
import dev.adf.engine.BuiltInEngine;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.compute.ClusterUriResolver;
import dev.adf.orchestrator.execution.AttemptRunner;
import dev.adf.orchestrator.execution.OrphanRecovery;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.PassResult;
import dev.adf.orchestrator.schedule.QuartzDriver;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.store.Database;
import dev.adf.orchestrator.store.JdbcStore;
import dev.adf.orchestrator.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.SchedulerException;

/**
 * One orchestrator on one home folder: the database ({@code <home>/db}), the local blob store
 * ({@code <home>/storage/<container>/<blob>}) and the built-in engine's work folders
 * ({@code <home>/engine}). Open it, deploy, run; close it.
 */
public final class Orchestrator implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Orchestrator.class);
  private final Path home;
  private final Clock clock;
  private final Settings settings;
  private final ActivityTypes types;
  private final Database database;
  private final Store store;
  private final dev.adf.orchestrator.history.RunHistory history;
  private final AtomicReference<Cached> deployed = new AtomicReference<>();

  private record Cached(List<String> versions, FactoryView view) {}

  private Orchestrator(Path home, Clock clock, Settings settings, ActivityTypes types) {
    this.home = home.toAbsolutePath().normalize();
    this.clock = clock;
    this.settings = settings;
    this.types = types;
    this.database = Database.openEmbedded(this.home);
    this.store = new JdbcStore(database);
    this.history = new dev.adf.orchestrator.store.JdbcRunHistory(database);
  }

  /**
   * Opens (creating when needed) the orchestrator state under {@code home}.
   *
   * @throws dev.adf.orchestrator.store.StoreException or Flyway's exception when the database cannot
   *     be opened or migrated
   */
  public static Orchestrator open(Path home, Clock clock, Settings settings, ActivityTypes types) {
    return new Orchestrator(home, clock, settings, types);
  }

  public Path home() {
    return home;
  }

  public Path storageRoot() {
    return home.resolve("storage");
  }

  /** Where engine logs copied at an attempt's end are kept ({@code <home>/logs/attempts}). */
  public Path attemptLogRoot() {
    return home.resolve("logs").resolve("attempts");
  }

  public Path engineRoot() {
    return home.resolve("engine");
  }

  public Store store() {
    return store;
  }

  /** The run history as the monitoring view reads it (pages, counts, events, deployments, audit log). */
  public dev.adf.orchestrator.history.RunHistory history() {
    return history;
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public ActivityTypes activityTypes() {
    return types;
  }

  /**
   * The deployed definitions. Each call (one per scheduling pass) reads only the deployed versions;
   * the JSON is read and parsed again only after a deploy changed them.
   */
  public FactoryView deployedFactory() {
    List<String> versions = store.deployedVersions();
    Cached c = deployed.get();
    if (c == null || !c.versions().equals(versions)) {
      c = new Cached(versions, new FactoryView(DeployedDefinitions.parse(store.deployedEntities())));
      deployed.set(c);
    }
    return c.view();
  }

  /**
   * Runs the scheduler (Quartz, firing a pass every {@link Settings#passInterval()}) and the
   * built-in engine.
   *
   * @param untilIdle return once a pass finds nothing to start and nothing runs; else run until the
   *     thread is interrupted
   * @return the last pass's result
   * @throws SchedulerException when Quartz cannot start on the database
   */
  public PassResult run(boolean untilIdle) throws SchedulerException, InterruptedException {
    try (RunLock lock = RunLock.acquire(home);
        BuiltInEngine engine = newEngine(engineRoot(), clock, settings)) {
      AtomicReference<QuartzDriver> driver = new AtomicReference<>();
      ClusterUriResolver resolver = new ClusterUriResolver(engine, engineRoot().toString());
      AttemptRunner runner = new AttemptRunner(store, clock, types, resolver,
          storageRoot(), settings.fileShareRoots(), attemptLogRoot(), () -> {
            QuartzDriver d = driver.get();
            if (d != null) {
              d.triggerNow();
            }
          });
      FactoryView view = deployedFactory();
      OrphanRecovery.recover(store, clock.instant(), w -> view.activity(w.key().pipeline(), w.key().activity())
          .map(a -> {
            runner.launch(a, w, view);
            return true;
          }).orElse(false));
      SchedulingPass pass = new SchedulingPass(store, this::deployedFactory,
          new BlobSliceCheck(storageRoot()), runner);
      CountDownLatch idle = new CountDownLatch(1);
      AtomicReference<PassResult> last = new AtomicReference<>();
      Runnable firing = () -> {
        long finishedBefore = runner.finishedCount();
        PassResult r = pass.run(clock.instant());
        last.set(r);
        if (untilIdle && r.idle() && runner.running().isEmpty() && runner.finishedCount() == finishedBefore) {
          idle.countDown();
        }
      };
      // Closed in reverse order: Quartz stops firing passes first, then running attempts are stopped.
      try (AttemptRunner attempts = runner;
          QuartzDriver d = new QuartzDriver(database.dataSource(), settings.quartz(), settings.passInterval(), firing)) {
        driver.set(d);
        d.start();
        idle.await();
      }
      return last.get();
    }
  }

  /**
   * The built-in engine with the settings' capacity, on {@code workRoot} (created when missing; jobs
   * found there from an earlier engine are recovered).
   */
  public static BuiltInEngine newEngine(Path workRoot, Clock clock, Settings settings) {
    return BuiltInEngine.builder(workRoot).clock(clock).cores(settings.engineCores())
        .memoryMiB(settings.engineMemoryMiB()).build();
  }

  /**
   * Holds this home's scheduler lock, as {@link #run} does, until closed: for a scheduler driven by
   * hand (tests), so that other commands see a scheduler running.
   *
   * @throws IllegalStateException when a scheduler already runs on this home
   */
  public AutoCloseable schedulerLock() {
    return RunLock.acquire(home);
  }

  /**
   * Cancels the pipeline's InProgress attempts at once when no scheduler ({@code adf run}) runs on this
   * home ({@link OrphanRecovery#cancel}); when one runs, it cancels them itself at its next pass.
   *
   * @param pipeline the pipeline's name as deployed
   * @return how many windows were canceled, or empty when a scheduler runs on this home
   */
  public java.util.OptionalInt cancelWithoutScheduler(String pipeline) {
    RunLock lock;
    try {
      lock = RunLock.acquire(home);
    } catch (IllegalStateException schedulerRuns) {
      return java.util.OptionalInt.empty();
    }
    try (lock) {
      stopOrphanedJobs(pipeline);
      return java.util.OptionalInt.of(OrphanRecovery.cancel(store, pipeline, clock.instant()));
    }
  }

  /**
   * Kills the built-in engine jobs of the pipeline's attempts left running by a scheduler that stopped
   * without recording their end (they live in their own processes). An attempt's job is on this home's
   * built-in engine when its log is under {@link #engineRoot()}; its engine job id is the Livy batch id.
   */
  private void stopOrphanedJobs(String pipeline) {
    Path root = engineRoot().toAbsolutePath().normalize();
    List<Integer> batches = new java.util.ArrayList<>();
    for (var a : store.runningAttempts()) {
      if (a.key().pipeline().equals(pipeline) && a.engineJobId() != null && a.logLocation() != null
          && Path.of(a.logLocation()).toAbsolutePath().normalize().startsWith(root)
          && a.engineJobId().matches("\\d{1,9}")) {
        batches.add(Integer.valueOf(a.engineJobId()));
      }
    }
    if (batches.isEmpty()) {
      return;
    }
    BuiltInEngine engine = newEngine(engineRoot(), clock, settings);
    try {
      var local = new dev.adf.engine.livy.EngineBatches(engine, root.toString());
      for (int id : batches) {
        try {
          local.delete(id);
        } catch (dev.adf.engine.livy.LivyException e) {
          LOG.warn("could not stop engine job {} of pipeline {}: {}", id, pipeline, e.getMessage());
        }
      }
    } finally {
      engine.closeLeavingJobsRunning(); // other pipelines' orphans are left for their own recovery
    }
  }

  @Override
  public void close() {
    database.close();
  }
}
