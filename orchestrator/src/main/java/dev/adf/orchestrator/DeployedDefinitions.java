package dev.adf.orchestrator;

import dev.adf.orchestrator.definition.DefinitionLoader;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.LoadResult;
import dev.adf.orchestrator.definition.SourceFile;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.secrets.SealedJson;
import dev.adf.orchestrator.secrets.SecretCipher;
import dev.adf.orchestrator.secrets.SecretException;
import dev.adf.orchestrator.secrets.SecretKeys;
import dev.adf.orchestrator.store.StoredEntity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Parses the deployed entities (JSON text from the store) back into a {@link Factory}. */
final class DeployedDefinitions {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeployedDefinitions.class);

  private DeployedDefinitions() {}

  /**
   * Opens the secrets of the stored entities ({@link SealedJson#open}: references from {@code env},
   * sealed values with the key of {@code keys}, asked for only when one is sealed) and parses them.
   * A secret that cannot be opened does not stop the others: its entity is listed in {@link
   * FactoryView#unavailableSecrets} with why, and attempts that need it fail with that message.
   *
   * @throws IllegalStateException as {@link #parse}
   */
  static FactoryView open(List<StoredEntity> entities, Function<String, String> env, SecretKeys keys) {
    Supplier<SecretCipher> cipher = memo(keys::forOpening);
    List<StoredEntity> opened = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    for (StoredEntity e : entities) {
      SealedJson.Opened o = SealedJson.open(e.json(), env, cipher);
      if (!o.problems().isEmpty()) {
        String why = e.kind() + " '" + e.name() + "' as deployed: " + String.join("; ", o.problems());
        unavailable.put(FactoryView.entityKey(e.kind(), e.name()), why);
        LOG.warn("{}", why);
      }
      opened.add(new StoredEntity(e.kind(), e.name(), e.version(), e.fileName(), o.json(), e.sha256()));
    }
    return new FactoryView(parse(opened), unavailable);
  }

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

  /** The supplier's value, asked for once; a failure is thrown again at each call. */
  static Supplier<SecretCipher> memo(Supplier<SecretCipher> s) {
    return new Supplier<>() {
      private SecretCipher value;
      private SecretException failure;

      @Override
      public synchronized SecretCipher get() {
        if (value == null && failure == null) {
          try {
            value = s.get();
          } catch (SecretException e) {
            failure = e;
          }
        }
        if (failure != null) {
          throw failure;
        }
        return value;
      }
    };
  }
}
