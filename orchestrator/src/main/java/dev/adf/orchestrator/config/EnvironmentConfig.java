package dev.adf.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.adf.orchestrator.definition.LocatedJson;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.validation.Problem.Severity;
import dev.adf.orchestrator.validation.JsonPointers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An ADF v1 Visual Studio deployment config: per entity file, values to set before the entity is
 * bound.
 *
 * <pre>{@code
 * { "$schema": "…Microsoft.DataFactory.Config.json",
 *   "StorageLinkedService": [
 *     { "name": "$.properties.typeProperties.connectionString", "value": "${env:STORAGE_CONNECTION}" } ] }
 * }</pre>
 *
 * <ul>
 *   <li>Each top-level key names an entity file, with or without {@code .json}, case-insensitively;
 *       it applies to every loaded file of that name.
 *   <li>{@code name} is a {@link ConfigPath}; {@code value} any JSON value. In a text value, each
 *       {@code ${env:NAME}} is replaced by the environment variable NAME (read through the lookup given
 *       to {@link #load(Path, Function)}); an unset variable is an ERROR naming it.
 *   <li>An entry whose path does not exist in its file is an ERROR (see {@link #apply}); an entry naming
 *       no loaded file is an ERROR for a factory and a WARNING for files checked one by one (see
 *       {@link #unmatched}).
 * </ul>
 *
 * Problems are reported against the config file, with pointer and line:column, like definition
 * problems. Values are never shown in messages (they are usually secrets). A value set from {@code ${env:…}}
 * in a secret place is deployed as its reference and resolved again from the environment of the
 * process that runs the attempt ({@code secrets.SealedJson}).
 */
public final class EnvironmentConfig {

  /** No config: {@link #apply} changes nothing. */
  public static final EnvironmentConfig NONE = new EnvironmentConfig(null, List.of(), List.of());

  private static final Pattern ENV = Pattern.compile("\\$\\{env:([^}]*)}");

  private final Path file;
  private final List<Entry> entries;
  private final List<Problem> problems;

  /** One setting: for files named {@code target} (lower case, no .json), set {@code path} to {@code value}. */
  private record Entry(String target, String key, ConfigPath path, JsonNode value, String template,
      LocatedJson source, String pointer) {}

  /**
   * A {@code ${env:…}} template resolved.
   *
   * @param value the text with every reference replaced, or null when a variable is unset
   * @param missing the unset variables, in order; empty when resolved
   */
  public record Resolved(String value, List<String> missing) {
    public Resolved {
      missing = List.copyOf(missing);
    }
  }

  /** True when {@code text} holds a {@code ${env:NAME}} reference. */
  public static boolean hasReference(String text) {
    return text != null && ENV.matcher(text).find();
  }

  /** {@code template} with each {@code ${env:NAME}} replaced by {@code env.apply(NAME)}. */
  public static Resolved resolve(String template, Function<String, String> env) {
    Matcher m = ENV.matcher(template);
    StringBuilder resolved = new StringBuilder();
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      String found = env.apply(m.group(1));
      if (found == null) {
        missing.add(m.group(1));
      } else {
        m.appendReplacement(resolved, Matcher.quoteReplacement(found));
      }
    }
    m.appendTail(resolved);
    return new Resolved(missing.isEmpty() ? resolved.toString() : null, missing);
  }

  /** {@code template} with its {@code ${env:NAME}} references left out: its literal text. */
  public static String withoutReferences(String template) {
    return ENV.matcher(template).replaceAll("");
  }

  private EnvironmentConfig(Path file, List<Entry> entries, List<Problem> problems) {
    this.file = file;
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
  }

  /** Loads a config file, environment variables from {@link System#getenv(String)}. */
  public static EnvironmentConfig load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads a config file. Never throws for bad content: problems (invalid JSON, wrong shape, bad path,
   * unset variable) are in {@link #problems()}.
   *
   * @param env environment lookup, name to value or null when unset
   */
  public static EnvironmentConfig load(Path file, Function<String, String> env) {
    List<Problem> problems = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    LocatedJson json;
    try {
      json = LocatedJson.read(file);
    } catch (LocatedJson.InvalidJsonException e) {
      return new EnvironmentConfig(file, List.of(), List.of(e.problem()));
    } catch (java.nio.file.NoSuchFileException e) {
      return new EnvironmentConfig(file, List.of(), List.of(Problem.error(file, "", 0, 0,
          "no such environment config file; give the path of a JSON config (e.g. conf/environments/local.json)")));
    } catch (IOException e) {
      return new EnvironmentConfig(file, List.of(), List.of(Problem.error(file, "", 0, 0,
          "cannot read the environment config (" + (e.getMessage() == null ? "I/O error" : e.getMessage())
              + "); give a readable JSON file")));
    }
    problems.addAll(json.problems());
    if (!json.root().isObject()) {
      problems.add(json.problem(Severity.ERROR, "",
          "an environment config is an object {\"<entity file name>\": [{\"name\": \"$.…\", \"value\": …}]}"));
      return new EnvironmentConfig(file, entries, problems);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = json.root().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (member.getKey().equals("$schema")) {
        continue;
      }
      String at = JsonPointers.child("", member.getKey());
      if (!member.getValue().isArray()) {
        problems.add(json.problem(Severity.ERROR, at, "the settings of '" + member.getKey()
            + "' must be an array [{\"name\": \"$.…\", \"value\": …}]"));
        continue;
      }
      for (int i = 0; i < member.getValue().size(); i++) {
        Entry entry = entry(json, member.getKey(), JsonPointers.child(at, i), member.getValue().get(i), env, problems);
        if (entry != null) {
          entries.add(entry);
        }
      }
    }
    return new EnvironmentConfig(file, entries, problems);
  }

  private static Entry entry(LocatedJson json, String key, String at, JsonNode element,
      Function<String, String> env, List<Problem> problems) {
    JsonNode name = member(element, "name");
    JsonNode value = member(element, "value");
    if (name == null || !name.isTextual() || value == null) {
      problems.add(json.problem(Severity.ERROR, at,
          "a setting must be {\"name\": \"$.properties.…\", \"value\": …} with both keys"));
      return null;
    }
    for (Iterator<String> keys = element.fieldNames(); keys.hasNext(); ) {
      String k = keys.next();
      if (!k.equalsIgnoreCase("name") && !k.equalsIgnoreCase("value")) {
        problems.add(json.problem(Severity.WARNING, JsonPointers.child(at, k),
            "unknown key '" + k + "' in a setting is ignored; known keys: name, value"));
      }
    }
    ConfigPath path;
    try {
      path = ConfigPath.parse(name.asText());
    } catch (IllegalArgumentException e) {
      problems.add(json.problem(Severity.ERROR, JsonPointers.child(at, "name"), e.getMessage()));
      return null;
    }
    String template = null;
    if (value.isTextual() && hasReference(value.asText())) {
      template = value.asText();
      Resolved r = resolve(template, env);
      for (String variable : r.missing()) {
        problems.add(json.problem(Severity.ERROR, JsonPointers.child(at, "value"),
            "environment variable '" + variable + "' is not set (needed for " + path + " of " + key
                + "); set it before loading, or change this value"));
      }
      if (!r.missing().isEmpty()) {
        return null;
      }
      value = TextNode.valueOf(r.value());
    }
    return new Entry(target(key), key, path, value, template, json, at);
  }

  /** The config file, or empty for {@link #NONE}. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Problems found while loading the config itself. */
  public List<Problem> problems() {
    return problems;
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }

  /**
   * Applies the settings for {@code entityFile} (matched by file name) to {@code root}, in place.
   *
   * @return ERRORs, against the config file, for settings whose path does not exist in the entity
   */
  public List<Problem> apply(Path entityFile, JsonNode root) {
    return apply(entityFile, root, (pointer, template) -> {});
  }

  /**
   * As {@link #apply(Path, JsonNode)}, telling {@code references} the JSON pointer (with the keys as
   * the entity spells them) and the {@code ${env:…}} template of each value set from the environment,
   * so that a secret among them can be stored as its reference ({@code secrets.SealedJson}).
   */
  public List<Problem> apply(Path entityFile, JsonNode root, java.util.function.BiConsumer<String, String> references) {
    List<Problem> out = new ArrayList<>();
    String target = target(entityFile.getFileName().toString());
    for (Entry e : entries) {
      if (!e.target().equals(target)) {
        continue;
      }
      String why = e.path().set(root, e.value().deepCopy());
      if (why == null && e.template() != null) {
        references.accept(e.path().pointer(root), e.template());
      }
      if (why != null) {
        out.add(e.source().problem(Severity.ERROR, JsonPointers.child(e.pointer(), "name"),
            "path " + e.path() + " does not exist in " + entityFile + ": " + why
                + "; fix the path (keys are matched case-insensitively)"));
      }
    }
    return out;
  }

  /**
   * Problems for settings naming a file that is not among {@code files}, at the setting's key in the
   * config, with the closest loaded file name when one is plausibly meant.
   *
   * @param severity {@link Severity#ERROR} when {@code files} are a whole factory (a deploy, a plain
   *     validate: the setting would silently not be applied, e.g. a connection string left as in the
   *     file), {@link Severity#WARNING} when files are checked one by one ({@code adf validate --each})
   */
  public List<Problem> unmatched(Collection<Path> files, Severity severity) {
    Set<String> targets = files.stream().map(f -> target(f.getFileName().toString())).collect(Collectors.toSet());
    List<String> names = files.stream().map(f -> f.getFileName().toString().replaceFirst("(?i)\\.json$", ""))
        .distinct().toList();
    Map<String, Entry> firstPerKey = new LinkedHashMap<>();
    entries.forEach(e -> firstPerKey.putIfAbsent(e.key(), e));
    List<Problem> out = new ArrayList<>();
    for (Entry e : firstPerKey.values()) {
      if (!targets.contains(e.target())) {
        String hint = dev.adf.orchestrator.catalog.Names.closest(e.key().replaceFirst("(?i)\\.json$", ""), names)
            .map(n -> "did you mean '" + n + "'?").orElse("check the file name (without .json)");
        out.add(e.source().problem(severity, JsonPointers.child("", e.key()), "settings for '" + e.key()
            + "' match none of the " + files.size() + " loaded files, so they are not applied; " + hint));
      }
    }
    return out;
  }

  /**
   * True when {@code root} has the shape of an environment config rather than an entity: an object
   * whose members (other than {@code $schema}) are all arrays of {@code {name, value}} objects.
   */
  public static boolean looksLikeConfig(JsonNode root) {
    if (root == null || !root.isObject() || root.size() == 0) {
      return false;
    }
    boolean any = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (m.getKey().equals("$schema")) {
        continue;
      }
      if (!m.getValue().isArray()) {
        return false;
      }
      for (JsonNode element : m.getValue()) {
        if (member(element, "name") == null) {
          return false;
        }
      }
      any = true;
    }
    return any;
  }

  private static String target(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") ? lower.substring(0, lower.length() - 5) : lower;
  }

  private static JsonNode member(JsonNode node, String key) {
    return dev.adf.orchestrator.definition.EntityKind.member(node, key);
  }
}
