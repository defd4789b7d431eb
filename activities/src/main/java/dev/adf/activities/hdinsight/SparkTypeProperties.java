package dev.adf.activities.hdinsight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code typeProperties} of an {@code HDInsightSpark} activity, keys matched case-insensitively.
 * Source: ADF "Invoke Spark programs from Azure Data Factory pipelines" (v1) and "Transform data using
 * Spark activity": rootPath, entryFilePath, className, arguments, sparkConfig, proxyUser,
 * getDebugInfo, sparkJobLinkedService.
 *
 * <p>Paths: {@code rootPath} is {@code container} or {@code container/folder} in the job's storage
 * (case-sensitive; {@code \} is read as {@code /}, as in the ADF sample {@code "adfspark\\pyFiles"};
 * leading and trailing separators are dropped). {@code entryFilePath} is relative to it (a leading
 * {@code ./} or {@code /} is dropped) and names a {@code .jar} or {@code .py} file.
 *
 * @param rootPath {@code container[/folder]}, normalized, without trailing {@code /}
 * @param entryFilePath the entry file relative to rootPath, normalized
 * @param className the main class; set when the entry file is a jar, null for a Python file
 * @param arguments the program's arguments, in order
 * @param sparkConfig Spark configuration properties, in document order
 * @param proxyUser the user to run the job as, or null
 * @param getDebugInfo when the job log is kept (default {@link DebugInfo#DEFAULT})
 * @param sparkJobLinkedService the storage linked service holding the job, or null for the cluster's
 */
public record SparkTypeProperties(
    String rootPath,
    String entryFilePath,
    String className,
    List<String> arguments,
    Map<String, String> sparkConfig,
    String proxyUser,
    DebugInfo getDebugInfo,
    String sparkJobLinkedService) {

  private static final List<String> WHOLE_NUMBER_KEYS =
      List.of("spark.driver.cores", "spark.executor.cores", "spark.executor.instances");

  public SparkTypeProperties {
    arguments = List.copyOf(arguments);
    sparkConfig = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConfig));
  }

  /**
   * Reads typeProperties (after expressions are evaluated).
   *
   * @throws IllegalArgumentException naming the JSON path and what to do, when rootPath or
   *     entryFilePath is missing, the entry file is no .jar or .py, className is missing for a jar, a
   *     value has the wrong shape, a sparkConfig core or instance count is no whole number, or
   *     getDebugInfo is not None, Always or Failure
   */
  public static SparkTypeProperties from(JsonNode typeProperties) {
    String rootPath = path(required(typeProperties, "rootPath",
        "the container/folder in the job's storage that holds the Spark job, e.g. adfspark/pyFiles"));
    if (rootPath.isEmpty()) {
      throw new IllegalArgumentException("typeProperties.rootPath must name a container (container/folder)");
    }
    String entry = path(required(typeProperties, "entryFilePath",
        "the .jar or .py file to run, relative to rootPath"));
    while (entry.startsWith("./")) {
      entry = path(entry.substring(2));
    }
    String lower = entry.toLowerCase(Locale.ROOT);
    boolean jar = lower.endsWith(".jar");
    if (!jar && !lower.endsWith(".py")) {
      throw new IllegalArgumentException("typeProperties.entryFilePath '" + entry + "' must name a .jar or .py"
          + " file relative to rootPath");
    }
    String className = AdfJson.text(typeProperties, "className");
    if (jar && (className == null || className.isBlank())) {
      throw new IllegalArgumentException("typeProperties.className is required when entryFilePath is a .jar:"
          + " give the main class of the Java/Scala Spark program");
    }
    return new SparkTypeProperties(
        rootPath,
        entry,
        jar ? className.trim() : null,
        arguments(AdfJson.member(typeProperties, "arguments")),
        sparkConfig(AdfJson.member(typeProperties, "sparkConfig")),
        AdfJson.text(typeProperties, "proxyUser"),
        DebugInfo.parse(AdfJson.text(typeProperties, "getDebugInfo"), "typeProperties.getDebugInfo"),
        linkedServiceName(AdfJson.member(typeProperties, "sparkJobLinkedService")));
  }

  /** The root's container. */
  public String container() {
    int slash = rootPath.indexOf('/');
    return slash < 0 ? rootPath : rootPath.substring(0, slash);
  }

  /** The root's folder as a blob name prefix: {@code ""} or {@code folder/}. */
  public String folderPrefix() {
    int slash = rootPath.indexOf('/');
    return slash < 0 ? "" : rootPath.substring(slash + 1) + "/";
  }

  /** The entry file's blob name in {@link #container()}. */
  public String entryBlobName() {
    return folderPrefix() + entryFilePath;
  }

  /** True when the entry file is a Python file. */
  public boolean isPython() {
    return entryFilePath.toLowerCase(Locale.ROOT).endsWith(".py");
  }

  private static String required(JsonNode node, String key, String what) {
    String v = AdfJson.text(node, key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("typeProperties." + key + " is required: " + what);
    }
    return v;
  }

  /** {@code \} as {@code /}, surrounding blanks and separators dropped. */
  private static String path(String p) {
    String s = p.trim().replace('\\', '/');
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == '/') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == '/') {
      e--;
    }
    return s.substring(b, e);
  }

  private static List<String> arguments(JsonNode a) {
    List<String> args = new ArrayList<>();
    if (a == null || a.isNull()) {
      return args;
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("typeProperties.arguments must be an array of strings");
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).isValueNode() || a.get(i).isNull()) {
        throw new IllegalArgumentException("typeProperties.arguments[" + i + "] must be a string");
      }
      args.add(a.get(i).asText());
    }
    return args;
  }

  private static Map<String, String> sparkConfig(JsonNode c) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (c == null || c.isNull()) {
      return conf;
    }
    if (!c.isObject()) {
      throw new IllegalArgumentException("typeProperties.sparkConfig must be an object of Spark properties,"
          + " e.g. {\"spark.executor.memory\": \"1g\"}");
    }
    var fields = c.fields();
    while (fields.hasNext()) {
      var f = fields.next();
      if (!f.getValue().isValueNode() || f.getValue().isNull()) {
        throw new IllegalArgumentException("typeProperties.sparkConfig['" + f.getKey() + "'] must be a string");
      }
      String value = f.getValue().asText();
      if (WHOLE_NUMBER_KEYS.contains(f.getKey()) && !value.trim().matches("\\d{1,9}")) {
        throw new IllegalArgumentException("typeProperties.sparkConfig['" + f.getKey() + "'] must be a whole"
            + " number, got '" + value + "'");
      }
      conf.put(f.getKey(), value);
    }
    return conf;
  }

  /** A linked service name given as text (v1) or as a reference {@code {"referenceName": …}} (v2). */
  private static String linkedServiceName(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isObject()) {
      String ref = AdfJson.text(n, "referenceName");
      if (ref == null) {
        throw new IllegalArgumentException("typeProperties.sparkJobLinkedService must be the name of a storage"
            + " linked service");
      }
      return ref;
    }
    return n.asText();
  }
}
