package dev.adf.orchestrator.compute;

import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.schedule.ExternalSliceCheck;
import dev.adf.orchestrator.window.TimeWindow;
import java.nio.file.Path;

/**
 * The availability check of an external AzureBlob dataset's slice: the slice is available when its
 * {@code fileName} exists in {@code folderPath}, or, without a fileName, when the folder holds at
 * least one blob (ADF v1 "Datasets", external datasets and Azure Blob connector).
 */
public final class BlobSliceCheck implements ExternalSliceCheck {
  private final Path localStoreRoot;

  public BlobSliceCheck(Path localStoreRoot) {
    this.localStoreRoot = localStoreRoot;
  }

  /**
   * @throws IllegalArgumentException when the dataset is not an AzureBlob dataset on an AzureStorage
   *     linked service, or its folderPath or connection string cannot be understood
   */
  @Override
  public boolean isAvailable(Factory factory, Dataset dataset, TimeWindow slice) throws Exception {
    if (!"AzureBlob".equalsIgnoreCase(dataset.type())) {
      throw new IllegalArgumentException("availability checks of " + dataset.type() + " datasets are not"
          + " supported yet; dataset " + dataset.name());
    }
    var ls = factory.linkedService(dataset.linkedServiceName()).orElseThrow(() ->
        new IllegalArgumentException("dataset " + dataset.name() + " names linked service "
            + dataset.linkedServiceName() + ", which is not deployed"));
    String cs = text(ls.typeProperties(), "connectionString");
    BlobLocation folder = BlobLocation.parseFolderPath(text(dataset.typeProperties(), "folderPath"));
    String fileName = text(dataset.typeProperties(), "fileName");
    try (BlobStore store = BlobStores.open(cs, localStoreRoot)) {
      if (fileName != null) {
        return store.exists(folder.container(), folder.prefix() + fileName);
      }
      return store.list(folder.container(), folder.prefix()).hasNext();
    }
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode node, String name) {
    return dev.adf.activities.AdfJson.text(node, name);
  }
}
