package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.storage.BlobLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyArgumentsTest {

  @Test
  void parsesTheSparkSampleArgumentsIgnoringFlags() {
    var args = CopyArguments.parse(List.of(
        "--jars", "wasb://adfspark@acct.blob.core.windows.net/jars/a.jar",
        "--mainClass", "com.adf.spark.demo.Demo",
        "--driverMemory", "2g",
        "--connectionString", "AccountName=a;AccountKey=SECRET==",
        "input=wasb://input@ACCOUNT.blob.core.windows.net/data",
        "output=wasb://output@ACCOUNT.blob.core.windows.net/results"));
    assertThat(args.input()).isEqualTo(new BlobLocation("ACCOUNT", "input", "data"));
    assertThat(args.output()).isEqualTo(new BlobLocation("ACCOUNT", "output", "results"));
  }

  @Test
  void acceptsFlagFormsAndValuelessFlagsBeforeLocations() {
    var args = CopyArguments.parse(List.of("--verbose", "input=wasb://a@x.blob.core.windows.net/p",
        "--output", "wasb://b@x.blob.core.windows.net/q"));
    assertThat(args.input().container()).isEqualTo("a");
    assertThat(args.output().container()).isEqualTo("b");
  }

  @Test
  void missingOrMalformedLocationsFailWithoutEchoingOtherArguments() {
    assertThatThrownBy(() -> CopyArguments.parse(List.of("--connectionString", "AccountKey=SECRET==",
            "input=wasb://a@x.blob.core.windows.net/p")))
        .hasMessageContaining("missing output").hasMessageNotContaining("SECRET");
    assertThatThrownBy(() -> CopyArguments.parse(List.of())).hasMessageContaining("missing input and output");
    assertThatThrownBy(() -> CopyArguments.parse(List.of("input=/tmp/x", "output=wasb://b@x.blob.core.windows.net/q")))
        .hasMessageContaining("not a wasb URL");
  }
}
