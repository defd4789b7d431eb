package dev.adf.orchestrator.it;

import static dev.adf.orchestrator.it.CliTest.adf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Database;
import dev.adf.orchestrator.store.JdbcStore;
import dev.adf.orchestrator.store.WindowQuery;
import dev.adf.orchestrator.testing.SampleFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adf deploy --plan} on the real H2 store: what a deploy would change, and nothing changed. */
class DeployPlanCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path home;
  Path config;

  @BeforeEach
  void setUp() throws Exception {
    home = tmp.resolve("home");
    config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
  }

  record State(List<String> versions, List<ActivityWindow> windows) {}

  /** What is deployed, read straight from the store in the home folder. */
  State state() {
    try (Database db = Database.openEmbedded(home)) {
      JdbcStore store = new JdbcStore(db);
      return new State(store.deployedVersions(), store.windows(WindowQuery.ALL));
    }
  }

  CliTest.Result plan(Path folder) {
    return adf("deploy", "--plan", folder.toString(), "--config", config.toString(), "--home", home.toString());
  }

  CliTest.Result deploy(Path folder) {
    return adf("deploy", folder.toString(), "--config", config.toString(), "--home", home.toString());
  }

  @Test
  void planListsEverythingOnAnEmptyHomeThenChangesAndRemovalsAndNeverChangesTheStore() throws Exception {
    Path sample = SampleFactory.copy(tmp.resolve("sample"));

    CliTest.Result first = plan(sample);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("5 added, 0 changed, 0 removed (would be deployment 1)")
        .containsPattern("add +LinkedService +StorageLinkedService")
        .containsPattern("add +Dataset +input")
        .containsPattern("add +Pipeline +SparkSubmit")
        .contains("1 created, 0 dropped")
        .containsPattern("SparkSubmit +Spark Launcher +create +1 +2015-11-16T00:00:00Z +2015-11-16T00:00:00Z");
    assertThat(lastLine(first.out())).startsWith("Nothing was deployed (plan only)");
    assertThat(first.err()).isEmpty();
    assertThat(state()).isEqualTo(new State(List.of(), List.of()));

    // The deployment counter did not move either: the real deploy is deployment 1.
    CliTest.Result deployed = deploy(sample);
    assertThat(deployed.exit()).as(deployed.err()).isZero();
    assertThat(deployed.out()).contains("Deployment 1:", "Windows created: 1, dropped: 0");
    State afterDeploy = state();
    assertThat(afterDeploy.windows()).hasSize(1);

    CliTest.Result same = plan(sample);
    assertThat(same.exit()).isZero();
    assertThat(same.out()).contains("Entities: no changes", "Activity windows: no changes",
        "a deploy now would change nothing");

    // A different period: the pipeline now runs 2015-11-17 to 2015-11-20.
    Path changed = SampleFactory.copy(tmp.resolve("changed"));
    setPeriod(changed, "2015-11-17T00:00:00Z", "2015-11-20T00:00:00Z");
    CliTest.Result p2 = plan(changed);
    assertThat(p2.exit()).as(p2.err()).isZero();
    assertThat(p2.out())
        .contains("0 added, 1 changed, 0 removed (would be deployment 2)")
        .containsPattern("change +Pipeline +SparkSubmit")
        .contains("3 created, 1 dropped")
        .containsPattern("SparkSubmit +Spark Launcher +create +3 +2015-11-17T00:00:00Z +2015-11-19T00:00:00Z")
        .containsPattern("SparkSubmit +Spark Launcher +drop +1 +2015-11-16T00:00:00Z +2015-11-16T00:00:00Z");
    assertThat(state()).isEqualTo(afterDeploy);

    // A removed pipeline: its windows are dropped. Its settings leave the config with it (settings for a
    // file that is not loaded are an error: they would silently not be applied).
    Path removed = SampleFactory.copy(tmp.resolve("removed"));
    Files.delete(removed.resolve("Pipeline/SparkSubmit.json"));
    CliTest.Result stale = plan(removed);
    assertThat(stale.exit()).isEqualTo(2);
    assertThat(stale.err()).contains(config + ":", "$.SparkSubmit", "settings for 'SparkSubmit' match none");
    com.fasterxml.jackson.databind.node.ObjectNode withoutPipeline = (com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.toFile());
    withoutPipeline.remove("SparkSubmit");
    Files.writeString(config, withoutPipeline.toString());
    CliTest.Result p3 = plan(removed);
    assertThat(p3.exit()).as(p3.err()).isZero();
    assertThat(p3.out())
        .contains("0 added, 0 changed, 1 removed (would be deployment 2)")
        .containsPattern("remove +Pipeline +SparkSubmit")
        .containsPattern("SparkSubmit +Spark Launcher +drop +1 +2015-11-16T00:00:00Z");
    assertThat(state()).isEqualTo(afterDeploy);

    // The plan was exactly what the deploy then does.
    config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    CliTest.Result d2 = deploy(changed);
    assertThat(d2.out()).contains("Deployment 2:", "changed Pipeline SparkSubmit", "Windows created: 3, dropped: 1");
  }

  @Test
  void anInvalidFolderIsReportedLikeDeployExitsTwoAndChangesNothing() throws Exception {
    Path sample = SampleFactory.copy(tmp.resolve("sample"));
    assertThat(deploy(sample).exit()).isZero();
    State before = state();

    Path bad = SampleFactory.copy(tmp.resolve("bad"));
    Path ds = bad.resolve("Datasets/output.json");
    Files.writeString(ds, Files.readString(ds).replace("\"StorageLinkedService\"", "\"NoSuchStorage\""));
    CliTest.Result r = plan(bad);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("output.json:", "NoSuchStorage", "Nothing was deployed")
        .doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("Plan at");
    assertThat(state()).isEqualTo(before);
    assertThat(deploy(sample).out()).contains("No changes");
  }

  private static void setPeriod(Path factory, String start, String end) throws Exception {
    Path file = factory.resolve("Pipeline/SparkSubmit.json");
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.path("properties")).put("start", start).put("end", end);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return lines.get(lines.size() - 1);
  }
}
