package dev.adf.orchestrator.definition;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where an entity came from.
 *
 * @param path the JSON file
 * @param json the entity's JSON text after environment config (may hold secrets; never print it)
 * @param envReferences JSON pointer (as in {@code json}) to the {@code ${env:…}} template of each value
 *     the environment config set from the environment; empty when none
 */
public record SourceFile(Path path, String json, Map<String, String> envReferences) {
  public SourceFile {
    envReferences = Map.copyOf(envReferences);
  }

  /** A source without values from the environment. */
  public SourceFile(Path path, String json) {
    this(path, json, Map.of());
  }
}
