package dev.adf.orchestrator.compute;

import dev.adf.activities.AdfJson;
import dev.adf.activities.expression.PartitionedBy;
import dev.adf.activities.expression.SliceVariables;
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
 * least one blob (ADF v1 "Datasets", external datasets and Azure Blob connector). Both are the
 * slice's: {@code partitionedBy} tokens ({@code {Year}}, …) or a {@code $$Text.Format} expression are
 * resolved for the slice first ({@link PartitionedBy}).
 */
public final class BlobSliceCheck implements ExternalSliceCheck {
  private final Path localStoreRoot;

  public BlobSliceCheck(Path localStoreRoot) {
    this.localStoreRoot = localStoreRoot;
  }

  /**
   * @throws IllegalArgumentException when the dataset is not an AzureBlob dataset on an AzureStorage
   *     linked service, or its folderPath or connection string cannot be understood
   * @throws dev.adf.activities.expression.ExpressionException when its partitionedBy or a token in
   *     folderPath/fileName cannot be resolved (deploy validation reports these first)
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
    PartitionedBy partitions = PartitionedBy.parse(AdfJson.member(dataset.typeProperties(), "partitionedBy"));
    SliceVariables vars = SliceVariables.of(slice.start(), slice.end());
    BlobLocation folder = BlobLocation.parseFolderPath(
        partitions.resolve(text(dataset.typeProperties(), "folderPath"), vars));
    String fileName = partitions.resolve(text(dataset.typeProperties(), "fileName"), vars);
    try (BlobStore store = BlobStores.open(cs, localStoreRoot)) {
      if (fileName != null) {
        return store.exists(folder.container(), folder.prefix() + fileName);
      }
      return store.list(folder.container(), folder.prefix()).hasNext();
    }
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode node, String name) {
    return AdfJson.text(node, name);
  }
}
