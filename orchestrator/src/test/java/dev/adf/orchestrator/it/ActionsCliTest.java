package dev.adf.orchestrator.it;

import static dev.adf.orchestrator.it.CliTest.adf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adf windows --from/--to}, {@code rerun}, {@code skip}, {@code pause}, {@code resume} and
 * {@code why} through the CLI in-process, on a real H2 home that a {@link Harness} shares to set
 * window states and to run scheduling passes (its clock, never sleeping).
 *
 * <p>The factory: pipeline Chain, daily, 2015-11-16 to 2015-11-19 (three windows per activity):
 * Stage reads the external dataset {@code input} and writes {@code mid}; Publish reads {@code mid}
 * and writes {@code output}.
 */
class ActionsCliTest {
  static final Instant NOW = Instant.parse("2015-11-20T00:00:00Z");
  static final Instant D0 = Instant.parse("2015-11-16T00:00:00Z");
  static final Instant D1 = D0.plus(Duration.ofDays(1));
  static final Instant D2 = D0.plus(Duration.ofDays(2));
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path home;
  Path factory;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @BeforeEach
  void homeDir() {
    home = tmp.resolve("home");
  }

  /** The sample with a second activity: Stage (input → mid) then Publish (mid → output). */
  Path chainFactory() throws Exception {
    Path f = SampleFactory.copy(tmp.resolve("chain"));
    ObjectNode mid = (ObjectNode) JSON.readTree(f.resolve("Datasets/output.json").toFile());
    mid.put("name", "mid");
    ((ObjectNode) mid.path("properties").path("typeProperties")).put("folderPath", "output/mid");
    Files.writeString(f.resolve("Datasets/mid.json"), JSON.writeValueAsString(mid));
    Path p = f.resolve("Pipeline/SparkSubmit.json");
    ObjectNode root = (ObjectNode) JSON.readTree(p.toFile());
    root.put("name", "Chain");
    ObjectNode props = (ObjectNode) root.path("properties");
    props.put("end", "2015-11-19T00:00:00Z");
    ArrayNode activities = (ArrayNode) props.path("activities");
    ObjectNode stage = (ObjectNode) activities.get(0);
    ObjectNode publish = stage.deepCopy();
    stage.put("name", "Stage");
    ((ObjectNode) stage.path("outputs").get(0)).put("name", "mid");
    publish.put("name", "Publish");
    ((ObjectNode) publish.path("inputs").get(0)).put("name", "mid");
    // The environment config fills activities[0]'s placeholders (by file name SparkSubmit); these by hand.
    ArrayNode args = (ArrayNode) publish.path("typeProperties").path("arguments");
    args.set(19, JSON.getNodeFactory().textNode("UseLocalStore=true"));
    args.set(20, JSON.getNodeFactory().textNode("input=wasb://output@local/mid"));
    args.set(21, JSON.getNodeFactory().textNode("output=wasb://output@local/results"));
    activities.add(publish);
    Files.writeString(p, JSON.writeValueAsString(root));
    return f;
  }

  Harness deployed() throws Exception {
    Harness h = new Harness(home, NOW);
    factory = chainFactory();
    h.deploy(factory, Path.of(SampleFactory.localConfig()));
    return h;
  }

  static WindowKey key(String activity, Instant start) {
    return new WindowKey("Chain", activity, start);
  }

  static ActivityWindow window(Harness h, String activity, Instant start) {
    return h.orchestrator.store().window(key(activity, start)).orElseThrow();
  }

  /** Drives a window through a claimed attempt to {@code end} (Ready or Failed), by the store's table. */
  static void ran(Harness h, String activity, Instant start, WindowState end) {
    Store s = h.orchestrator.store();
    ActivityWindow running = s.claim(window(h, activity, start), NOW).orElseThrow();
    s.finishAttempt(running.key(), running.attempts(),
        end.status() == WindowStatus.Ready ? AttemptStatus.Succeeded : AttemptStatus.Failed, null, NOW);
    assertThat(s.transition(running, end, Store.WindowChange.keep(running), "test", NOW)).isTrue();
  }

  String[] args(String... a) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 2);
    out[a.length] = "--home";
    out[a.length + 1] = home.toString();
    return out;
  }

  @Test
  void windowsFiltersOnWindowStartAndListsNewestFirstByDefault() throws Exception {
    try (Harness h = deployed()) {
      Result r = adf(args("windows", "--from", D1.toString(), "--to", "2015-11-19T00:00:00Z", "--format", "json"));
      assertThat(r.exit()).as(r.err()).isZero();
      JsonNode list = JSON.readTree(r.out());
      assertThat(list).hasSize(4);
      assertThat(list.get(0).get("windowStart").asText()).isEqualTo(D2.toString());
      assertThat(list.get(3).get("windowStart").asText()).isEqualTo(D1.toString());

      JsonNode oldest = JSON.readTree(adf(args("windows", "--to", D1.toString(), "--oldest-first", "--format", "json"))
          .out());
      assertThat(oldest).hasSize(2).allMatch(w -> w.get("windowStart").asText().equals(D0.toString()));

      Result table = adf(args("windows", "--activity", "stage"));
      assertThat(table.out().lines().skip(1).map(l -> l.split("\\s+")[2]).toList())
          .containsExactly(D2.toString(), D1.toString(), D0.toString());

      Result bad = adf(args("windows", "--from", "yesterday"));
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("--from 'yesterday'").doesNotContain("\tat ");
      assertThat(adf(args("windows", "--from", D2.toString(), "--to", D1.toString())).exit()).isEqualTo(2);
    }
  }

  @Test
  void rerunOfARangeSendsReadyAndFailedBackToWaitingKeepsAttemptsAndDoesNotCascade() throws Exception {
    try (Harness h = deployed()) {
      ran(h, "Stage", D0, WindowState.of(WindowStatus.Ready));
      ran(h, "Stage", D1, WindowState.of(WindowStatus.Failed));
      ran(h, "Publish", D0, WindowState.of(WindowStatus.Ready));

      Result r = adf(args("rerun", "--pipeline", "chain", "--activity", "STAGE", "--from", D0.toString(),
          "--to", "2015-11-19T00:00:00Z"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("2 window(s) rerun, 1 left");

      for (Instant d : List.of(D0, D1)) {
        ActivityWindow w = window(h, "Stage", d);
        assertThat(w.state()).isEqualTo(WindowState.of(WindowSubstatus.ScheduledTime));
        assertThat(w.attempts()).isEqualTo(1);
      }
      // ADF's rerun does not cascade: the downstream window that was Ready stays Ready.
      assertThat(window(h, "Publish", D0).state().status()).isEqualTo(WindowStatus.Ready);
      // Attempt numbers continue after a rerun.
      ActivityWindow again = h.orchestrator.store().claim(window(h, "Stage", D0), NOW).orElseThrow();
      assertThat(again.attempts()).isEqualTo(2);
      assertThat(h.attempts(again)).extracting(Attempt::number).containsExactly(1, 2);

      // One window that is InProgress is refused, with a clear message; nothing changes.
      Result busy = adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage", "--window", D0.toString()));
      assertThat(busy.exit()).isEqualTo(1);
      assertThat(busy.err()).contains("InProgress", "nothing was changed").doesNotContain("\tat ");
      assertThat(window(h, "Stage", D0).state().status()).isEqualTo(WindowStatus.InProgress);
    }
  }

  @Test
  void actionsAreRecordedInTheAuditLogRefusedOnesTooAndWindowsFiltersOnSeveralStatuses() throws Exception {
    try (Harness h = deployed()) {
      ran(h, "Stage", D0, WindowState.of(WindowStatus.Ready));
      ran(h, "Stage", D1, WindowState.of(WindowStatus.Failed));
      JsonNode both = JSON.readTree(adf(args("windows", "--status", "Ready,Failed", "--format", "json")).out());
      assertThat(both).extracting(n -> n.get("status").asText()).containsExactlyInAnyOrder("Ready", "Failed");
      JsonNode recent = JSON.readTree(adf(args("windows", "--recent", "--format", "json")).out());
      assertThat(recent).extracting(n -> n.get("windowStart").asText()).containsExactly(D1.toString(), D0.toString());
      Result badSub = adf(args("windows", "--substatus", "Nope"));
      assertThat(badSub.exit()).isEqualTo(2);
      assertThat(badSub.err()).contains("--substatus Nope", "DatasetDependencies");

      assertThat(adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage", "--window", D1.toString())).exit())
          .isZero();
      assertThat(adf(args("pause", "Chain")).exit()).isZero();
      assertThat(adf(args("rerun", "--pipeline", "Nope", "--activity", "Stage", "--window", D0.toString())).exit())
          .isEqualTo(2);

      var audit = h.orchestrator.history().audit(0, 10);
      assertThat(audit).hasSize(3);
      assertThat(audit.get(2).action()).isEqualTo("rerun");
      assertThat(audit.get(2).changed()).isEqualTo(1);
      assertThat(audit.get(2).command()).isEqualTo("adf rerun --pipeline Chain --activity Stage --window "
          + D1 + " --home " + home);
      assertThat(audit.get(2).actor()).startsWith("cli:");
      assertThat(audit.get(1).action()).isEqualTo("pause");
      assertThat(audit.get(1).target()).isEqualTo("Chain");
      assertThat(audit.get(0).result()).startsWith("refused: no pipeline Nope");
      assertThat(audit.get(0).changed()).isZero();
    }
  }

  @Test
  void previewsChangeNothingAndTheBlockingChainEndsAtTheRootCause() throws Exception {
    try (Harness h = deployed()) {
      ran(h, "Stage", D0, WindowState.of(WindowStatus.Failed));
      var view = h.orchestrator.deployedFactory();
      var actions = new dev.adf.orchestrator.actions.WindowActions(h.orchestrator.store(), view);
      var selection = dev.adf.orchestrator.actions.Selection.window("Chain", "Publish", D0);
      var preview = actions.previewRerun(List.of(selection), true);
      assertThat(preview.changed()).extracting(w -> w.key().activity()).containsExactly("Stage");
      assertThat(preview.unchanged()).extracting(w -> w.key().activity()).containsExactly("Publish");
      assertThat(window(h, "Stage", D0).state().status()).isEqualTo(WindowStatus.Failed);

      var pass = new dev.adf.orchestrator.schedule.SchedulingPass(h.orchestrator.store(),
          h.orchestrator::deployedFactory, new dev.adf.orchestrator.compute.BlobSliceCheck(h.orchestrator.storageRoot()),
          h.runner);
      var chain = new dev.adf.orchestrator.actions.Why(h.orchestrator.store(), actions, pass)
          .chain("Chain", "Publish", D0, NOW);
      assertThat(chain).hasSize(2);
      assertThat(chain.get(0).line()).contains("Waiting/DatasetDependencies", "input mid slice");
      assertThat(chain.get(0).upstream()).isEqualTo(window(h, "Stage", D0).key());
      assertThat(chain.get(1).window().state().status()).isEqualTo(WindowStatus.Failed);
      assertThat(chain.get(1).upstream()).isNull();

      // Previews refuse exactly when the action would.
      h.orchestrator.store().claim(window(h, "Publish", D1), NOW).orElseThrow();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> actions.previewSkip(
          List.of(dev.adf.orchestrator.actions.Selection.window("Chain", "Publish", D1))))
          .isInstanceOf(dev.adf.orchestrator.actions.ActionException.class).hasMessageContaining("InProgress");
    }
  }

  @Test
  void rerunWithUpstreamResetsTheProducingWindowsInThePipelineOnly() throws Exception {
    try (Harness h = deployed()) {
      ran(h, "Stage", D0, WindowState.of(WindowStatus.Ready));
      ran(h, "Stage", D1, WindowState.of(WindowStatus.Ready));
      ran(h, "Publish", D1, WindowState.of(WindowStatus.Ready));

      Result r = adf(args("rerun", "--pipeline", "Chain", "--activity", "Publish", "--window", D1.toString(),
          "--upstream"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(window(h, "Publish", D1).state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(window(h, "Stage", D1).state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(window(h, "Stage", D0).state().status()).isEqualTo(WindowStatus.Ready);
    }
  }

  @Test
  void unknownPipelineActivityOrWindowAndBadSelectorsExitTwoWithoutStackTrace() throws Exception {
    try (Harness h = deployed()) {
      List<Result> bad = List.of(
          adf(args("rerun", "--pipeline", "Nope", "--activity", "Stage", "--window", D0.toString())),
          adf(args("skip", "--pipeline", "Chain", "--activity", "Nope", "--window", D0.toString())),
          adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage", "--window", "2015-11-16T01:00:00Z")),
          adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage", "--from", "2020-01-01T00:00:00Z",
              "--to", "2020-02-01T00:00:00Z")),
          adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage")),
          adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage", "--window", D0.toString(),
              "--from", D0.toString())),
          adf(args("pause", "Nope")),
          adf(args("resume", "Nope")),
          adf(args("why", "--pipeline", "Chain", "--activity", "Stage", "--window", "2015-11-16")));
      for (Result r : bad) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("adf: ").doesNotContain("\tat ").doesNotContain("Exception");
      }
      assertThat(bad.get(0).err()).contains("no pipeline Nope", "Chain");
      assertThat(bad.get(2).err()).contains("no activity window of Chain/Stage starts at 2015-11-16T01:00:00Z");
    }
  }

  @Test
  void skipMarksWaitingAndFailedSkippedAndThePassSkipsTheDownstreamWindow() throws Exception {
    try (Harness h = deployed()) {
      ran(h, "Stage", D0, WindowState.of(WindowStatus.Ready));
      ran(h, "Stage", D1, WindowState.of(WindowStatus.Failed));
      Result r = adf(args("skip", "--pipeline", "Chain", "--activity", "Stage", "--from", D0.toString(),
          "--to", "2015-11-19T00:00:00Z"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(window(h, "Stage", D0).state().status()).isEqualTo(WindowStatus.Ready);
      assertThat(window(h, "Stage", D1).state().status()).isEqualTo(WindowStatus.Skipped);
      assertThat(window(h, "Stage", D2).state().status()).isEqualTo(WindowStatus.Skipped);

      Result why = adf(args("why", "--pipeline", "Chain", "--activity", "Publish", "--window", D1.toString()));
      assertThat(why.out()).contains("input mid slice", "is Skipped", "marks it Skipped");

      h.pass();
      assertThat(window(h, "Publish", D1).state().status()).isEqualTo(WindowStatus.Skipped);
      assertThat(window(h, "Publish", D2).state().status()).isEqualTo(WindowStatus.Skipped);
      // A Skipped window runs again after a rerun.
      assertThat(adf(args("rerun", "--pipeline", "Chain", "--activity", "Stage", "--window", D1.toString())).exit())
          .isZero();
      assertThat(window(h, "Stage", D1).state().status()).isEqualTo(WindowStatus.Waiting);
    }
  }

  @Test
  void pauseHoldsWaitingWindowsInActivityResumeUntilResumeAndWhySaysWhy() throws Exception {
    try (Harness h = deployed()) {
      ran(h, "Stage", D0, WindowState.of(WindowStatus.Ready));
      Result p = adf(args("pause", "chain"));
      assertThat(p.exit()).as(p.err()).isZero();
      assertThat(p.out()).contains("paused Chain");

      h.pass();
      assertThat(window(h, "Publish", D0).state()).isEqualTo(WindowState.of(WindowSubstatus.ActivityResume));
      assertThat(h.runner.running()).isEmpty();
      Result why = adf(args("why", "--pipeline", "Chain", "--activity", "Publish", "--window", D0.toString()));
      assertThat(why.exit()).isZero();
      assertThat(why.out()).contains("Waiting/ActivityResume", "pipeline Chain is paused", "adf pause");
      assertThat(why.out().lines()).hasSize(1);

      // A redeploy keeps the run-time pause.
      Path pipelineFile = factory.resolve("Pipeline/SparkSubmit.json");
      Files.writeString(pipelineFile, Files.readString(pipelineFile).replace("Submit a spark job", "changed"));
      Result redeploy = adf(args("deploy", factory.toString(), "--config", SampleFactory.localConfig()));
      assertThat(redeploy.exit()).as(redeploy.err()).isZero();
      assertThat(redeploy.out()).doesNotContain("No changes");
      assertThat(h.orchestrator.store().pauses()).extracting(Store.PipelinePause::pipeline).containsExactly("Chain");

      Result r = adf(args("resume", "Chain"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("resumed Chain");
      assertThat(adf(args("resume", "Chain")).out()).contains("was not paused");

      Result whyStage = adf(args("why", "--pipeline", "Chain", "--activity", "Stage", "--window", D1.toString()));
      assertThat(whyStage.out()).contains("Waiting/DatasetDependencies", "input input slice");
      Result whyPublish = adf(args("why", "--pipeline", "Chain", "--activity", "Publish", "--window", D1.toString()));
      assertThat(whyPublish.out()).contains("input mid slice", "Waiting");
      Result whyReady = adf(args("why", "--pipeline", "Chain", "--activity", "Stage", "--window", D0.toString()));
      assertThat(whyReady.out()).contains("is Ready");
    }
  }
}
