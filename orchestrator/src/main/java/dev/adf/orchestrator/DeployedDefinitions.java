package dev.adf.orchestrator;

import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.store.StoredEntity;
import java.util.List;

/** Parses the deployed entities (JSON text from the store) back into a {@link Factory}. */
final class DeployedDefinitions {
  private DeployedDefinitions() {}

  /**
   * @throws IllegalStateException when a stored entity no longer parses (the store was edited by
   *     hand or written by an incompatible version), naming the entity
   */
  static Factory parse(List<StoredEntity> entities) {
    throw new UnsupportedOperationException("wired when the definition loader lands");
  }
}
