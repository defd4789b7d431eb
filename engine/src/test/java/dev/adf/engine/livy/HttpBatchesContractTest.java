package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract through LivyHttpClient → LivyServer → EngineBatches on loopback. */
class HttpBatchesContractTest extends LivyBatchesContract {
  LivyServer server;

  @Override
  LivyBatches open(EngineBatches local) {
    server = LivyServer.builder(local, "adf", "s3cret").port(0).start();
    return LivyHttpClient.builder(server.uri()).credentials("adf", "s3cret").build();
  }

  @Override
  void closeTransport() {
    server.close();
  }

  @Test
  void describesTheServerByItsUrl() {
    assertThat(batches.describe()).isEqualTo("Livy at http://127.0.0.1:" + server.port());
  }
}
