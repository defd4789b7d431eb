package dev.adf.activities.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparkLaunchTest {
  static final List<String> SAMPLE_ARGS = List.of(
      "--jarFile", "libs/sparkdemoapp_2.10-1.0.jar",
      "--jars", "/usr/hdp/a.jar,/usr/hdp/b.jar",
      "--mainClass", "com.adf.spark.demo.Demo",
      "--master", "yarn-cluster",
      "--driverMemory", "2g",
      "--driverExtraClasspath", "/usr/lib/hdinsight-logging/*",
      "--executorCores", "1",
      "--executorMemory", "4g",
      "--sparkHome", "/usr/hdp/current/spark-client",
      "--connectionString", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=secret",
      "input=wasb://input@acct.blob.core.windows.net/data",
      "output=wasb://output@acct.blob.core.windows.net/results");

  @Test
  void readsTheSparkSampleLauncherArguments() {
    SparkLaunch l = SparkLaunch.parse(SAMPLE_ARGS);
    assertThat(l.mainClass()).isEqualTo("com.adf.spark.demo.Demo");
    assertThat(l.appJar()).isEqualTo("libs/sparkdemoapp_2.10-1.0.jar");
    assertThat(l.jars()).containsExactly("/usr/hdp/a.jar", "/usr/hdp/b.jar");
    assertThat(l.conf()).containsEntry("driverMemory", "2g").containsEntry("executorMemory", "4g")
        .containsEntry("executorCores", "1");
    assertThat(l.appArgs()).containsExactly(
        "input=wasb://input@acct.blob.core.windows.net/data", "output=wasb://output@acct.blob.core.windows.net/results");
    assertThat(l.toString()).doesNotContain("secret");
  }

  @Test
  void readsTheLaterLauncherSpellings() {
    SparkLaunch l = SparkLaunch.parse(List.of("--appFile", "adflibs/app.jar", "--class", "SimpleSparkADFDemo",
        "--executor_cores", "5", "--executor_memory", "15g", "--num_executors", "4", "extra"));
    assertThat(l.mainClass()).isEqualTo("SimpleSparkADFDemo");
    assertThat(l.appJar()).isEqualTo("adflibs/app.jar");
    assertThat(l.conf()).containsEntry("executorCores", "5").containsEntry("numExecutors", "4");
    assertThat(l.appArgs()).containsExactly("extra");
  }

  @Test
  void anOptionWithoutItsValueIsAClearError() {
    assertThatThrownBy(() -> SparkLaunch.parse(List.of("--mainClass")))
        .hasMessageContaining("--mainClass needs a value");
  }

  @Test
  void typePropertiesAreReadCaseInsensitivelyAndClassNameIsRequired() throws Exception {
    var json = new ObjectMapper().readTree(
        "{\"ClassName\":\"com.adf.spark.SparkJob\",\"JARFilePath\":\"libs/x.jar\",\"arguments\":[\"a\"],"
            + "\"defines\":{\"k\":\"v\"}}");
    MapReduceTypeProperties p = MapReduceTypeProperties.from(json);
    assertThat(p.className()).isEqualTo("com.adf.spark.SparkJob");
    assertThat(p.jarFilePath()).isEqualTo("libs/x.jar");
    assertThat(p.arguments()).containsExactly("a");
    assertThat(p.defines()).containsEntry("k", "v");
    assertThat(p.getDebugInfo()).isEqualTo(DebugInfo.FAILURE); // our default: see DebugInfo
    assertThatThrownBy(() -> MapReduceTypeProperties.from(new ObjectMapper().readTree("{}")))
        .hasMessageContaining("className is required");
  }
}
