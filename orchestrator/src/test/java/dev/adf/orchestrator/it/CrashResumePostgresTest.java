package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.testing.Cluster;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.testing.TestJobs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrashResumeTest} on a shared PostgreSQL store, through real {@code adf run} processes: an {@code
 * adf run} killed with SIGKILL while its window's job runs. Restarted on the same home, it adopts its
 * own dead scheduler at once and resumes the attempt whose job outlived it; on a shared engine ({@code
 * adf engine serve}), another scheduler adopts the dead one's window once its lease ended and
 * re-attaches the running job by its batch name, never submitting it again.
 */
class CrashResumePostgresTest {
  @TempDir Path tmp;

  /** Deploys the sample with a gated job (on {@code engine}, or the embedded engine when null). */
  private Path deployGated(Cluster c, URI engine, Path gate) throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    SampleFactory.editActivity(factory, a -> {
      SampleFactory.setArgument(a, "--mainClass", TestJobs.Gate.class.getName());
      ((ArrayNode) a.path("typeProperties").path("arguments")).add("gate=" + gate);
    });
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    if (engine != null) {
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = (ObjectNode) json.readTree(config.toFile());
      var hdi = root.withArray("HDInsightLinkedService");
      ((ObjectNode) hdi.get(0)).put("value", engine.toString());
      ((ObjectNode) hdi.get(2)).put("value", "s3cret-pw");
      Files.writeString(config, json.writeValueAsString(root));
    }
    assertThat(c.adf("deploy", "deploy", factory.toString(), "--config", config.toString()))
        .as(c.log("deploy")).isZero();
    return factory;
  }

  /** Waits for the gated job to start and returns its pid. */
  private static long awaitJob(Cluster c, Path gate) throws Exception {
    c.await("the gated job started", 120, () -> Files.exists(gate.resolve("started")));
    return Long.parseLong(Files.readString(gate.resolve("started")).trim());
  }

  private static void kill(Process p) throws Exception {
    Cluster.signal(p, "KILL");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aKilledSchedulerRestartedOnItsHomeResumesTheAttemptWhoseJobOutlivedIt() throws Exception {
    // A lease long enough that the job's own lease watch (two thirds of it) does not end it first.
    try (Cluster c = new Cluster(tmp.resolve("c"), "PT30S")) {
      Path gate = Files.createDirectories(tmp.resolve("gate"));
      deployGated(c, null, gate);
      SampleFactory.putInput(c.home("a").resolve("storage"));
      Process a = c.scheduler("a");
      long jobPid = awaitJob(c, gate);
      kill(a);
      assertThat(ProcessHandle.of(jobPid).map(ProcessHandle::isAlive)).as("the job outlives its scheduler")
          .contains(true);

      c.scheduler("a");
      c.await("the old scheduler adopted by its successor on the same home", 60, () -> !c.query(
          "SELECT id FROM scheduler_node WHERE pid = " + a.pid() + " AND state = 'Adopted'").isEmpty());
      Files.writeString(gate.resolve("release"), "go");
      c.await("the window Ready", 120, () -> c.ready() == 1);

      assertThat(c.query("SELECT attempt, status FROM attempt")).containsExactly(List.of("1", "Succeeded"));
      try (Stream<Path> jobs = Files.list(c.home("a").resolve("engine"))) {
        assertThat(jobs.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("job-")))
            .as("one engine job, not submitted again").hasSize(1);
      }
      assertThat(c.home("a").resolve("storage/output/results")).isDirectory();
    }
  }

  @Test
  void anotherSchedulerAdoptsAndReattachesAJobOnASharedEngine() throws Exception {
    try (Cluster c = new Cluster(tmp.resolve("c"))) {
      Path pw = Files.writeString(tmp.resolve("password"), "s3cret-pw\n");
      URI engine = c.engineServe("engine", pw);
      Path gate = Files.createDirectories(tmp.resolve("gate"));
      deployGated(c, engine, gate);
      SampleFactory.putInput(c.home("a").resolve("storage"));
      Process a = c.scheduler("a");
      long jobPid = awaitJob(c, gate);
      kill(a);

      Process b = c.scheduler("b");
      c.await("scheduler a adopted by b once its lease ended", 60, () -> !c.query(
          "SELECT id FROM scheduler_node WHERE pid = " + a.pid() + " AND state = 'Adopted'").isEmpty());
      assertThat(ProcessHandle.of(jobPid).map(ProcessHandle::isAlive)).as("the shared engine's job runs on")
          .contains(true);
      assertThat(c.adf("windows", "windows")).as(c.log("windows")).isZero();
      assertThat(c.log("windows")).as("adf windows names the scheduler running the window")
          .contains("SCHEDULER").contains("pid " + b.pid());
      Files.writeString(gate.resolve("release"), "go");
      c.await("the window Ready", 120, () -> c.ready() == 1);

      assertThat(c.adf("runs", "runs", "--pipeline", "SparkSubmit", "--activity", "Spark Launcher", "--window",
          "2015-11-16T00:00:00Z")).as(c.log("runs")).isZero();
      assertThat(c.log("runs")).as("adf runs names the scheduler of each attempt").contains("SCHEDULER")
          .contains("pid " + b.pid());
      assertThat(c.query("SELECT attempt, status, engine_job_id FROM attempt"))
          .as(c.log("run-b")).containsExactly(List.of("1", "Succeeded", "1"));
      try (Stream<Path> jobs = Files.list(c.home("engine").resolve("engine-server"))) {
        assertThat(jobs.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("job-")))
            .as("the shared engine ran one job: re-attached, not submitted again").hasSize(1);
      }
      assertThat(c.query("SELECT n.pid FROM attempt t JOIN scheduler_node n ON n.id = t.node_id"))
          .as("the attempt now belongs to b").containsExactly(List.of(String.valueOf(
              Long.parseLong(c.query("SELECT pid FROM scheduler_node WHERE state = 'Live'").get(0).get(0)))));
    }
  }
}
