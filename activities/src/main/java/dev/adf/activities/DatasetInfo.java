package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dataset as activities see it, for one activity window.
 *
 * @param name its name
 * @param type its ADF type ({@code AzureBlob}, …)
 * @param linkedServiceName the linked service holding its data
 * @param typeProperties its {@code typeProperties}
 */
public record DatasetInfo(String name, String type, String linkedServiceName, JsonNode typeProperties) {}
