package dev.adf.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable validation report of {@code adf validate --format json}: one element per file,
 *
 * <pre>
 * [{"file": "...", "ok": true|false,
 *   "problems": [{"severity": "error"|"warning", "pointer": "/properties/...", "line": n, "column": n,
 *                 "message": "..."}]}]
 * </pre>
 *
 * <p>Files come in the order they were read (sorted by path), then any other file a problem points at
 * (the environment config, a path that does not exist), in the order of their first problem. {@code
 * ok} is false exactly when the file has an error. {@code line}/{@code column} are 1-based, 0 when
 * unknown. Messages are {@link Problem}'s, whose secrets are already masked.
 */
final class ProblemsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProblemsJson() {}

  /**
   * The report as JSON text.
   *
   * @param files every file read, in path order
   * @param problems every problem, in any order (kept in that order within each file)
   * @return a JSON array, indented, without a trailing newline
   */
  static String render(List<Path> files, List<Problem> problems) {
    Map<String, List<Problem>> byFile = new LinkedHashMap<>();
    for (Path f : files) {
      byFile.put(name(f), new ArrayList<>());
    }
    for (Problem p : problems) {
      byFile.computeIfAbsent(name(p.file()), k -> new ArrayList<>()).add(p);
    }
    ArrayNode array = MAPPER.createArrayNode();
    for (var entry : byFile.entrySet()) {
      ObjectNode file = array.addObject();
      file.put("file", entry.getKey());
      file.put("ok", entry.getValue().stream().noneMatch(Problem::isError));
      ArrayNode list = file.putArray("problems");
      for (Problem p : entry.getValue()) {
        ObjectNode n = list.addObject();
        n.put("severity", p.severity().name().toLowerCase(Locale.ROOT));
        n.put("pointer", p.pointer());
        n.put("line", p.line());
        n.put("column", p.column());
        n.put("message", p.message());
      }
    }
    try {
      return MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the validation report as JSON", e);
    }
  }

  /** The path as given, normalized ({@code a/./b.json} is {@code a/b.json}); "" for no file. */
  private static String name(Path p) {
    return p == null ? "" : p.normalize().toString();
  }
}
