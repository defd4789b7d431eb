package dev.adf.engine;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The jobs built into the engine, by name and alias. */
public final class BuiltInJobs {
  private BuiltInJobs() {}

  /** The built-in blob copy job's name. */
  public static final String BLOB_COPY = "adf.BlobCopy";

  public static Optional<Supplier<EngineJob>> find(String mainClass) {
    return Optional.empty();
  }

  public static Set<String> names() {
    return Set.of(BLOB_COPY);
  }
}
