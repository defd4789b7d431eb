package dev.adf.orchestrator.compute;

import dev.adf.activities.EngineResolver;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.engine.ComputeEngine;
import java.util.Locale;

/**
 * Resolves an HDInsight linked service to a compute engine. A {@code clusterUri} of
 * {@code embedded:} (the local environment config's value) is the built-in engine running inside
 * this orchestrator.
 */
public final class EmbeddedEngineResolver implements EngineResolver {
  /** The clusterUri that names the built-in engine. */
  public static final String EMBEDDED_URI = "embedded:";

  private final ComputeEngine embedded;

  public EmbeddedEngineResolver(ComputeEngine embedded) {
    this.embedded = embedded;
  }

  /** True when a clusterUri names the built-in engine. */
  public static boolean isEmbedded(String clusterUri) {
    return clusterUri != null && clusterUri.trim().toLowerCase(Locale.ROOT).startsWith("embedded");
  }

  /**
   * @throws IllegalArgumentException when the linked service is not an HDInsight cluster this
   *     orchestrator can reach (only the built-in engine for now), saying what to set
   */
  @Override
  public ComputeEngine engineFor(LinkedServiceInfo compute) {
    if (!"HDInsight".equalsIgnoreCase(compute.type())) {
      throw new IllegalArgumentException("linked service " + compute.name() + " is of type " + compute.type()
          + "; the launcher runs on an HDInsight linked service");
    }
    String uri = compute.text("clusterUri");
    if (isEmbedded(uri)) {
      return embedded;
    }
    throw new IllegalArgumentException("linked service " + compute.name() + " has clusterUri '" + uri
        + "', which this orchestrator cannot reach: set typeProperties.clusterUri to '" + EMBEDDED_URI
        + "' (for example with an environment config) to run on the built-in engine");
  }
}
