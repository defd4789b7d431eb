package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.catalog.Category;
import dev.adf.orchestrator.catalog.TypeCatalog;
import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.validation.CrossReferences;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.validation.Problem.Severity;
import dev.adf.orchestrator.validation.Violations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads ADF v1 JSON files into a {@link Factory}, reporting every problem with its place.
 *
 * <p>Per file: parse with locations ({@link LocatedJson}, leniently when strict JSON fails); reject the
 * 2014 preview format ({@link PreviewFormat}), ARM templates and lone activities ({@link
 * OtherDocuments}) with what to do instead; tell its kind from its content ({@link EntityKind}); apply
 * the {@link EnvironmentConfig}; report placeholders left from samples ({@link Placeholders}) and bad
 * expressions ({@link ExpressionChecks}); bind
 * with case-insensitive keys, unknown keys as
 * WARNINGs ({@code $schema}, {@code published}, {@code hubName} accepted silently); check the Jakarta
 * constraints of the documents and cross-field rules. Then across files: {@link CrossReferences}. A JSON
 * file that is not an entity (an environment config, an ARM template…) is a WARNING and is skipped.
 *
 * <p>Never throws for bad input: unreadable paths and invalid JSON are problems too.
 */
public final class DefinitionLoader {

  private static final ObjectMapper PRINTER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Loads definitions.
   *
   * @param paths files, or folders whose {@code *.json} files (any depth, sorted by path) are read;
   *     the Azure sample layout (LinkedServices/, DataSets/, Pipeline/) needs nothing special
   * @param config settings applied to each entity before binding; {@link EnvironmentConfig#NONE} for none
   */
  public LoadResult load(List<Path> paths, EnvironmentConfig config) {
    return load(paths, config, Scope.SET);
  }

  /** What a load checks. */
  public enum Scope {
    /** Each file on its own: syntax, kind, types, required properties and values; no references. */
    EACH,
    /** {@link #EACH} and then the files as one factory: references, names, scheduler = availability. */
    SET
  }

  /**
   * Loads definitions, checking {@code scope}.
   *
   * @param paths as for {@link #load(List, EnvironmentConfig)}
   * @param config as for {@link #load(List, EnvironmentConfig)}
   * @param scope {@link Scope#EACH} skips the checks across files ({@code adf validate --each}); the
   *     result then has no factory (it may not resolve), only problems
   */
  public LoadResult load(List<Path> paths, EnvironmentConfig config, Scope scope) {
    List<Problem> problems = new ArrayList<>(config.problems());
    List<Path> files = expand(paths, problems);
    return load(files, file -> read(file, problems), config, problems, scope);
  }

  /**
   * Loads definitions from text already in memory (the deployed entities in the store), each under
   * the path it was read from. No environment config is applied: the text is the entity after it.
   *
   * @param sources (file, JSON text) of each entity
   */
  public LoadResult loadText(List<SourceFile> sources) {
    List<Problem> problems = new ArrayList<>();
    Map<Path, String> texts = new java.util.LinkedHashMap<>();
    sources.forEach(s -> texts.put(s.path(), s.json()));
    return load(List.copyOf(texts.keySet()), file -> {
      try {
        return LocatedJson.parse(file, texts.get(file));
      } catch (LocatedJson.InvalidJsonException e) {
        problems.add(e.problem());
        return null;
      }
    }, EnvironmentConfig.NONE, problems, Scope.SET);
  }

  private LoadResult load(
      List<Path> files,
      java.util.function.Function<Path, LocatedJson> reader,
      EnvironmentConfig config,
      List<Problem> problems,
      Scope scope) {
    List<LinkedService> linkedServices = new ArrayList<>();
    List<Dataset> datasets = new ArrayList<>();
    List<Pipeline> pipelines = new ArrayList<>();
    Map<Path, LocatedJson> sources = new HashMap<>();
    Set<String> unreadable = new HashSet<>();
    for (Path file : files) {
      LocatedJson json = reader.apply(file);
      if (json == null) {
        continue;
      }
      sources.put(file, json);
      FileProblems fileProblems = new FileProblems(json);
      Entity entity = bind(json, config, fileProblems);
      problems.addAll(fileProblems.problems());
      if (entity == null) {
        JsonNode name = EntityKind.member(json.root(), "name");
        if (name != null && name.isTextual()) {
          unreadable.add(name.asText().toLowerCase(Locale.ROOT));
        }
      } else if (entity instanceof LinkedService l) {
        linkedServices.add(l);
      } else if (entity instanceof Dataset d) {
        datasets.add(d);
      } else if (entity instanceof Pipeline p) {
        pipelines.add(p);
      }
    }
    problems.addAll(config.unmatched(files, scope == Scope.SET ? Severity.ERROR : Severity.WARNING));
    if (scope == Scope.EACH) {
      return new LoadResult(null, problems, files);
    }
    problems.addAll(CrossReferences.check(linkedServices, datasets, pipelines, unreadable,
        (severity, file, pointer, message) -> sources.get(file).problem(severity, pointer, message)));
    boolean ok = problems.stream().noneMatch(Problem::isError);
    return new LoadResult(ok ? new Factory(linkedServices, datasets, pipelines) : null, problems, files);
  }

  private static List<Path> expand(List<Path> paths, List<Problem> problems) {
    Set<Path> files = new TreeSet<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
              .forEach(f -> files.add(f.normalize()));
        } catch (IOException | UncheckedIOException e) {
          problems.add(Problem.error(path, "", 0, 0, "cannot list the folder: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path.normalize());
      } else {
        problems.add(Problem.error(path, "", 0, 0, "no such file or folder; give JSON files or folders of them"));
      }
    }
    return List.copyOf(files);
  }

  private static LocatedJson read(Path file, List<Problem> problems) {
    try {
      return LocatedJson.read(file);
    } catch (LocatedJson.InvalidJsonException e) {
      problems.add(e.problem());
    } catch (IOException e) {
      problems.add(Problem.error(file, "", 0, 0, "cannot read the file: " + e.getMessage()));
    }
    return null;
  }

  /** The entity of one file, or null when it is not an entity or has errors (reported in {@code problems}). */
  private static Entity bind(LocatedJson json, EnvironmentConfig config, FileProblems problems) {
    JsonNode root = json.root();
    if (!root.isObject()) {
      problems.error("", "not an ADF entity: the document is " + (root.isArray() ? "an array"
          : root.isNull() ? "null" : "a single " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + " value") + "; an entity file holds one JSON object {\"name\": …, \"properties\": {…}}"
          + " (move other JSON out of the definitions folder)");
      return null;
    }
    var preview = PreviewFormat.findings(root);
    if (!preview.isEmpty()) {
      preview.forEach(f -> problems.error(f.pointer(), f.message()));
      return null;
    }
    if (OtherDocuments.report(root, problems)) {
      return null;
    }
    EntityKind kind = EntityKind.of(root);
    if (kind == null) {
      return notAnEntity(root, problems);
    }
    ObjectNode configured = root.deepCopy();
    Map<String, String> references = new java.util.LinkedHashMap<>();
    config.apply(json.file(), configured, references::put).forEach(problems::add);
    Placeholders.report(configured, problems);
    ExpressionChecks.check(kind, configured, problems);
    ObjectCursor cursor = new ObjectCursor(configured, "", problems);
    Object document = switch (kind) {
      case LINKED_SERVICE -> LinkedServiceDocument.read(cursor);
      case DATASET -> DatasetDocument.read(cursor);
      case PIPELINE -> PipelineDocument.read(cursor);
    };
    for (var violation : Violations.of(document)) {
      String pointer = Violations.pointer(violation.getPropertyPath());
      problems.error(pointer, violation.getMessage());
    }
    checkTypeProperties(kind, configured, problems);
    if (document instanceof PipelineDocument p) {
      p.checkAcrossFields(problems);
    }
    if (problems.hasErrors()) {
      return null;
    }
    SourceFile source = new SourceFile(json.file(), configured.equals(root) ? json.text() : print(configured),
        references);
    return switch (kind) {
      case LINKED_SERVICE -> ((LinkedServiceDocument) document).toEntity(source);
      case DATASET -> ((DatasetDocument) document).toEntity(source);
      case PIPELINE -> ((PipelineDocument) document).toEntity(source);
    };
  }

  /**
   * Checks each typeProperties against its type in the {@link TypeCatalog} (required keys, value kinds,
   * nested Copy source/sink, dataset format/compression/partitionedBy). A missing type was already
   * reported by the document's constraints; a place already reported (a placeholder) is not again
   * ({@link FileProblems#error}).
   */
  private static void checkTypeProperties(EntityKind kind, JsonNode root, FileProblems sink) {
    JsonNode properties = EntityKind.member(root, "properties");
    switch (kind) {
      case LINKED_SERVICE -> checkTyped(Category.LINKED_SERVICE, properties, "/properties", sink);
      case DATASET -> checkTyped(Category.DATASET, properties, "/properties", sink);
      case PIPELINE -> {
        JsonNode activities = EntityKind.member(properties, "activities");
        for (int i = 0; activities != null && activities.isArray() && i < activities.size(); i++) {
          checkTyped(Category.ACTIVITY, activities.get(i), "/properties/activities/" + i, sink);
        }
      }
    }
  }

  private static void checkTyped(Category category, JsonNode owner, String pointer, FileProblems sink) {
    JsonNode type = owner == null ? null : EntityKind.member(owner, "type");
    if (type != null && !type.isTextual() && !type.isNull()) {
      sink.error(pointer + "/type", "type " + type + " must be text, e.g. \"type\": \"AzureBlob\"");
      return;
    }
    if (type == null || !type.isTextual() || type.asText().isBlank()) {
      return;
    }
    TypeCatalog.adfV1().checkEntity(category, owner, pointer, sink);
  }

  private static Entity notAnEntity(JsonNode root, FileProblems problems) {
    JsonNode properties = EntityKind.member(root, "properties");
    JsonNode name = EntityKind.member(root, "name");
    if (EnvironmentConfig.looksLikeConfig(root)) {
      problems.warning("", "this is an environment config, not an ADF entity; file skipped"
          + " (pass it as the environment config instead)");
    } else if (properties == null && name == null) {
      problems.warning("", "not an ADF entity (no \"name\" and \"properties\"); file skipped");
    } else if (properties == null || !properties.isObject()) {
      problems.error("/properties", "an ADF entity needs a \"properties\" object: {\"name\": …, \"properties\": {…}}");
    } else {
      JsonNode type = EntityKind.member(properties, "type");
      problems.error(type == null ? "/properties" : "/properties/type", "cannot tell what this entity is:"
          + " no properties.activities (pipeline), no properties.availability (dataset), and "
          + (type == null ? "no properties.type" : "type " + type + " is not a known linked service type")
          + "; add what is missing");
    }
    return null;
  }

  private static String print(JsonNode node) {
    try {
      return PRINTER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
