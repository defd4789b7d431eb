package dev.adf.spark.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobPathsTest {

  @Test
  void localStoreHostsMapUnderTheRootWhenARootIsSet() {
    assertThat(BlobPaths.resolve("wasbs://data@local/in/x", "/srv/store").toString()).isEqualTo("file:/srv/store/data/in/x");
    assertThat(BlobPaths.resolve("WASB://data@local.blob.core.windows.net/in", "/srv/store/").toString())
        .isEqualTo("file:/srv/store/data/in");
    assertThat(BlobPaths.resolve("wasb://data@local", "/srv/store").toString()).isEqualTo("file:/srv/store/data");
  }

  @Test
  void otherUrisAndNoRootAreLeftToHadoop() {
    assertThat(BlobPaths.resolve("wasb://data@acct.blob.core.windows.net/in", "/srv/store").toString())
        .isEqualTo("wasb://data@acct.blob.core.windows.net/in");
    assertThat(BlobPaths.resolve("wasb://data@local/in", null).toString()).isEqualTo("wasb://data@local/in");
    assertThat(BlobPaths.resolve("file:/tmp/x", "/srv/store").toString()).isEqualTo("file:/tmp/x");
  }
}
