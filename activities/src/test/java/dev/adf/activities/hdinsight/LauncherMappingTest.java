package dev.adf.activities.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the launcher names its batches, locates jars and reads a failed job's log. */
class LauncherMappingTest {

  @Test
  void batchNamesAreTheIdempotencyKeyMadePathSafe() {
    assertThat(HDInsightMapReduceActivity.batchName("CopyPipeline/Spark Launcher/2015-11-16T00:00:00Z/2"))
        .isEqualTo("CopyPipeline.Spark.Launcher.2015-11-16T00.00.00Z.2")
        .matches("[A-Za-z0-9._-]+");
  }

  @Test
  void containerPathJarsBecomeWasbUrlsInTheJarStorageAccount() {
    assertThat(JarLocations.toUrl("libs/sparkdemoapp_2.10-1.0.jar", "myaccount"))
        .isEqualTo("wasb://libs@myaccount.blob.core.windows.net/sparkdemoapp_2.10-1.0.jar");
    assertThat(JarLocations.toUrl("libs/app.jar", null)).isEqualTo("wasb://libs@local.blob.core.windows.net/app.jar");
    assertThat(JarLocations.toUrl("wasbs://c@a.blob.core.windows.net/x.jar", "other"))
        .isEqualTo("wasbs://c@a.blob.core.windows.net/x.jar");
    assertThat(JarLocations.toUrl("/usr/hdp/current/hadoop-client/hadoop-azure.jar", "a"))
        .isEqualTo("/usr/hdp/current/hadoop-client/hadoop-azure.jar");
    assertThat(JarLocations.toUrl("file:/tmp/app.jar", "a")).isEqualTo("file:/tmp/app.jar");
    assertThat(JarLocations.accountOf("DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=k==")).isEqualTo("acct1");
    assertThat(JarLocations.accountOf("UseLocalStore=true")).isNull();
  }

  @Test
  void theFailureReasonIsTheRootCauseOfTheLastStackTrace() {
    List<String> log = List.of(
        "stdout:",
        "blob copy from wasb://input@local/x to wasb://output@local/y",
        "stderr:",
        "Exception in thread \"main\" java.lang.IllegalStateException: copy failed",
        "\tat dev.adf.Job.run(Job.java:10)",
        "Caused by: java.io.IOException: input wasb://input@local/x has no blobs; nothing to copy",
        "\tat dev.adf.Job.copy(Job.java:20)",
        "\t... 3 more");
    assertThat(FailureLines.reason(log)).isEqualTo("java.io.IOException: input wasb://input@local/x has no blobs; nothing to copy");
    assertThat(FailureLines.reason(List.of("starting", "exit code 3", "\tat x.Y.z(Y.java:1)"))).isEqualTo("exit code 3");
    assertThat(FailureLines.reason(List.of())).isEmpty();
  }
}
