package dev.adf.orchestrator;

import dev.adf.activities.ActivityTypes;
import dev.adf.engine.BuiltInEngine;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.compute.ClusterUriResolver;
import dev.adf.orchestrator.execution.AttemptRunner;
import dev.adf.orchestrator.execution.OrphanRecovery;
import dev.adf.orchestrator.execution.Reconciler;
import dev.adf.orchestrator.execution.StoreRetries;
import dev.adf.orchestrator.execution.SchedulerLease;
import dev.adf.orchestrator.schedule.PassDriver;
import dev.adf.orchestrator.schedule.TimerDriver;
import dev.adf.orchestrator.secrets.SecretKeys;
import dev.adf.orchestrator.store.SchedulerNodes;
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
  private final java.util.function.Function<String, String> environment;
  private final SecretKeys secretKeys;

  private record Cached(List<String> versions, FactoryView view) {}

  private Orchestrator(Path home, Clock clock, Settings settings, ActivityTypes types,
      java.util.function.Function<String, String> environment) {
    this.home = home.toAbsolutePath().normalize();
    this.environment = environment;
    this.secretKeys = new SecretKeys(this.home, environment);
    this.clock = clock;
    this.settings = settings;
    this.types = types;
    this.database = settings.store() == null ? Database.openEmbedded(this.home)
        : Database.open(settings.store().url(), settings.store().user(), settings.store().password(),
            // a frozen scheduler's locks are gone well before its lease ends
            java.time.Duration.ofMillis(Math.max(2_000, settings.lease().toMillis() / 4)));
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
    return open(home, clock, settings, types, System::getenv);
  }

  /**
   * As {@link #open(Path, Clock, Settings, ActivityTypes)}, with {@code environment} as this process's
   * environment: the {@code ${env:…}} references of environment configs and deployed secrets, and the
   * secret key ({@link SecretKeys}) are looked up there.
   */
  public static Orchestrator open(Path home, Clock clock, Settings settings, ActivityTypes types,
      java.util.function.Function<String, String> environment) {
    return new Orchestrator(home, clock, settings, types, environment);
  }

  /** The environment this orchestrator resolves {@code ${env:…}} references in. */
  public java.util.function.Function<String, String> environment() {
    return environment;
  }

  /** Where the key sealing the deployed definitions' secrets comes from. */
  public SecretKeys secretKeys() {
    return secretKeys;
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
   * The deployed definitions with their secrets opened: references resolved from {@link #environment()},
   * sealed values opened with the secret key ({@link DeployedDefinitions#open}); a secret that cannot
   * be opened makes the attempts that need it fail ({@link FactoryView#unavailableSecrets}). Each call
   * (one per scheduling pass) reads only the deployed versions; the JSON is read, opened and parsed
   * again only after a deploy changed them.
   */
  public FactoryView deployedFactory() {
    List<String> versions = store.deployedVersions();
    Cached c = deployed.get();
    if (c == null || !c.versions().equals(versions)) {
      c = new Cached(versions, DeployedDefinitions.open(store.deployedEntities(), environment, secretKeys));
      deployed.set(c);
    }
    return c.view();
  }

  /** True when several schedulers may share this orchestrator's database ({@code store.url}). */
  public boolean sharedStore() {
    return settings.store() != null;
  }

  /** The schedulers' leases in this orchestrator's database. */
  public SchedulerNodes schedulers() {
    return new SchedulerNodes(database.dataSource(), database.dialect());
  }

  /**
   * Runs the scheduler and the built-in engine. On the embedded store, Quartz fires a pass every {@link
   * Settings#passInterval()}; on a shared store this process registers as one of several schedulers
   * ({@link SchedulerLease}), fires its own passes ({@link TimerDriver}), and before each pass adopts
   * the windows of schedulers whose lease ended and reconciles the windows it owns but does not run.
   *
   * @param untilIdle return once a pass finds nothing to start and nothing runs here; else run until
   *     the thread is interrupted
   * @return the last pass's result
   * @throws SchedulerException when Quartz cannot start on the database
   * @throws IllegalStateException when another scheduler adopted this one (its lease had ended, say
   *     after SIGSTOP): it stopped its attempts and must be started again
   */
  public PassResult run(boolean untilIdle) throws SchedulerException, InterruptedException {
    SchedulerNodes nodes = schedulers();
    Path engineRoot = engineRoot().toAbsolutePath().normalize();
    Path leaseFile = engineRoot.resolve("scheduler.lease");
    Settings engineSettings = settings;
    java.util.List<String> childOptions = sharedStore()
        ? java.util.List.of("-D" + dev.adf.engine.child.JobMain.LEASE_FILE_PROPERTY + "=" + leaseFile,
            "-D" + dev.adf.engine.child.JobMain.LEASE_MILLIS_PROPERTY + "="
                + settings.lease().multipliedBy(2).dividedBy(3).toMillis())
        : java.util.List.of();
    AtomicReference<AttemptRunner> runnerRef = new AtomicReference<>();
    try (RunLock lock = RunLock.acquire(home);
        SchedulerLease lease = SchedulerLease.acquire(nodes, hostName(), ProcessHandle.current().pid(), engineRoot,
            settings.lease(), sharedStore() ? leaseFile : null, sharedStore() ? () -> {
              AttemptRunner r = runnerRef.get();
              if (r != null) {
                r.stopAll();
              }
              // the lease file's time is compared with the OS wall clock by the jobs, whatever clock runs windows
            } : null, Clock.systemUTC());
        BuiltInEngine engine = newEngine(engineRoot(), clock, engineSettings, childOptions)) {
      Store nodeStore = store.forNode(lease.id());
      AtomicReference<PassDriver> driver = new AtomicReference<>();
      ClusterUriResolver resolver = new ClusterUriResolver(engine, engineRoot().toString());
      AttemptRunner runner = new AttemptRunner(nodeStore, clock, types, resolver,
          storageRoot(), settings.fileShareRoots(), attemptLogRoot(), () -> {
            PassDriver d = driver.get();
            if (d != null) {
              d.triggerNow();
            }
          });
      runner.guard(lease::mayStart);
      if (!sharedStore()) {
        // An end claims its activity's next ready window (issue 15). Not on a shared store: there the
        // scheduler whose ends refill an activity's places would keep them all, and the others, which
        // claim in passes, would never find one free (ClusterRunTest: one of three ran nothing).
        runner.refillFromReserve();
      }
      runnerRef.set(runner);
      LOG.info("scheduler {} started on {}", lease.node().label(), sharedStore() ? settings.store().url()
          : "the embedded store " + home.resolve("db"));
      // This process holds the home's run lock, so an earlier scheduler on this home is dead: its windows
      // are taken now, without waiting for its lease to end (its jobs on this engine are resumed).
      // Each step may run again (a store call that failed, or whose commit was lost, is retried): an
      // adoption of a node no longer Live and a take of no unowned window change nothing.
      for (SchedulerNodes.Node n : StoreRetries.call("listing the live schedulers", nodes::live)) {
        boolean sameHome = n.engineRoot().equals(engineRoot.toString()) && n.host().equals(hostName());
        if (n.id() != lease.id() && (!sharedStore() || sameHome)) {
          StoreRetries.call("adopting scheduler #" + n.id(), () -> nodes.adopt(n.id(), lease.id(), false)).ifPresent(a ->
              LOG.warn("scheduler {} took {} active windows of {}, which stopped on this home without ending them",
                  lease.node().label(), a.windows().size(), a.node().label()));
        }
      }
      if (!sharedStore()) {
        StoreRetries.call("taking the unowned active windows", () -> nodes.adoptUnowned(lease.id()));
      }
      Reconciler reconciler = new Reconciler(nodes, nodeStore, lease, runner, engineRoot);
      reconciler.resumeWith(w -> {
        FactoryView view = deployedFactory();
        return view.activity(w.key().pipeline(), w.key().activity()).map(a -> {
          runner.launch(a, w, view);
          return true;
        }).orElse(false);
      });
      reconciler.submittedWith(a -> submittedBatch(a, resolver));
      reconciler.reconcile(clock.instant(), "the orchestrator stopped", null);
      lease.start();
      SchedulingPass pass = new SchedulingPass(nodeStore, this::deployedFactory,
          new BlobSliceCheck(storageRoot()), runner).stampClaimsWith(clock::instant);
      CountDownLatch idle = new CountDownLatch(1);
      AtomicReference<PassResult> last = new AtomicReference<>();
      // Windows this scheduler owns but does not run: a claim whose commit's outcome was lost (the pass
      // failed), an end it could not record, or an orphan of the last scheduler (the reconcile at start
      // failed). A shared store reconciles at every pass (adopted windows too); the embedded store only
      // after such a failure, so a healthy pass reads nothing more.
      java.util.concurrent.atomic.AtomicBoolean passFailed = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicLong unrecordedSeen = new java.util.concurrent.atomic.AtomicLong();
      Runnable firing = () -> {
        if (lease.lost()) {
          idle.countDown();
          return;
        }
        long finishedBefore = runner.finishedCount();
        if (sharedStore()) {
          reconciler.adoptExpired(clock.instant());
        }
        long unrecorded = runner.unrecordedCount() + runner.claimsInDoubtCount();
        if (sharedStore() || !reconciler.settled() || passFailed.getAndSet(false)
            || unrecordedSeen.getAndSet(unrecorded) != unrecorded) {
          reconciler.reconcile(clock.instant(), "this scheduler could not record the attempt's claim or end", null);
        }
        if (!lease.mayStart()) {
          return; // fenced: no pass until a renewal succeeds
        }
        PassResult r;
        try {
          r = pass.run(clock.instant());
        } catch (RuntimeException e) {
          passFailed.set(true);
          throw e;
        }
        last.set(r);
        if (untilIdle && r.idle() && runner.running().isEmpty() && runner.finishedCount() == finishedBefore
            && reconciler.settled()) {
          idle.countDown();
        }
      };
      // Closed in reverse order: passes stop first, then running attempts are stopped and recorded.
      try (AttemptRunner attempts = runner;
          PassDriver d = sharedStore() ? new TimerDriver(settings.passInterval(), firing)
              : new QuartzDriver(settings.quartz(), settings.passInterval(), firing)) {
        driver.set(d);
        try {
          d.start();
        } catch (SchedulerException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        idle.await();
      }
      if (lease.lost()) {
        throw new IllegalStateException("scheduler " + lease.node().label() + " lost its lease: another scheduler"
            + " adopted its windows after it could not renew the lease for " + settings.lease().toSeconds()
            + " s; its attempts were stopped. Start adf run again.");
      }
      return last.get();
    }
  }

  /**
   * Whether the engine the attempt's activity submits to (its HDInsight linked service's clusterUri: the
   * built-in engine, {@code adf engine serve} or Livy; the built-in engine for other types) holds a batch
   * named by the attempt's idempotency key that is not over without success (running, queued, or
   * succeeded): the job of an attempt killed between the engine's accepting it and the record of its id.
   * A batch that failed, was lost or killed is not resumed (the attempt is recorded lost and its window
   * runs again without using up its policy); an engine that cannot be asked counts as holding none.
   */
  private boolean submittedBatch(dev.adf.orchestrator.store.Attempt a, ClusterUriResolver resolver) {
    String name = dev.adf.activities.hdinsight.HDInsightMapReduceActivity.batchName(a.idempotencyKey());
    dev.adf.engine.livy.LivyBatches batches = resolver.builtIn();
    try {
      FactoryView view = deployedFactory();
      var activity = view.activity(a.key().pipeline(), a.key().activity()).map(x -> x.activity()).orElse(null);
      String compute = activity == null ? null : activity.linkedServiceName();
      var ls = compute == null ? null : view.factory().linkedService(compute).orElse(null);
      if (ls != null && "HDInsight".equalsIgnoreCase(ls.type())) {
        batches = resolver.engineFor(new dev.adf.activities.LinkedServiceInfo(ls.name(), ls.type(), ls.typeProperties()));
      }
      return batches.get(name).map(b -> dev.adf.engine.livy.LivyState.parse(b.state()))
          .filter(st -> !st.isFinal() || st.isSuccess()).isPresent();
    } catch (dev.adf.engine.livy.LivyException | RuntimeException e) {
      LOG.warn("{}: cannot ask {} whether attempt {}'s batch {} exists ({}); the attempt is recorded lost", a.key(),
          batches.describe(), a.number(), name, e.getMessage());
      return false;
    }
  }

  /** This machine's host name, or "localhost" when it cannot be found. */
  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      String h = System.getenv("HOSTNAME");
      return h == null || h.isBlank() ? "localhost" : h;
    }
  }

  /**
   * The built-in engine with the settings' capacity, on {@code workRoot} (created when missing; jobs
   * found there from an earlier engine are recovered).
   */
  public static BuiltInEngine newEngine(Path workRoot, Clock clock, Settings settings) {
    return newEngine(workRoot, clock, settings, java.util.List.of());
  }

  /** As {@link #newEngine(Path, Clock, Settings)}, with JVM options for every job's child JVM. */
  static BuiltInEngine newEngine(Path workRoot, Clock clock, Settings settings, java.util.List<String> childOptions) {
    return BuiltInEngine.builder(workRoot).clock(clock).cores(settings.engineCores())
        .memoryMiB(settings.engineMemoryMiB()).jvmOptions(childOptions).warmExecutors(settings.warmExecutors())
        .classDataDir(classDataDir()).build();
  }

  /** The launcher's class-data folder ({@code -Dadf.cds.dir}, set by {@code ./adf}), or null. */
  private static Path classDataDir() {
    String dir = System.getProperty("adf.cds.dir");
    return dir == null || dir.isBlank() ? null : Path.of(dir);
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
   * home ({@link OrphanRecovery#cancel}) and, on a shared store, none holds a current lease anywhere;
   * when one runs, it cancels them itself at its next pass (each scheduler its own attempts).
   *
   * @param pipeline the pipeline's name as deployed
   * @return how many windows were canceled, or empty when a scheduler runs
   */
  public java.util.OptionalInt cancelWithoutScheduler(String pipeline) {
    if (sharedStore()) {
      java.time.Instant now = schedulers().databaseNow();
      if (schedulers().live().stream().anyMatch(n -> n.leaseUntil().isAfter(now))) {
        return java.util.OptionalInt.empty();
      }
    }
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
