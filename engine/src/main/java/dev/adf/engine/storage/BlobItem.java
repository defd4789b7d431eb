package dev.adf.engine.storage;

/**
 * One blob in a listing.
 *
 * @param name the full blob name within its container
 * @param size its length in bytes
 */
public record BlobItem(String name, long size) {}
