package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.EntityKind.member;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.expression.Expression;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.Expressions;
import dev.adf.activities.expression.PartitionedBy;
import dev.adf.activities.expression.Value;
import dev.adf.orchestrator.validation.JsonPointers;
import dev.adf.orchestrator.validation.Secrets;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks the expressions of one entity before it runs (adf-v1-semantics §6), each error at the JSON
 * path of its value with the expression's column:
 *
 * <ul>
 *   <li>every {@code $$…} text value (functions, argument counts and types, literal .NET formats);
 *   <li>a dataset's {@code partitionedBy} definitions and the {@code {Name}} tokens of its {@code
 *       folderPath} and {@code fileName};
 *   <li>each activity input's {@code startTime}/{@code endTime} dependency expression (no {@code $$}),
 *       which must give a date-time.
 * </ul>
 *
 * Values already reported (a placeholder) are skipped; an expression under a secret key is not echoed.
 */
final class ExpressionChecks {
  private ExpressionChecks() {}

  static void check(EntityKind kind, JsonNode root, FileProblems problems) {
    dollarValues(root, "", problems);
    JsonNode properties = member(root, "properties");
    if (properties == null) {
      return;
    }
    if (kind == EntityKind.DATASET) {
      partitions(member(properties, "typeProperties"), "/properties/typeProperties", problems);
    } else if (kind == EntityKind.PIPELINE) {
      JsonNode activities = member(properties, "activities");
      for (int i = 0; activities != null && activities.isArray() && i < activities.size(); i++) {
        JsonNode inputs = member(activities.get(i), "inputs");
        for (int j = 0; inputs != null && inputs.isArray() && j < inputs.size(); j++) {
          String at = "/properties/activities/" + i + "/inputs/" + j;
          dependency(member(inputs.get(j), "startTime"), at + "/startTime", problems);
          dependency(member(inputs.get(j), "endTime"), at + "/endTime", problems);
        }
      }
    }
  }

  private static void dollarValues(JsonNode node, String pointer, FileProblems problems) {
    if (node.isTextual() && Expressions.isExpression(node.asText())) {
      try {
        Expressions.check(node.asText());
      } catch (ExpressionException e) {
        report(pointer, e, problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        dollarValues(node.get(i), JsonPointers.child(pointer, i), problems);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        dollarValues(e.getValue(), JsonPointers.child(pointer, e.getKey()), problems);
      }
    }
  }

  private static void partitions(JsonNode typeProperties, String pointer, FileProblems problems) {
    if (typeProperties == null || !typeProperties.isObject()) {
      return;
    }
    JsonNode definitions = member(typeProperties, "partitionedBy");
    PartitionedBy partitionedBy;
    try {
      partitionedBy = PartitionedBy.parse(definitions);
    } catch (ExpressionException e) {
      report(pointer + "/partitionedBy", e, problems);
      return;
    }
    for (String key : new String[] {"folderPath", "fileName"}) {
      JsonNode value = member(typeProperties, key);
      if (value != null && value.isTextual() && !Expressions.isExpression(value.asText())) {
        try {
          partitionedBy.check(value.asText());
        } catch (ExpressionException e) {
          report(pointer + "/" + key, e, problems);
        }
      }
    }
  }

  private static void dependency(JsonNode value, String pointer, FileProblems problems) {
    if (value == null || value.isNull() || problems.failedAt(pointer)) {
      return;
    }
    if (!value.isTextual()) {
      problems.error(pointer, "a dependency expression must be text, e.g. \"Date.AddDays(SliceStart, -1)\";"
          + " found " + value);
      return;
    }
    try {
      Expression e = Expressions.parse(value.asText());
      if (e.type() != Value.Type.DATETIME) {
        problems.error(pointer, "the dependency expression \"" + value.asText() + "\" gives a value of type "
            + e.type().adfName() + ", not a DateTime; write e.g. \"Date.AddDays(SliceStart, -1)\" (no $$ here, §6)");
      }
    } catch (ExpressionException e) {
      report(pointer, e, problems);
    }
  }

  private static void report(String pointer, ExpressionException e, FileProblems problems) {
    problems.error(pointer, Secrets.isSecretPointer(pointer)
        ? "expression error at column " + e.column() + " (not shown: the value is a secret): " + e.problem()
        : e.getMessage());
  }
}
