package dev.adf.spark.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyArgumentsTest {

  @Test
  void readsTheSampleFormCaseInsensitively() {
    assertThat(CopyArguments.parse(List.of("INPUT=wasb://in@acct.blob.core.windows.net/a", "Output=file:/tmp/out")))
        .isEqualTo(new CopyArguments("wasb://in@acct.blob.core.windows.net/a", "file:/tmp/out"));
  }

  @Test
  void readsFlagsAndSkipsOtherFlagPairs() {
    assertThat(CopyArguments.parse(List.of("--verbose", "true", "--input", "file:/a", "--mode", "fast", "--output", "file:/b")))
        .isEqualTo(new CopyArguments("file:/a", "file:/b"));
    // a flag followed by a location is not given the location as its value
    assertThat(CopyArguments.parse(List.of("--flag", "input=file:/a", "output=file:/b")))
        .isEqualTo(new CopyArguments("file:/a", "file:/b"));
  }

  @Test
  void missingOutputIsNamedWithoutEchoingTheOtherArguments() {
    assertThatThrownBy(() -> CopyArguments.parse(List.of("--key", "s3cr3t-value", "input=file:/a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("missing output")
        .message().doesNotContain("s3cr3t-value").doesNotContain("file:/a");
    assertThatThrownBy(() -> CopyArguments.parse(List.of("output=file:/b")))
        .hasMessageEndingWith("missing input");
    assertThatThrownBy(() -> CopyArguments.parse(List.of("--input")))
        .hasMessageEndingWith("missing input and output");
    assertThatThrownBy(() -> CopyArguments.parse(List.of("input=", "output=file:/b")))
        .hasMessageEndingWith("missing input");
  }
}
