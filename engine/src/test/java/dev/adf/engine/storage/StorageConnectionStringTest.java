package dev.adf.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageConnectionStringTest {

  private static final String KEY = "c2VjcmV0LWtleS1ieXRlcw==";

  @Test
  void azureAccountWithDefaults() {
    var cs = StorageConnectionString.parse("AccountName=acct;AccountKey=" + KEY, null);
    assertThat(cs.kind()).isEqualTo(StorageConnectionString.Kind.AZURE);
    assertThat(cs.accountName()).isEqualTo("acct");
    assertThat(cs.accountKey()).isEqualTo(KEY);
    assertThat(cs.blobEndpoint()).hasToString("https://acct.blob.core.windows.net");
  }

  @Test
  void keysAreCaseInsensitiveAndProtocolAndSuffixApply() {
    var cs = StorageConnectionString.parse(
        "defaultendpointsprotocol=http; ACCOUNTNAME=acct ;accountkey=" + KEY + ";EndpointSuffix=core.chinacloudapi.cn;", null);
    assertThat(cs.blobEndpoint()).hasToString("http://acct.blob.core.chinacloudapi.cn");
  }

  @Test
  void explicitBlobEndpointWinsForAzurite() {
    var cs = StorageConnectionString.parse(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + KEY
            + ";BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/x;", null);
    assertThat(cs.blobEndpoint()).hasToString("http://127.0.0.1:41234/devstoreaccount1");
  }

  @Test
  void developmentStorageMeansAzuriteDefaults() {
    var cs = StorageConnectionString.parse("UseDevelopmentStorage=true", null);
    assertThat(cs.accountName()).isEqualTo("devstoreaccount1");
    assertThat(cs.accountKey()).isEqualTo(StorageConnectionString.DEV_ACCOUNT_KEY);
    assertThat(cs.blobEndpoint()).hasToString("http://127.0.0.1:10000/devstoreaccount1");
  }

  @Test
  void sharedAccessSignatureWithEndpoint() {
    var cs = StorageConnectionString.parse(
        "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=?sv=2020&sig=abc%3D", null);
    assertThat(cs.sharedAccessSignature()).isEqualTo("sv=2020&sig=abc%3D");
    assertThat(cs.accountKey()).isNull();
  }

  @Test
  void localForms(@org.junit.jupiter.api.io.TempDir Path tmp) {
    assertThat(StorageConnectionString.parse("UseLocalStore=true", tmp).localRoot()).isEqualTo(tmp);
    var cs = StorageConnectionString.parse("LocalStoreRoot=" + tmp.resolve("x"), null);
    assertThat(cs.isLocal()).isTrue();
    assertThat(cs.localRoot()).isEqualTo(tmp.resolve("x"));
    assertThatThrownBy(() -> StorageConnectionString.parse("LocalStoreRoot=rel/path", null))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> StorageConnectionString.parse("UseLocalStore=true", null))
        .hasMessageContaining("local root");
  }

  @Test
  void toStringRedactsSecrets() {
    var cs = StorageConnectionString.parse(
        "AccountName=acct;AccountKey=" + KEY + ";SharedAccessSignature=sig=zzzsecret", null);
    assertThat(cs.toString()).doesNotContain(KEY).doesNotContain("zzzsecret").contains("AccountKey=***");
  }

  @Test
  void errorsAreClearAndNeverContainTheKey() {
    assertThatThrownBy(() -> StorageConnectionString.parse("", null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> StorageConnectionString.parse("AccountName=a", null))
        .hasMessageContaining("neither AccountKey nor SharedAccessSignature");
    assertThatThrownBy(() -> StorageConnectionString.parse("AccountKey=" + KEY, null))
        .hasMessageContaining("no AccountName").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> StorageConnectionString.parse("AccountName=a;" + KEY.replace("=", "") + ";AccountKey=x", null))
        .hasMessageContaining("segment 2 is not Key=Value").hasMessageNotContaining(KEY.replace("=", ""));
    assertThatThrownBy(() -> StorageConnectionString.parse("AccountName=a;AccountKey=" + KEY + ";accountkey=" + KEY, null))
        .hasMessageContaining("twice").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> StorageConnectionString.parse(
            "AccountName=a;AccountKey=" + KEY + ";DefaultEndpointsProtocol=ftp", null))
        .hasMessageContaining("http or https").hasMessageNotContaining(KEY);
  }

  @Test
  void blobStoresOpensTheRightAdapter(@org.junit.jupiter.api.io.TempDir Path tmp) {
    try (BlobStore local = BlobStores.open("UseLocalStore=true", tmp);
        BlobStore azure = BlobStores.open("AccountName=acct;AccountKey=" + KEY, null)) {
      assertThat(local).isInstanceOf(LocalFolderBlobStore.class);
      assertThat(azure).isInstanceOf(AzureBlobStore.class);
      assertThat(azure.describe()).contains("acct").doesNotContain(KEY);
    }
  }
}
