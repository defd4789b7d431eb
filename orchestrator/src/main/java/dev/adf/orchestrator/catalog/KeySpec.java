package dev.adf.orchestrator.catalog;

/**
 * One known key of a typed object.
 *
 * @param name the key as the ADF docs spell it (matching is case-insensitive)
 * @param kind what its value must be
 */
public record KeySpec(String name, ValueKind kind) {}
