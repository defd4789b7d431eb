package dev.adf.activities.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.engine.livy.CreateBatchRequest;
import dev.adf.engine.livy.LivyTestJobs;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Livy follow loop both launcher activities share, on a real built-in engine: reading a whole log
 * page by page, the cap, and getDebugInfo for HDInsightMapReduce.
 */
class LivyBatchRunTest {

  @TempDir Path tmp;
  EngineFixture f;
  EngineFixture.Recording listener;
  String appJar;

  @BeforeEach
  void start() throws Exception {
    f = new EngineFixture(tmp);
    listener = new EngineFixture.Recording(f.batches);
    appJar = f.putJar("jars/app.jar").toUri().toString();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private ActivityOutcome runLines(int lines, DebugInfo debugInfo) throws InterruptedException {
    ActivityContext ctx = f.context("Test", "Lines", "{}", listener);
    CreateBatchRequest r = CreateBatchRequest.of(appJar, LivyTestJobs.Lines.class.getName(), List.of(String.valueOf(lines)))
        .withName("lines-" + lines);
    return new LivyBatchRun(ctx, f.batches, debugInfo, l -> {}).run(r);
  }

  private static List<String> numbered(List<String> log) {
    return log.stream().filter(l -> l.startsWith("line ")).toList();
  }

  @Test
  void theWholeLogIsReadPageByPageInOrder() throws Exception {
    ActivityOutcome outcome = runLines(2_500, DebugInfo.ALWAYS);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(listener.logs).hasSize(1);
    assertThat(numbered(listener.logs.get(0)))
        .isEqualTo(IntStream.range(0, 2_500).mapToObj(i -> "line " + i).toList());
  }

  @Test
  void aLongLogKeepsItsLastLinesAndSaysHowManyWereLeftOut() throws Exception {
    runLines(LivyBatchRun.MAX_LOG_LINES + 2_000, DebugInfo.ALWAYS);

    List<String> kept = listener.logs.get(0);
    assertThat(kept).hasSize(LivyBatchRun.MAX_LOG_LINES + 1);
    assertThat(kept.get(0)).matches("\\(\\d+ earlier lines of \\d+ left out: at most 10000 are kept\\)");
    assertThat(numbered(kept)).endsWith("line 11999");
  }

  @Test
  void aSuccessKeepsNoLogUnlessAlways() throws Exception {
    assertThat(runLines(3, DebugInfo.FAILURE).succeeded()).isTrue();
    assertThat(runLines(4, DebugInfo.NONE).succeeded()).isTrue();
    assertThat(listener.logs).isEmpty();
  }

  @Test
  void mapReduceKeepsTheLogOfAFailedAttemptByDefault() throws Exception {
    f.putJar("adflibs/com.adf.sparklauncher.jar");
    ActivityContext ctx = f.context(HDInsightMapReduceActivity.TYPE, "MRCopy", """
        {'className': 'com.adf.sparklauncher.AdfSparkJobLauncher', 'jarFilePath': 'adflibs/com.adf.sparklauncher.jar',
         'arguments': ['--mainClass', 'com.adf.spark.demo.Demo', '--appFile', 'adflibs/com.adf.sparklauncher.jar',
                       'input=wasb://input@local/data', 'output=wasb://output@local/results']}""",
        listener);

    ActivityOutcome outcome = new HDInsightMapReduceActivity().run(ctx);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.error()).contains("java.io.IOException: input input/data has no blobs");
    assertThat(listener.logs).hasSize(1);
    assertThat(listener.logs.get(0)).anyMatch(l -> l.contains("java.io.IOException: input input/data has no blobs"));
    assertThat(listener.batchHeldAtLog).containsExactly(true);
  }

  @Test
  void mapReduceRejectsAnUnknownGetDebugInfoValue() throws Exception {
    ActivityContext ctx = f.context(HDInsightMapReduceActivity.TYPE, "MR",
        "{'className': 'com.adf.spark.demo.Demo', 'jarFilePath': 'jars/app.jar', 'getDebugInfo': 'Sometimes'}", listener);

    ActivityOutcome outcome = new HDInsightMapReduceActivity().run(ctx);

    assertThat(outcome.retryable()).isFalse();
    assertThat(outcome.error()).contains("typeProperties.getDebugInfo 'Sometimes'").contains("None, Always or Failure");
    assertThat(f.engine.jobs()).isEmpty();
  }

  @Test
  void getDebugInfoValuesAreCaseInsensitiveAndDefaultToFailure() {
    assertThat(DebugInfo.parse(null, "p")).isEqualTo(DebugInfo.FAILURE);
    assertThat(DebugInfo.parse("always", "p")).isEqualTo(DebugInfo.ALWAYS);
    assertThat(DebugInfo.parse(" NONE ", "p")).isEqualTo(DebugInfo.NONE);
    assertThat(DebugInfo.FAILURE.keepsLogOf(false)).isTrue();
    assertThat(DebugInfo.FAILURE.keepsLogOf(true)).isFalse();
    assertThat(DebugInfo.ALWAYS.keepsLogOf(true)).isTrue();
    assertThat(DebugInfo.NONE.keepsLogOf(false)).isFalse();
  }
}
