package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.EntityKind.member;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * JSON documents found beside ADF entities that are not entities, rejected with what to do instead:
 *
 * <ul>
 *   <li>an Azure Resource Manager deployment template ({@code $schema …/deploymentTemplate.json#},
 *       {@code resources} of type {@code Microsoft.DataFactory/datafactories[/linkedservices|datasets|
 *       datapipelines]}, apiVersion 2015-10-01): its entities hold ARM template expressions ({@code
 *       [parameters('…')]}, {@code [variables('…')]}, {@code [concat(…)]}) that only Resource Manager
 *       evaluates;
 *   <li>a single activity object (a documentation fragment such as {@code {"type": "DotNetActivity",
 *       "typeProperties": …, "outputs": …}}), which must sit in a pipeline's {@code activities}.
 * </ul>
 */
final class OtherDocuments {
  private OtherDocuments() {}

  /** Reports {@code root} as an ERROR when it is one of these documents; true when it was. */
  static boolean report(JsonNode root, FileProblems problems) {
    if (isArmTemplate(root)) {
      int[] counts = new int[3];
      count(member(root, "resources"), counts);
      problems.error(member(root, "resources") == null ? "" : "/resources", "an Azure Resource Manager template,"
          + " not an ADF entity file: it declares " + counts[0] + " linked service(s), " + counts[1]
          + " dataset(s) and " + counts[2] + " pipeline(s) as Microsoft.DataFactory resources whose values may be"
          + " ARM expressions ([parameters('…')], [variables('…')], [concat(…)]) that only Azure Resource Manager"
          + " evaluates; save each entity as its own ADF JSON file ({\"name\": …, \"properties\": <the resource's"
          + " properties>}) with the expressions replaced by values, or by an environment config (--config)");
      return true;
    }
    JsonNode type = member(root, "type");
    if (member(root, "properties") == null && type != null && type.isTextual()
        && (member(root, "typeProperties") != null || member(root, "outputs") != null
            || member(root, "inputs") != null)) {
      problems.error("", "a single activity, not a pipeline (an activity of type " + type.asText()
          + " at the top level of the file): put it in a pipeline, {\"name\": \"MyPipeline\", \"properties\":"
          + " {\"activities\": [ <this activity> ], \"start\": …, \"end\": …}}");
      return true;
    }
    return false;
  }

  private static boolean isArmTemplate(JsonNode root) {
    JsonNode schema = member(root, "$schema");
    if (schema != null && schema.asText().toLowerCase(Locale.ROOT).contains("deploymenttemplate")) {
      return true;
    }
    JsonNode resources = member(root, "resources");
    return resources != null && resources.isArray() && member(root, "contentVersion") != null;
  }

  /** Counts linked services, datasets and pipelines among ARM resources, nested ones included. */
  private static void count(JsonNode resources, int[] counts) {
    if (resources == null || !resources.isArray()) {
      return;
    }
    for (JsonNode r : resources) {
      String type = String.valueOf(member(r, "type") == null ? "" : member(r, "type").asText())
          .toLowerCase(Locale.ROOT);
      if (type.endsWith("linkedservices")) {
        counts[0]++;
      } else if (type.endsWith("datasets")) {
        counts[1]++;
      } else if (type.endsWith("datapipelines")) {
        counts[2]++;
      }
      count(member(r, "resources"), counts);
    }
  }
}
