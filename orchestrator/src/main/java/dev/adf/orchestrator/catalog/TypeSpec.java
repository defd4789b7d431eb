package dev.adf.orchestrator.catalog;

/**
 * One ADF v1 type, e.g. dataset {@code AzureBlob} or copy sink {@code BlobSink}.
 *
 * @param category what kind of object it types
 * @param name the type name as ADF spells it ({@code DataLakeAnalyticsU-SQL})
 * @param source where the shape comes from, e.g. {@code ARM 2015-10-01 #/definitions/blobSink}
 * @param shape its keys (for entities: the keys of {@code typeProperties})
 */
public record TypeSpec(Category category, String name, String source, ObjectShape shape) {}
