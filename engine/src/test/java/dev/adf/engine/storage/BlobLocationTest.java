package dev.adf.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlobLocationTest {

  @Test
  void parsesWasbUrls() {
    var loc = BlobLocation.parseWasb("wasb://input@myaccount.blob.core.windows.net/data");
    assertThat(loc).isEqualTo(new BlobLocation("myaccount", "input", "data"));
    assertThat(loc.prefix()).isEqualTo("data/");
    var root = BlobLocation.parseWasb("wasbs://output@acct.blob.core.windows.net/");
    assertThat(root.path()).isEmpty();
    assertThat(root.prefix()).isEmpty();
  }

  @Test
  void parsesFolderPaths() {
    assertThat(BlobLocation.parseFolderPath("adfspark/Output/")).isEqualTo(new BlobLocation(null, "adfspark", "Output"));
    assertThat(BlobLocation.parseFolderPath("container").path()).isEmpty();
    assertThatThrownBy(() -> BlobLocation.parseFolderPath(" / ")).hasMessageContaining("empty");
  }

  @Test
  void rejectsOtherUrls() {
    assertThatThrownBy(() -> BlobLocation.parseWasb("https://acct.blob.core.windows.net/c/p"))
        .hasMessageContaining("expected wasb://container@account");
    assertThatThrownBy(() -> BlobLocation.parseWasb("wasb://acct.blob.core.windows.net/p"))
        .hasMessageContaining("not a wasb URL");
  }
}
