package dev.adf.orchestrator;

import dev.adf.orchestrator.definition.DefinitionLoader;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.LoadResult;
import dev.adf.orchestrator.definition.SourceFile;
import dev.adf.orchestrator.store.StoredEntity;
import java.nio.file.Path;
import java.util.List;

/** Parses the deployed entities (JSON text from the store) back into a {@link Factory}. */
final class DeployedDefinitions {
  private DeployedDefinitions() {}

  /**
   * @throws IllegalStateException when the stored entities no longer load (the store was edited by
   *     hand or written by an incompatible version), with the problems found
   */
  static Factory parse(List<StoredEntity> entities) {
    List<SourceFile> sources = entities.stream()
        .map(e -> new SourceFile(Path.of("deployed", e.kind(), e.name(), e.fileName()), e.json()))
        .toList();
    LoadResult r = new DefinitionLoader().loadText(sources);
    if (r.factory() == null) {
      throw new IllegalStateException("the deployed definitions no longer load; redeploy them: "
          + String.join("; ", r.errors().stream().map(p -> p.render()).toList()));
    }
    return r.factory();
  }
}
