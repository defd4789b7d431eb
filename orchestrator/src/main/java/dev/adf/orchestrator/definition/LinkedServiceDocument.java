package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.orchestrator.validation.AdfName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A linked service file as read, before validation (adf-v1-semantics §2: name, type and typeProperties
 * required).
 */
record LinkedServiceDocument(
    @NotNull(message = "name is required") @AdfName String name,
    @NotNull(message = "properties is required") @Valid Properties properties) {

  record Properties(
      @NotBlank(message = "type is required, e.g. AzureStorage or HDInsight") String type,
      String description,
      @NotNull(message = "typeProperties is required: the connection settings of the type") JsonNode typeProperties) {}

  static LinkedServiceDocument read(ObjectCursor root) {
    String name = root.text("name");
    ObjectCursor p = root.object("properties");
    Properties properties = null;
    if (p != null) {
      properties = new Properties(p.text("type"), p.text("description"), p.object("typeProperties") == null
          ? null : p.any("typeProperties"));
      p.accept("hubName", "published");
      p.warnUnknown("a linked service's properties");
    }
    root.accept("$schema");
    root.warnUnknown("a linked service");
    return new LinkedServiceDocument(name, properties);
  }

  LinkedService toEntity(SourceFile source) {
    return new LinkedService(name, properties.type(), properties.typeProperties(), source);
  }
}
