package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dataset ("table"): named data in a linked service, with an availability.
 *
 * @param name unique in the factory, case-insensitively
 * @param type the ADF type ({@code AzureBlob}, …)
 * @param linkedServiceName the linked service holding the data
 * @param typeProperties the type's properties ({@code folderPath}, {@code fileName}, …)
 * @param availability its slice grid
 * @param external true when no pipeline in this factory produces it
 * @param policy its {@code policy} object (validation, externalData), or an empty object
 * @param source where it was read
 */
public record Dataset(
    String name,
    String type,
    String linkedServiceName,
    JsonNode typeProperties,
    Availability availability,
    boolean external,
    JsonNode policy,
    SourceFile source)
    implements Entity {}
