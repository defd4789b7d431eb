package dev.adf.spark.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class StorageCredentialsTest {

  private static final String SECRET = "c2VjcmV0LWtleS1ub3QtdG8tbG9n==";

  @Test
  void accountKeyGoesToTheWasbConfKey() {
    Configuration conf = new Configuration(false);
    assertThat(StorageCredentials.configure(
            "DefaultEndpointsProtocol=https;accountname=acct1;ACCOUNTKEY=" + SECRET + ";", conf))
        .contains("fs.azure.account.key.acct1.blob.core.windows.net");
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
}
