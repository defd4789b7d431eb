package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.EntityKind.member;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import dev.adf.orchestrator.catalog.TypeCatalog;
import dev.adf.orchestrator.validation.JsonPointers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises the 2014 preview format of ADF (before the August 2015 GA JSON), which is not supported,
 * and says for each preview construct which GA property replaces it (adf-v1-semantics §1, mapping
 * inferred from the before/after file pairs of the corpus):
 *
 * <ul>
 *   <li>dataset {@code properties.location {type: AzureBlobLocation, …}} → {@code type: AzureBlob} +
 *       {@code typeProperties} + {@code linkedServiceName};
 *   <li>{@code availability.waitOnExternal} → {@code external: true} + {@code policy.externalData};
 *   <li>linked service types {@code …LinkedService} with settings directly under properties → the GA
 *       type with its settings under {@code typeProperties};
 *   <li>activity types {@code CopyActivity}, {@code HDInsightActivity}, {@code CustomActivity} and their
 *       {@code transformation} → {@code Copy}, {@code HDInsightHive|Pig|MapReduce}, {@code
 *       DotNetActivity} with {@code typeProperties}.
 * </ul>
 *
 * Keys are matched case-insensitively (preview files often spell them in PascalCase).
 */
final class PreviewFormat {

  /** What every message starts with, so users (and tests) can tell the cause. */
  static final String FORMAT = "2014 preview format of ADF (before the 2015 GA JSON), not supported: ";

  /** One preview construct: where it is and what to write instead. */
  record Finding(String pointer, String message) {}

  private PreviewFormat() {}

  /** Every preview construct in an entity document, in document order; empty when it is GA format. */
  static List<Finding> findings(JsonNode root) {
    List<Finding> out = new ArrayList<>();
    JsonNode properties = member(root, "properties");
    if (properties == null || !properties.isObject()) {
      return out;
    }
    String props = "/" + actualKey(root, "properties");
    JsonNode location = member(properties, "location");
    if (location != null) {
      JsonNode type = member(location, "type");
      String ga = type == null ? null : gaName(type.asText());
      out.add(new Finding(JsonPointers.child(props, actualKey(properties, "location")), FORMAT
          + "a dataset's properties.location" + (type == null ? "" : " of type " + type.asText())
          + " became \"type\": \"" + (ga == null ? "AzureBlob" : ga) + "\" with \"linkedServiceName\" and the"
          + " location's other settings (folderPath, fileName, tableName, format…) under \"typeProperties\""));
    }
    JsonNode availability = member(properties, "availability");
    if (availability != null && member(availability, "waitOnExternal") != null) {
      String at = JsonPointers.child(JsonPointers.child(props, actualKey(properties, "availability")),
          actualKey(availability, "waitOnExternal"));
      out.add(new Finding(at, FORMAT + "availability.waitOnExternal became \"external\": true on the dataset's"
          + " properties, with its retry settings under \"policy\": {\"externalData\": {\"retryInterval\": …,"
          + " \"retryTimeout\": …, \"maximumRetry\": …}}"));
    }
    JsonNode type = member(properties, "type");
    if (type != null && type.isTextual() && location == null) {
      String name = type.asText().toLowerCase(Locale.ROOT);
      String ga = name.endsWith("linkedservice") ? gaName(name) : null;
      if (ga == null && name.endsWith("linkedservice")) {
        ga = "a GA linked service type such as AzureStorage or AzureSqlDatabase";
      }
      if (ga != null) {
        out.add(new Finding(JsonPointers.child(props, actualKey(properties, "type")), FORMAT
            + "linked service type '" + type.asText() + "' became " + (ga.contains(" ") ? ga : "'" + ga + "'")
            + ", with its settings (connectionString, clusterUri, …) moved from properties into"
            + " \"typeProperties\""));
      }
    }
    JsonNode activities = member(properties, "activities");
    if (activities != null && activities.isArray()) {
      String list = JsonPointers.child(props, actualKey(properties, "activities"));
      for (int i = 0; i < activities.size(); i++) {
        activity(activities.get(i), JsonPointers.child(list, i), out);
      }
    }
    return out;
  }

  private static void activity(JsonNode activity, String pointer, List<Finding> out) {
    JsonNode type = member(activity, "type");
    JsonNode transformation = member(activity, "transformation");
    String name = type == null ? "" : type.asText().toLowerCase(Locale.ROOT);
    String ga = name.endsWith("activity") && !name.equals("dotnetactivity") ? gaName(name) : null;
    if (name.equals("hdinsightactivity")) {
      JsonNode kind = transformation == null ? null : member(transformation, "type");
      ga = kind == null ? "HDInsightHive, HDInsightPig or HDInsightMapReduce" : "HDInsight" + kind.asText();
    }
    if (ga != null) {
      out.add(new Finding(JsonPointers.child(pointer, actualKey(activity, "type")), FORMAT
          + "activity type '" + type.asText() + "' became '" + ga + "', with the settings of its"
          + " \"transformation\" under \"typeProperties\""));
    } else if (transformation != null) {
      out.add(new Finding(JsonPointers.child(pointer, actualKey(activity, "transformation")), FORMAT
          + "an activity's \"transformation\" became \"typeProperties\" (with a GA type such as Copy,"
          + " HDInsightHive, HDInsightMapReduce or DotNetActivity)"));
    }
  }

  private static String gaName(String previewType) {
    return TypeCatalog.adfV1().legacyName(previewType).orElse(null);
  }

  /** The key as spelled in the object (case-insensitive match), or {@code key} itself when absent. */
  private static String actualKey(JsonNode object, String key) {
    String actual = AdfJson.key(object, key);
    return actual == null ? key : actual;
  }
}
