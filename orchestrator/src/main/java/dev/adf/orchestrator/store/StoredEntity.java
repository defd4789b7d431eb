package dev.adf.orchestrator.store;

/**
 * A deployed version of one entity.
 *
 * @param kind {@code LinkedService}, {@code Dataset} or {@code Pipeline}
 * @param name its name as deployed
 * @param version its version, from 1, raised by each deploy that changed it
 * @param fileName the file it was deployed from (name only)
 * @param json the entity's JSON after environment config in its stored form: every secret replaced by a
 *     {@code {"$secret": …}} marker ({@code secrets.SealedJson}); once opened
 *     ({@code DeployedDefinitions.open}), with the secrets in clear
 * @param sha256 hex SHA-256 of the stored {@code json}
 */
public record StoredEntity(String kind, String name, int version, String fileName, String json, String sha256) {}
