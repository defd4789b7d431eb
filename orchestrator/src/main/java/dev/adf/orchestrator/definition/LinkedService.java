package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A linked service: a connection to a data store or a compute.
 *
 * @param name unique in the factory, case-insensitively
 * @param type the ADF type ({@code AzureStorage}, {@code HDInsight}, …)
 * @param typeProperties the type's properties (may hold secrets)
 * @param source where it was read
 */
public record LinkedService(String name, String type, JsonNode typeProperties, SourceFile source)
    implements Entity {}
