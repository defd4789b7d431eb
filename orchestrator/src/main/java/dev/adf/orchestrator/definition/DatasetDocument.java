package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.adf.orchestrator.validation.AdfName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A dataset file as read, before validation (adf-v1-semantics §3: name, type, linkedServiceName,
 * typeProperties and availability required; external defaults to false).
 */
record DatasetDocument(
    @NotNull(message = "name is required") @AdfName String name,
    @NotNull(message = "properties is required") @Valid Properties properties) {

  record Properties(
      @NotBlank(message = "type is required, e.g. AzureBlob or AzureSqlTable") String type,
      @NotBlank(message = "linkedServiceName is required: the linked service holding the data")
          String linkedServiceName,
      @NotNull(message = "typeProperties is required, e.g. {\"folderPath\": \"container/folder\"}")
          JsonNode typeProperties,
      @NotNull(message = "availability is required: {\"frequency\": \"Day\", \"interval\": 1}") @Valid
          AvailabilityDocument availability,
      Boolean external,
      JsonNode policy) {}

  static DatasetDocument read(ObjectCursor root) {
    String name = root.text("name");
    ObjectCursor p = root.object("properties");
    Properties properties = null;
    if (p != null) {
      ObjectCursor availability = p.object("availability");
      ObjectCursor policy = p.object("policy");
      Boolean external = p.bool("external");
      if (policy != null) {
        DatasetPolicyChecks.check(policy, Boolean.TRUE.equals(external));
      }
      properties = new Properties(
          p.text("type"),
          p.text("linkedServiceName"),
          p.object("typeProperties") == null ? null : p.any("typeProperties"),
          availability == null ? null : AvailabilityDocument.read(availability),
          external,
          policy == null ? null : p.any("policy"));
      p.accept("structure", "description", "published", "hubName", "createTime");
      p.warnUnknown("a dataset's properties");
    }
    root.accept("$schema");
    root.warnUnknown("a dataset");
    return new DatasetDocument(name, properties);
  }

  Dataset toEntity(SourceFile source) {
    Properties p = properties;
    return new Dataset(name, p.type(), p.linkedServiceName(), p.typeProperties(),
        p.availability().toAvailability(), Boolean.TRUE.equals(p.external()),
        p.policy() == null ? JsonNodeFactory.instance.objectNode() : p.policy(), source);
  }
}
