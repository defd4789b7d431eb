package dev.adf.orchestrator.store;

import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * Wraps the store's connections, for what watches or tests the JDBC traffic from outside the store: a
 * tracing or metrics proxy (datasource-proxy, P6Spy), or the fault-injecting proxy of the reliability
 * tests. Implementations are found with {@link ServiceLoader} on the classpath (a {@code
 * META-INF/services/dev.adf.orchestrator.store.DataSourceDecorator} file) and applied in classpath order
 * by {@link Database} once the schema is migrated: migrations run on the bare pool. None is shipped.
 */
public interface DataSourceDecorator {
  /**
   * @param ds the store's pooled data source ({@code dialect}'s)
   * @return the data source the store uses instead; {@code ds} itself to leave it alone
   */
  DataSource decorate(DataSource ds, Database.Dialect dialect);

  /** {@code ds} through every decorator on the classpath. */
  static DataSource applyAll(DataSource ds, Database.Dialect dialect) {
    DataSource out = ds;
    for (DataSourceDecorator d : ServiceLoader.load(DataSourceDecorator.class)) {
      out = d.decorate(out, dialect);
    }
    return out;
  }
}
