package dev.adf.orchestrator.compute;

import dev.adf.activities.EngineResolver;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.engine.ComputeEngine;
import dev.adf.engine.livy.EngineBatches;
import dev.adf.engine.livy.LivyBatches;
import dev.adf.engine.livy.LivyHttpClient;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an HDInsight linked service to the engine its {@code clusterUri} names, always spoken to
 * through the Livy batch API:
 *
 * <ul>
 *   <li>{@code embedded:} (the local environment config's value): the built-in engine running inside
 *       this orchestrator, called in process;
 *   <li>{@code http://host:port} or {@code https://…} ({@code adf engine serve}, a Livy server, an
 *       HDInsight cluster's {@code https://<cluster>.azurehdinsight.net/livy}): over HTTP with the linked
 *       service's {@code userName}/{@code password} as basic auth, as HDInsight's Livy requires.
 * </ul>
 *
 * One client per (clusterUri, userName), shared by every attempt. Thread-safe.
 */
public final class ClusterUriResolver implements EngineResolver, AutoCloseable {
  /** The clusterUri that names the built-in engine. */
  public static final String EMBEDDED_URI = "embedded:";

  private final LivyBatches embedded;
  private final Map<String, LivyBatches> remote = new ConcurrentHashMap<>();

  /**
   * @param embedded the built-in engine of this orchestrator (not closed here)
   * @param location where it is, for messages (its work root)
   */
  public ClusterUriResolver(ComputeEngine embedded, String location) {
    this.embedded = new EngineBatches(embedded, location);
  }

  /** True when a clusterUri names the built-in engine. */
  public static boolean isEmbedded(String clusterUri) {
    return clusterUri != null && clusterUri.trim().toLowerCase(Locale.ROOT).startsWith("embedded");
  }

  /**
   * @throws IllegalArgumentException when the linked service is not an HDInsight linked service, or its
   *     clusterUri is neither {@code embedded:} nor an http(s) URL, saying what to set
   */
  @Override
  public LivyBatches engineFor(LinkedServiceInfo compute) {
    if (!"HDInsight".equalsIgnoreCase(compute.type())) {
      throw new IllegalArgumentException("linked service " + compute.name() + " is of type " + compute.type()
          + "; the launcher runs on an HDInsight linked service");
    }
    String uri = compute.text("clusterUri");
    if (isEmbedded(uri)) {
      return embedded;
    }
    String lower = uri == null ? "" : uri.trim().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException("linked service " + compute.name() + " has clusterUri '" + uri
          + "', which names no engine: set typeProperties.clusterUri to '" + EMBEDDED_URI
          + "' (the built-in engine), to the URL of an adf engine serve or Livy server (http://host:8998), or to"
          + " an HDInsight cluster's Livy endpoint (https://<cluster>.azurehdinsight.net/livy)");
    }
    URI base;
    try {
      base = URI.create(uri.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("linked service " + compute.name() + " has clusterUri '" + uri
          + "', which is not a URL: " + e.getMessage());
    }
    String user = compute.text("userName");
    String password = compute.text("password");
    return remote.computeIfAbsent(base + "\u0000" + user, k -> {
      LivyHttpClient.Builder b = LivyHttpClient.builder(base);
      if (user != null && password != null) {
        b.credentials(user, password);
      }
      return b.build();
    });
  }

  /** The built-in engine, in process. */
  @Override
  public LivyBatches builtIn() {
    return embedded;
  }

  @Override
  public void close() {
    remote.values().forEach(LivyBatches::close);
    remote.clear();
  }
}
