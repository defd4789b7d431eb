package dev.adf.spark.it;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one {@link SparkCluster} for the whole test run (started at first use, stopped when JUnit
 * closes its root store, and by a shutdown hook if the JVM ends first). Paths come from the system
 * properties failsafe sets ({@code adf.it.*}, see this module's pom).
 */
final class SparkClusterExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SparkCluster.class, k -> new Started(start()), Started.class).cluster();
  }

  private static SparkCluster start() {
    try {
      return SparkCluster.start(work().resolve("cluster"), path("adf.it.sparkJars"), path("adf.it.livyJars"), work());
    } catch (Exception e) {
      throw new IllegalStateException("the Spark/Livy test cluster did not start: " + e.getMessage(), e);
    }
  }

  /** The folder all integration-test state lives under (Livy's file whitelist). */
  static Path work() {
    return path("adf.it.work");
  }

  static Path path(String property) {
    String v = System.getProperty(property);
    if (v == null) {
      throw new IllegalStateException("system property " + property + " is not set: run through `mvn verify`");
    }
    return Path.of(v).toAbsolutePath().normalize();
  }

  private record Started(SparkCluster cluster) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
