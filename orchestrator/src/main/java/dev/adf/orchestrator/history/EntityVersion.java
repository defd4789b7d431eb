package dev.adf.orchestrator.history;

import java.time.Instant;

/**
 * One deployed version of a linked service, dataset or pipeline, without its JSON.
 *
 * @param kind {@code LinkedService}, {@code Dataset} or {@code Pipeline}
 * @param name the name as deployed
 * @param version from 1, raised by each deploy that changed the entity
 * @param deployment the deployment that stored it
 * @param deployedAt when that deployment happened (UTC)
 * @param fileName the file it came from (name only)
 * @param sha256 hex SHA-256 of its JSON (as deployed, before any redaction)
 * @param current true for the version deployed now
 */
public record EntityVersion(
    String kind, String name, int version, int deployment, Instant deployedAt, String fileName, String sha256,
    boolean current) {}
