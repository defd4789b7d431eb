package dev.adf.orchestrator.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import dev.adf.activities.expression.PartitionedBy;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.schedule.ExternalSliceCheck;
import dev.adf.orchestrator.window.TimeWindow;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The availability check of an AzureBlob dataset's slice, against Azure Storage (or Azurite) or the
 * local folder store ({@link BlobStores#open}): the slice is available when its {@code fileName}
 * exists in {@code folderPath}, or, without a fileName, when the folder holds at least one blob (ADF
 * v1 "Datasets", external datasets and Azure Blob connector). Its size is that blob's length, or the
 * total length of every blob under the folder.
 *
 * <p>folderPath and fileName are resolved for the slice first, with SliceStart/SliceEnd = the slice
 * (UTC): {@code {Year}} tokens from {@code partitionedBy}, or a {@code $$Text.Format(…)} expression
 * (adf-v1-semantics §3, §6), e.g. {@code logs/{Year}/{Month}} → {@code logs/2016/07} for the slice
 * starting 2016-07-12T00:00Z.
 */
public final class BlobSliceCheck implements ExternalSliceCheck {
  private final Path localStoreRoot;

  public BlobSliceCheck(Path localStoreRoot) {
    this.localStoreRoot = localStoreRoot;
  }

  /**
   * @throws IllegalArgumentException when the dataset is not an AzureBlob dataset on a deployed linked
   *     service, or its folderPath, partitionedBy, expressions or connection string cannot be
   *     understood ({@link dev.adf.activities.expression.ExpressionException} is one)
   */
  @Override
  public boolean isAvailable(Factory factory, Dataset dataset, TimeWindow slice) throws Exception {
    return measure(factory, dataset, slice, false).exists();
  }

  /** As {@link #isAvailable}, and the size: the blob's length, or the sum over the folder's blobs. */
  @Override
  public SliceData measure(Factory factory, Dataset dataset, TimeWindow slice) throws Exception {
    return measure(factory, dataset, slice, true);
  }

  /** The slice's folder path and file name (null when none), resolved for the slice. */
  public static Resolved resolve(Dataset dataset, TimeWindow slice) {
    JsonNode props = dataset.typeProperties();
    PartitionedBy partitions = PartitionedBy.parse(AdfJson.member(props, "partitionedBy"));
    SliceVariables vars = SliceVariables.of(slice.start(), slice.end());
    String folderPath = AdfJson.text(props, "folderPath");
    if (folderPath == null) {
      throw new IllegalArgumentException("dataset " + dataset.name() + " has no typeProperties.folderPath");
    }
    return new Resolved(partitions.resolve(folderPath, vars),
        partitions.resolve(AdfJson.text(props, "fileName"), vars));
  }

  /**
   * A dataset's blob location for one slice.
   *
   * @param folderPath {@code container/folder…}
   * @param fileName the blob's name in the folder, or null for the whole folder
   */
  public record Resolved(String folderPath, String fileName) {}

  private SliceData measure(Factory factory, Dataset dataset, TimeWindow slice, boolean size) throws Exception {
    if (!"AzureBlob".equalsIgnoreCase(dataset.type())) {
      throw new IllegalArgumentException("availability checks of " + dataset.type() + " datasets are not"
          + " supported yet; dataset " + dataset.name());
    }
    var ls = factory.linkedService(dataset.linkedServiceName()).orElseThrow(() ->
        new IllegalArgumentException("dataset " + dataset.name() + " names linked service "
            + dataset.linkedServiceName() + ", which is not deployed"));
    String cs = AdfJson.text(ls.typeProperties(), "connectionString");
    Resolved r = resolve(dataset, slice);
    BlobLocation folder = BlobLocation.parseFolderPath(r.folderPath());
    try (BlobStore store = BlobStores.open(cs, localStoreRoot)) {
      if (r.fileName() != null) {
        String name = folder.prefix() + r.fileName();
        if (!size) {
          return new SliceData(store.exists(folder.container(), name), SliceData.UNKNOWN_SIZE);
        }
        // A listing by the exact name gives the length; other blobs sharing the prefix are skipped.
        for (Iterator<BlobItem> it = store.list(folder.container(), name); it.hasNext(); ) {
          BlobItem item = it.next();
          if (item.name().equals(name)) {
            return new SliceData(true, item.size());
          }
        }
        return new SliceData(false, 0);
      }
      Iterator<BlobItem> it = store.list(folder.container(), folder.prefix());
      if (!size) {
        return new SliceData(it.hasNext(), SliceData.UNKNOWN_SIZE);
      }
      boolean any = false;
      long total = 0;
      while (it.hasNext()) {
        any = true;
        total += it.next().size();
      }
      return new SliceData(any, total);
    }
  }
}
