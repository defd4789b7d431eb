package dev.adf.orchestrator;

import dev.adf.orchestrator.definition.Entity;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.PipelineActivity;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.StoredEntity;
import dev.adf.orchestrator.validation.Problem;
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
 * when any ERROR is found.
 */
public final class Deployer {
  private final Orchestrator orchestrator;

  public Deployer(Orchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  /**
   * The result of a deploy.
   *
   * @param problems every problem found (errors and warnings), in file order
   * @param files how many JSON files were read
   * @param outcome what changed, or null when the deploy was refused
   */
  public record Report(List<Problem> problems, int files, Store.DeployOutcome outcome) {
    public boolean refused() {
      return outcome == null;
    }
  }

  /**
   * Validates {@code paths} with the environment config, checks that every activity can run here,
   * then stores the definitions and lays out their activity windows in one transaction.
   *
   * @param config an environment config file, or null
   */
  public Report deploy(List<Path> paths, Path config) {
    Definitions.Loaded loaded = Definitions.load(paths, config);
    List<Problem> problems = new ArrayList<>(loaded.problems());
    if (loaded.factory() != null) {
      problems.addAll(runnability(loaded));
    }
    if (loaded.factory() == null || problems.stream().anyMatch(Problem::isError)) {
      return new Report(problems, loaded.files().size(), null);
    }
    Factory factory = loaded.factory();
    List<StoredEntity> entities = new ArrayList<>();
    for (Entity e : factory.entities()) {
      String json = e.source().json();
      entities.add(new StoredEntity(kind(e), e.name(), 0, e.source().path().getFileName().toString(), json,
          sha256(json)));
    }
    Instant now = orchestrator.clock().instant();
    var layout = new FactoryView(factory).layout(now.plus(SchedulingPass.LAYOUT_LOOKAHEAD));
    String source = String.join(", ", paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    return new Report(problems, loaded.files().size(), orchestrator.store().deploy(entities, layout, source, now));
  }

  /** Activities whose type this orchestrator cannot run are deploy errors (they would never run). */
  private List<Problem> runnability(Definitions.Loaded loaded) {
    List<Problem> out = new ArrayList<>();
    for (var p : loaded.factory().pipelines()) {
      for (int i = 0; i < p.activities().size(); i++) {
        PipelineActivity a = p.activities().get(i);
        if (orchestrator.activityTypes().find(a.type()).isEmpty()) {
          out.add(loaded.problemAt(p.source().path(), "/properties/activities/" + i + "/type",
              "activity '" + a.name() + "' of pipeline '" + p.name() + "' has type " + a.type()
                  + ", which cannot run on this orchestrator; types that run here: "
                  + orchestrator.activityTypes().names()));
        }
      }
    }
    return out;
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
