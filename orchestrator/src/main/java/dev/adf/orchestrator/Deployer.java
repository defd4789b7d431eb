package dev.adf.orchestrator;

import dev.adf.activities.Activity;
import dev.adf.activities.ActivityDefinition;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.DeployProblem;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.orchestrator.definition.Entity;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.PipelineActivity;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.secrets.SealedJson;
import dev.adf.orchestrator.secrets.SecretCipher;
import dev.adf.orchestrator.secrets.SecretException;
import java.util.function.Supplier;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.StoredEntity;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.window.WindowRange;
import dev.adf.orchestrator.window.Windows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Validates and deploys a folder of definitions: all or nothing. Nothing deployed before changes
 * when any ERROR is found. {@link #plan} shows what {@link #deploy} would do and changes nothing; both
 * share every step but the store's last one ({@link Store#deploy} or {@link Store#plan}, which runs the
 * same code rolled back), so a plan cannot drift from the deploy.
 */
public final class Deployer {
  /**
   * At most this many activity windows of one activity are laid out by a deploy (past windows and
   * those up to now + {@link SchedulingPass#LAYOUT_LOOKAHEAD}); a layout beyond it is refused. Ten
   * years of hourly windows are 87,600 and of 15-minute windows 350,400; an hourly pipeline whose
   * start was left at 0001-01-01 would be 17.7 million, a mistake rather than a backfill.
   */
  public static final long MAX_WINDOWS_PER_ACTIVITY = 1_000_000;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Deployer.class);

  private final Orchestrator orchestrator;
  private final boolean replaceSecrets;

  public Deployer(Orchestrator orchestrator) {
    this(orchestrator, false);
  }

  /**
   * @param replaceSecrets when a deployed entity holds secrets this process cannot open (sealed with a
   *     key it does not have), store the new definitions sealed with this process's key instead of
   *     refusing; for a key that is lost for good
   */
  public Deployer(Orchestrator orchestrator, boolean replaceSecrets) {
    this.orchestrator = orchestrator;
    this.replaceSecrets = replaceSecrets;
  }

  /**
   * The result of a deploy.
   *
   * @param problems every problem found (errors and warnings), in file order
   * @param files how many JSON files were read
   * @param outcome what changed (for a plan: what would change), or null when refused
   * @param at the clock reading the deploy (or plan) was made at (UTC), or null when refused
   */
  public record Report(List<Problem> problems, int files, Store.DeployOutcome outcome, Instant at) {
    public boolean refused() {
      return outcome == null;
    }
  }

  /**
   * Validates {@code paths} with the environment config, checks that every activity can run here,
   * then stores the definitions and lays out their activity windows (up to now +
   * {@link SchedulingPass#LAYOUT_LOOKAHEAD}, now from the orchestrator's clock, UTC) in one
   * transaction.
   *
   * @param paths folders (recursively) or files of ADF JSON
   * @param config an environment config file, or null
   * @return the problems and, unless refused (any error), what changed
   * @throws dev.adf.orchestrator.store.StoreException when the database fails; then nothing changed
   */
  public Report deploy(List<Path> paths, Path config) {
    return deploy(paths, config, new LayoutProgress());
  }

  /**
   * As {@link #deploy(List, Path)}, counting the windows laid out into {@code progress} as the store
   * reconciles them, for a progress line read from another thread. Atomicity is the same: the count
   * moves inside the one transaction.
   */
  public Report deploy(List<Path> paths, Path config, LayoutProgress progress) {
    return run(paths, config, orchestrator.store()::deploy, progress, false);
  }

  /**
   * What {@link #deploy} with the same arguments would do now, changing nothing: the same validation,
   * the same layout at the same clock reading, and the store's {@link Store#plan}, which runs the
   * deploy's own code and rolls it back. The deployed entities, the windows and the deployment counter
   * stay as they are.
   *
   * @param paths as for {@link #deploy}
   * @param config as for {@link #deploy}
   * @return as for {@link #deploy}; the outcome is what a deploy would do, {@code deployment()} the
   *     number it would get
   * @throws dev.adf.orchestrator.store.StoreException when the database fails
   */
  public Report plan(List<Path> paths, Path config) {
    return plan(paths, config, new LayoutProgress());
  }

  /** As {@link #plan(List, Path)}, counting the windows into {@code progress} as a deploy does. */
  public Report plan(List<Path> paths, Path config, LayoutProgress progress) {
    return run(paths, config, orchestrator.store()::plan, progress, true);
  }

  /** {@link Store#deploy} or {@link Store#plan}: the only step where deploy and plan differ. */
  @FunctionalInterface
  private interface StoreStep {
    Store.DeployOutcome apply(List<StoredEntity> entities,
        java.util.Map<Store.ActivityRef, ? extends Iterable<dev.adf.orchestrator.window.TimeWindow>> windows,
        String source, Instant at);
  }

  private Report run(List<Path> paths, Path config, StoreStep step, LayoutProgress progress, boolean plan) {
    Definitions.Loaded loaded = Definitions.load(paths, config, dev.adf.orchestrator.definition.DefinitionLoader.Scope.SET,
        orchestrator.environment());
    List<Problem> problems = new ArrayList<>(loaded.problems());
    if (loaded.factory() != null) {
      problems.addAll(runnability(loaded));
    }
    if (loaded.factory() == null || problems.stream().anyMatch(Problem::isError)) {
      return new Report(problems, loaded.files().size(), null, null);
    }
    Factory factory = loaded.factory();
    List<StoredEntity> entities;
    try {
      entities = sealed(factory, plan, problems);
    } catch (SecretException e) {
      problems.add(Problem.error(loaded.files().isEmpty() ? Path.of(".") : loaded.files().get(0), "", 0, 0,
          e.getMessage()));
      return new Report(problems, loaded.files().size(), null, null);
    }
    if (problems.stream().anyMatch(Problem::isError)) {
      return new Report(problems, loaded.files().size(), null, null);
    }
    Instant now = orchestrator.clock().instant();
    FactoryView view = new FactoryView(factory);
    var layout = view.layout(now, now.plus(SchedulingPass.LAYOUT_LOOKAHEAD));
    for (var a : view.activities()) {
      if (a.pipeline().oneTime() && a.pipeline().start() == null) {
        // A OneTime pipeline without a start keeps the window its first deploy gave it: redeploying
        // it later does not run it again.
        orchestrator.store().latestWindowEnd(a.ref()).ifPresent(end ->
            layout.put(a.ref(), List.of(Windows.windowContaining(a.grid(), end.minusNanos(1)))));
      }
      if (layout.get(a.ref()) instanceof WindowRange r && r.size() > MAX_WINDOWS_PER_ACTIVITY) {
        problems.add(loaded.problemAt(a.pipeline().source().path(), "/properties/start",
            String.format(java.util.Locale.ROOT, "activity '%s' of pipeline '%s' would have %,d activity windows"
                + " (%s×%d from %s to %s); at most %,d are laid out: move start closer to now",
                a.activity().name(), a.pipeline().name(), r.size(), a.grid().frequency(), a.grid().interval(),
                r.from(), r.to(), MAX_WINDOWS_PER_ACTIVITY)));
      }
    }
    if (problems.stream().anyMatch(Problem::isError)) {
      return new Report(problems, loaded.files().size(), null, null);
    }
    String source = String.join(", ", paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    return new Report(problems, loaded.files().size(), step.apply(entities, progress.watch(layout), source, now),
        now);
  }

  /**
   * The entities as they are stored ({@link SealedJson}): secrets from {@code ${env:…}} as references,
   * other secrets sealed with the secret key. An entity whose content (clear values and references)
   * equals the deployed version's keeps that version's stored text, so that it shows no change.
   * Before a deploy (not a plan) stored versions still holding clear secrets are sealed
   * ({@link Store#resealVersions}).
   *
   * @param problems gets an error per deployed entity whose secrets this process cannot open, unless
   *     {@link #replaceSecrets}
   * @throws SecretException when there is no usable key to seal with
   */
  private List<StoredEntity> sealed(Factory factory, boolean plan, List<Problem> problems) {
    // A plan creates no key file: with no key yet it seals (for comparison only) with a key in memory.
    Supplier<SecretCipher> cipher = DeployedDefinitions.memo(plan ? orchestrator.secretKeys()::existingOrEphemeral
        : orchestrator.secretKeys()::orCreate);
    if (!plan) {
      int n = orchestrator.store().resealVersions(json -> SealedJson.resealed(json, cipher));
      dev.adf.orchestrator.failpoint.Failpoints.hit(dev.adf.orchestrator.failpoint.Failpoints.DEPLOY_RESEALED);
      if (n > 0) {
        LOG.warn("sealed the secrets of {} entity versions stored in clear by an earlier version; their old bytes"
            + " may stay in the database's free space until it is compacted ({})", n, orchestrator.sharedStore()
            ? "PostgreSQL: VACUUM FULL entity_version, then CHECKPOINT"
            : "H2: stop every adf process on this home, then run SHUTDOWN COMPACT on " + orchestrator.home()
                .resolve("db/adf") + " with H2's org.h2.tools.Shell");
      }
    }
    java.util.Map<String, StoredEntity> deployed = new java.util.HashMap<>();
    orchestrator.store().deployedEntities().forEach(d -> deployed.put(FactoryView.entityKey(d.kind(), d.name()), d));
    List<StoredEntity> out = new ArrayList<>();
    for (Entity e : factory.entities()) {
      String kind = kind(e);
      String json = e.source().json();
      java.util.Map<String, String> refs = e.source().envReferences();
      String file = e.source().path().getFileName().toString();
      StoredEntity old = deployed.get(FactoryView.entityKey(kind, e.name()));
      if (old != null) {
        boolean same;
        try {
          same = SealedJson.sameContent(json, refs, old.json(), cipher);
        } catch (SecretException cannotOpen) {
          if (!replaceSecrets) {
            problems.add(Problem.error(e.source().path(), "", 0, 0, kind + " '" + e.name()
                + "' as deployed holds secrets this process cannot open: " + cannotOpen.getMessage()));
            continue;
          }
          same = false;
        }
        if (same) {
          out.add(new StoredEntity(kind, e.name(), 0, file, old.json(), old.sha256()));
          continue;
        }
      }
      String stored = SealedJson.seal(json, refs, cipher);
      out.add(new StoredEntity(kind, e.name(), 0, file, stored, sha256(stored)));
    }
    return out;
  }

  /**
   * Activities whose type this orchestrator cannot run are deploy errors (they would never run), and
   * so is what an activity type's own check ({@link Activity#check}) finds wrong: a Copy between stores
   * or formats it does not support. Its warnings are reported too.
   */
  private List<Problem> runnability(Definitions.Loaded loaded) {
    List<Problem> out = new ArrayList<>();
    for (var p : loaded.factory().pipelines()) {
      for (int i = 0; i < p.activities().size(); i++) {
        PipelineActivity a = p.activities().get(i);
        var type = orchestrator.activityTypes().find(a.type());
        if (type.isEmpty()) {
          out.add(loaded.problemAt(p.source().path(), "/properties/activities/" + i + "/type",
              "activity '" + a.name() + "' of pipeline '" + p.name() + "' has type " + a.type()
                  + ", which cannot run on this orchestrator; types that run here: "
                  + orchestrator.activityTypes().names()));
          continue;
        }
        String at = "/properties/activities/" + i;
        for (DeployProblem dp : type.get().check(definition(loaded.factory(), p.name(), a))) {
          Path file = p.source().path();
          String pointer = at + dp.pointer();
          if (dp.dataset() != null) {
            var d = loaded.factory().dataset(dp.dataset());
            if (d.isPresent()) {
              file = d.get().source().path();
              pointer = dp.pointer();
            }
          }
          out.add(located(file, pointer, dp.message(), dp.error()));
        }
      }
    }
    return out;
  }

  /** An activity with the datasets and linked services it names, for {@link Activity#check}. */
  private ActivityDefinition definition(Factory factory, String pipeline, PipelineActivity a) {
    java.util.Map<String, LinkedServiceInfo> linked = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (var ls : factory.linkedServices()) {
      linked.put(ls.name(), new LinkedServiceInfo(ls.name(), ls.type(), ls.typeProperties()));
    }
    java.util.function.Function<List<String>, List<DatasetInfo>> datasets = names -> names.stream()
        .map(factory::dataset).flatMap(java.util.Optional::stream)
        .map(d -> new DatasetInfo(d.name(), d.type(), d.linkedServiceName(), d.typeProperties())).toList();
    com.fasterxml.jackson.databind.JsonNode tp = a.typeProperties() == null
        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : a.typeProperties();
    return new ActivityDefinition(pipeline, a.name(), tp, datasets.apply(a.inputs()), datasets.apply(a.outputs()),
        linked, orchestrator.settings().fileShareRoots());
  }

  private static Problem located(Path file, String pointer, String message, boolean error) {
    Problem.Severity severity = error ? Problem.Severity.ERROR : Problem.Severity.WARNING;
    try {
      return dev.adf.orchestrator.definition.LocatedJson.read(file).problem(severity, pointer, message);
    } catch (Exception e) {
      return error ? Problem.error(file, pointer, 0, 0, message) : Problem.warning(file, pointer, 0, 0, message);
    }
  }

  static String kind(Entity e) {
    if (e instanceof dev.adf.orchestrator.definition.LinkedService) {
      return "LinkedService";
    }
    return e instanceof dev.adf.orchestrator.definition.Dataset ? "Dataset" : "Pipeline";
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
