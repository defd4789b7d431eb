package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract in process, with no HTTP. */
class EngineBatchesContractTest extends LivyBatchesContract {
  @Override
  LivyBatches open(EngineBatches local) {
    return local;
  }

  @Test
  void describesTheEngineByItsLocation() {
    assertThat(batches.describe()).isEqualTo("built-in engine at " + work);
  }
}
