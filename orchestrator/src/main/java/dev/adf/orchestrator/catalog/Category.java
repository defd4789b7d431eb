package dev.adf.orchestrator.catalog;

/**
 * The kinds of typed ADF v1 objects: each is an object with a {@code type} discriminator whose
 * allowed names and properties the {@link TypeCatalog} knows.
 *
 * <p>For {@link #LINKED_SERVICE}, {@link #DATASET} and {@link #ACTIVITY} the checked object is the
 * entity's {@code typeProperties}; for the nested kinds it is the object itself (its own {@code type}
 * key included), e.g. a Copy activity's {@code typeProperties.source}.
 */
public enum Category {
  /** {@code properties.type} of a linked service (ARM {@code linkedServicePropertiesTypes}; semantics §2). */
  LINKED_SERVICE("linked service"),
  /** {@code properties.type} of a dataset (ARM {@code datasetPropertiesTypes}; semantics §3). */
  DATASET("dataset"),
  /** {@code type} of a pipeline activity (ARM {@code activityTypes}; semantics §5.2). */
  ACTIVITY("activity"),
  /** Copy {@code typeProperties.source} (ARM {@code copySourceTypes}). */
  COPY_SOURCE("copy source"),
  /** Copy {@code typeProperties.sink} (ARM {@code copySinkTypes}). */
  COPY_SINK("copy sink"),
  /** Copy {@code typeProperties.translator} (ARM {@code copyTranslatorTypes}). */
  COPY_TRANSLATOR("copy translator"),
  /** Dataset {@code typeProperties.format} (ARM {@code storageFormatTypes}; semantics §3). */
  DATASET_FORMAT("dataset format"),
  /** Dataset {@code typeProperties.compression} (ARM {@code compressionTypes}; semantics §3). */
  COMPRESSION("compression"),
  /** {@code partitionedBy[i].value} of a dataset (ARM {@code partitionValueTypes}). */
  PARTITION_VALUE("partition value");

  private final String label;

  Category(String label) {
    this.label = label;
  }

  /** Words for messages, e.g. {@code copy sink}. */
  public String label() {
    return label;
  }
}
