package dev.adf.orchestrator;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.definition.DefinitionLoader;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.LoadResult;
import dev.adf.orchestrator.store.StoredEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Parses the deployed entities (JSON text from the store) back into a {@link Factory}. */
final class DeployedDefinitions {
  private DeployedDefinitions() {}

  /**
   * @throws IllegalStateException when the stored entities no longer parse (the store was edited by
   *     hand or written by an incompatible version), with the problems found
   */
  static Factory parse(List<StoredEntity> entities) {
    if (entities.isEmpty()) {
      return new Factory(List.of(), List.of(), List.of());
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("adf-deployed-");
      for (StoredEntity e : entities) {
        Path kindDir = Files.createDirectories(dir.resolve(e.kind()));
        Files.writeString(kindDir.resolve(e.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".json"), e.json(),
            StandardCharsets.UTF_8);
      }
      LoadResult r = new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE);
      if (r.factory() == null) {
        throw new IllegalStateException("the deployed definitions no longer load; redeploy them: "
            + String.join("; ", r.errors().stream().map(p -> p.message()).toList()));
      }
      return r.factory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the deployed definitions", e);
    } finally {
      if (dir != null) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // a temp folder left behind is harmless
        }
      }
    }
  }
}
