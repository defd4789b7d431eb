package dev.adf.spark.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class StorageCredentialsTest {

  private static final String SECRET = "c2VjcmV0LWtleS1ub3QtdG8tbG9n==";

  @Test
  void accountKeyGoesToTheWasbConfKey() {
    Configuration conf = new Configuration(false);
    assertThat(StorageCredentials.configure(
            "DefaultEndpointsProtocol=https;accountname=acct1;ACCOUNTKEY=" + SECRET + ";", conf))
        .containsExactly("fs.azure.account.key.acct1.blob.core.windows.net");
    assertThat(conf.get("fs.azure.account.key.acct1.blob.core.windows.net")).isEqualTo(SECRET);
  }

  @Test
  void endpointSuffixIsHonoured() {
    Configuration conf = new Configuration(false);
    StorageCredentials.configure("AccountName=devstoreaccount1;AccountKey=" + SECRET + ";EndpointSuffix=localhost:10200", conf);
    assertThat(conf.get("fs.azure.account.key.devstoreaccount1.blob.localhost:10200")).isEqualTo(SECRET);
  }

  @Test
  void anExistingKeyIsKept() {
    Configuration conf = new Configuration(false);
    conf.set("fs.azure.account.key.acct1.blob.core.windows.net", "from-spark-hadoop-conf");
    StorageCredentials.configure("AccountName=acct1;AccountKey=" + SECRET, conf);
    assertThat(conf.get("fs.azure.account.key.acct1.blob.core.windows.net")).isEqualTo("from-spark-hadoop-conf");
  }

  @Test
  void otherFormsLeaveTheConfAlone() {
    for (String cs : new String[] {
        null, "", "UseLocalStore=true", "UseDevelopmentStorage=true", "AccountName=acct1;SharedAccessSignature=sv=x",
        "AccountKey=" + SECRET, "not a connection string"}) {
      Configuration conf = new Configuration(false);
      assertThat(StorageCredentials.configure(cs, conf)).as(String.valueOf(cs)).isEmpty();
      assertThat(conf.size()).isZero();
    }
  }

  /** Azurite's connection string, as {@code AzuriteExtension.connectionString()} gives it. */
  private static final String AZURITE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
      + SECRET + ";BlobEndpoint=http://127.0.0.1:10200/devstoreaccount1;";

  @Test
  void eachWasbHostOfTheAccountGetsTheKeyWithItsPort() {
    Configuration conf = new Configuration(false);
    List<String> keys = StorageCredentials.configure(AZURITE, conf, List.of(
        "wasb://in@devstoreaccount1.blob.localhost:10200/data",
        " WASBS://out@DevStoreAccount1.blob.localhost:10201/copy/deep ",
        "wasb://bare@devstoreaccount1.blob.localhost"));
    assertThat(keys).containsExactly(
        "fs.azure.account.key.devstoreaccount1.blob.core.windows.net",
        "fs.azure.account.key.devstoreaccount1.blob.localhost:10200",
        "fs.azure.account.key.DevStoreAccount1.blob.localhost:10201",
        "fs.azure.account.key.devstoreaccount1.blob.localhost");
    for (String k : keys) {
      assertThat(conf.get(k)).as(k).isEqualTo(SECRET);
    }
    assertThat(conf.size()).isEqualTo(4);
  }

  @Test
  void theSameHostTwiceIsOneKeyAndAnExistingHostKeyIsKept() {
    Configuration conf = new Configuration(false);
    conf.set("fs.azure.account.key.devstoreaccount1.blob.localhost:10200", "from-spark-hadoop-conf");
    List<String> keys = StorageCredentials.configure(AZURITE, conf, List.of(
        "wasb://in@devstoreaccount1.blob.localhost:10200/data", "wasb://out@devstoreaccount1.blob.localhost:10200/copy"));
    assertThat(keys).containsExactly("fs.azure.account.key.devstoreaccount1.blob.core.windows.net",
        "fs.azure.account.key.devstoreaccount1.blob.localhost:10200");
    assertThat(conf.get("fs.azure.account.key.devstoreaccount1.blob.localhost:10200")).isEqualTo("from-spark-hadoop-conf");
  }

  @Test
  void hostsOfOtherAccountsAndOtherSchemesGetNothing() {
    Configuration conf = new Configuration(false);
    List<String> keys = StorageCredentials.configure(AZURITE, conf, Arrays.asList(
        "wasb://in@otheraccount.blob.core.windows.net/data", // another account
        "wasb://in@devstoreaccount1evil.blob.localhost/data", // only a prefix of the first label
        "wasb://in@devstoreaccount1/data", // no dot: the emulator form, not a host of the account
        "wasb://in@local/data",
        "abfs://in@devstoreaccount1.dfs.localhost:10200/data", // not wasb
        "file:/tmp/devstoreaccount1.blob.localhost",
        "wasb://devstoreaccount1.blob.localhost/no-container",
        "",
        null));
    assertThat(keys).containsExactly("fs.azure.account.key.devstoreaccount1.blob.core.windows.net");
    assertThat(conf.size()).isEqualTo(1);
  }

  @Test
  void noAccountKeyMeansNoHostKeyEither() {
    Configuration conf = new Configuration(false);
    assertThat(StorageCredentials.configure("UseDevelopmentStorage=true", conf,
        List.of("wasb://in@devstoreaccount1.blob.localhost:10200/data"))).isEmpty();
    assertThat(StorageCredentials.configure("AccountName=devstoreaccount1;SharedAccessSignature=sv=x", conf,
        List.of("wasb://in@devstoreaccount1.blob.localhost:10200/data"))).isEmpty();
    assertThat(conf.size()).isZero();
  }
}
