package dev.adf.orchestrator.bench.cluster;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One db-scheduler 16.7.1 node (a process of its own): the one-time task {@link #TASK} whose
 * execution appends its task instance id to this node's id log and does nothing else.
 *
 * <pre>
 * java -cp … dev.adf.orchestrator.bench.cluster.DbSchedulerNode JDBC_URL USER NODE_NAME ID_FILE lock-and-fetch|fetch
 * </pre>
 *
 * <p>Threads 10. {@code lock-and-fetch}: {@code pollUsingLockAndFetch(0.5, 1.0)} (the README's "normal
 * usage" values; on PostgreSQL a single {@code UPDATE … WHERE … IN (SELECT … FOR UPDATE SKIP LOCKED
 * LIMIT n) RETURNING}, batches of up to 10). {@code fetch}: the default
 * {@code pollUsingFetchAndLockOnExecute(0.5, 3.0)} (select a batch of 30, then an optimistic
 * {@code UPDATE … WHERE version = ?} per execution). Polling interval 50 ms and heartbeat 500 ms as in
 * db-scheduler's own {@code ClusterTests}; a full batch triggers the next fetch at once anyway.
 */
public final class DbSchedulerNode {
  static final String TASK = "bench-noop";
  static final int THREADS = 10;

  private DbSchedulerNode() {}

  /** The task as every node and the driver's client know it; {@code log} is null on the driver. */
  static OneTimeTask<Void> task(NodeSupport.IdLog log) {
    return Tasks.oneTime(TASK).execute((instance, ctx) -> log.record(instance.getId()));
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String name = args[2];
    Path ids = Path.of(args[3]);
    String strategy = args[4];
    try (HikariDataSource ds = NodeSupport.dataSource(url, user, name);
        NodeSupport.IdLog log = new NodeSupport.IdLog(ids)) {
      var b = Scheduler.create(ds, task(log))
          .schedulerName(new SchedulerName.Fixed(name))
          .threads(THREADS)
          .pollingInterval(Duration.ofMillis(50))
          .heartbeatInterval(Duration.ofMillis(500))
          .shutdownMaxWait(Duration.ofSeconds(10));
      switch (strategy) {
        case "lock-and-fetch" -> b.pollUsingLockAndFetch(0.5, 1.0);
        case "fetch" -> b.pollUsingFetchAndLockOnExecute(0.5, 3.0);
        default -> throw new IllegalArgumentException("strategy " + strategy);
      }
      Scheduler s = b.build();
      NodeSupport.serve(new NodeSupport.Lifecycle() {
        @Override
        public void start() {
          s.start();
        }

        @Override
        public void stop() {
          s.stop();
        }
      });
    }
  }
}
