package dev.adf.orchestrator.definition;

import java.nio.file.Path;

/**
 * Where an entity came from.
 *
 * @param path the JSON file
 * @param json the entity's JSON text after environment config (may hold secrets; never print it)
 */
public record SourceFile(Path path, String json) {}
