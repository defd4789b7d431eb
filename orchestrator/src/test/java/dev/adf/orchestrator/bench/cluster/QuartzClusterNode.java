package dev.adf.orchestrator.bench.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * One clustered Quartz 2.3.2 node (a process of its own) on the QRTZ_ tables of
 * {@code tables_postgres.sql}: JobStoreTX, PostgreSQLDelegate, {@code isClustered=true},
 * {@code acquireTriggersWithinLock=true}, {@code batchTriggerAcquisitionMaxCount=25}, 10 threads
 * (DolphinScheduler's settings, cluster-anchors §1.5). Every trigger fires {@link NoOpJob}, which
 * appends the trigger's name to this node's id log.
 *
 * <pre>
 * java -cp … dev.adf.orchestrator.bench.cluster.QuartzClusterNode JDBC_URL USER NODE_NAME ID_FILE
 * </pre>
 */
public final class QuartzClusterNode {
  static final String SCHED = "adfbench";
  static final String DATA_SOURCE = "bench";
  static final int THREADS = 10;
  private static volatile NodeSupport.IdLog log;

  private QuartzClusterNode() {}

  /** The no-op job: records the id (the trigger's name) of the firing. */
  public static final class NoOpJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      log.record(context.getTrigger().getKey().getName());
    }
  }

  /**
   * The scheduler's properties; {@code instanceId} AUTO on nodes. The driver uses the same ones (never
   * started) to store the triggers. Storing E triggers takes a while, so the misfire threshold is an
   * hour: no trigger may take Quartz's misfire path, as in {@code QuartzBaseline}.
   */
  static Properties properties(String instanceId) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", SCHED);
    p.setProperty("org.quartz.scheduler.instanceId", instanceId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "25");
    p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "3600000");
    return p;
  }

  static Scheduler scheduler(DataSource ds, String instanceId) throws Exception {
    DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new Provider(ds));
    return new StdSchedulerFactory(properties(instanceId)).getScheduler();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String name = args[2];
    try (HikariDataSource ds = NodeSupport.dataSource(url, user, name);
        NodeSupport.IdLog ids = new NodeSupport.IdLog(Path.of(args[3]))) {
      log = ids;
      Scheduler s = scheduler(ds, name);
      NodeSupport.serve(new NodeSupport.Lifecycle() {
        @Override
        public void start() throws Exception {
          s.start();
        }

        @Override
        public void stop() throws Exception {
          s.shutdown(true);
        }
      });
    }
  }

  record Provider(DataSource ds) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return ds.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
