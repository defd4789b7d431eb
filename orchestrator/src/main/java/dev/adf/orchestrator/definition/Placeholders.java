package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.orchestrator.validation.JsonPointers;
import dev.adf.orchestrator.validation.Secrets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the fill-in-the-blank values that samples and tutorials leave in ADF JSON, such as {@code
 * <account name>}, {@code AccountKey=<accountkey>}, {@code https://<clustername>.azurehdinsight.net}, {@code
 * <start-time>} or {@code <Replace with Storage Account Name noted in step 2>}, so that they are
 * reported as placeholders with their JSON path instead of as whatever check they happen to fail.
 *
 * <p>A placeholder is {@code <} and a letter, then up to 200 characters without {@code < > " '}, then
 * {@code >}: an ERROR. An empty {@code <>} that is the whole value or a {@code key=<>} setting, and the
 * prompts the ADF portal wrote into Data Lake {@code authorization}/{@code sessionId}, are WARNINGs (ADF
 * v1 deployed them; they fail when used). A SQL {@code a < b} (space after {@code <}) or {@code a <> b}
 * is not a placeholder. Values under {@code description} keys are prose and not checked.
 */
final class Placeholders {

  private static final Pattern NAMED = Pattern.compile("<[A-Za-z_][^<>\"']{0,200}>");
  private static final Pattern EMPTY = Pattern.compile("^<>$|(?<==)<>(?=;|$)");

  /**
   * Keys whose placeholder the ADF portal itself wrote and fills when the user clicks Authorize (Data
   * Lake OAuth, adf-v1-semantics §2): the file deployed in ADF v1 and failed only when run.
   */
  private static final java.util.Set<String> PORTAL_FILLED = java.util.Set.of("authorization", "sessionid");

  private Placeholders() {}

  /**
   * One value holding placeholders.
   *
   * @param pointer the JSON pointer of the value
   * @param placeholders its placeholders in order, each once
   * @param blocking false when only empty {@code <>} or a portal-filled prompt was found (a WARNING:
   *     ADF v1 accepted such files; the value fails only when used)
   */
  record Found(String pointer, List<String> placeholders, boolean blocking) {}

  /** Every text value under {@code root} that holds a placeholder, in document order. */
  static List<Found> find(JsonNode root) {
    List<Found> out = new ArrayList<>();
    walk(root, "", out);
    return out;
  }

  /** Reports each {@link Found} as an ERROR that names the placeholder (unless secret) and what to do. */
  static void report(JsonNode root, FileProblems problems) {
    for (Found f : find(root)) {
      if (!f.blocking()) {
        problems.warning(f.pointer(), "this value looks unfilled (" + (Secrets.isSecretPointer(f.pointer())
            ? "a placeholder; not shown: the value is a secret" : String.join(", ", f.placeholders()))
            + "); it fails when used: fill it in, or authorize the linked service in your tooling");
        continue;
      }
      String what = Secrets.isSecretPointer(f.pointer())
          ? (f.placeholders().size() == 1 ? "a placeholder" : f.placeholders().size() + " placeholders")
              + " (<…>; not shown: the value is a secret)"
          : (f.placeholders().size() == 1 ? "the placeholder " : "the placeholders ")
              + String.join(", ", f.placeholders());
      problems.error(f.pointer(), "this value still holds " + what + " from a sample or template;"
          + " replace it with the real value, or set it per environment with adf deploy --config FILE"
          + " ({\"<file name>\": [{\"name\": \"" + JsonPointers.toJsonPath(f.pointer())
          + "\", \"value\": \"…\"}]})");
    }
  }

  private static void walk(JsonNode node, String pointer, List<Found> out) {
    if (node.isTextual()) {
      Set<String> named = matches(NAMED, node.asText());
      Set<String> all = new LinkedHashSet<>(named);
      all.addAll(matches(EMPTY, node.asText()));
      if (!all.isEmpty()) {
        List<String> segments = JsonPointers.segments(pointer);
        boolean portal = !segments.isEmpty()
            && PORTAL_FILLED.contains(segments.get(segments.size() - 1).toLowerCase(java.util.Locale.ROOT));
        out.add(new Found(pointer, List.copyOf(all), !named.isEmpty() && !portal));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), JsonPointers.child(pointer, i), out);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equalsIgnoreCase("description")) {
          walk(e.getValue(), JsonPointers.child(pointer, e.getKey()), out);
        }
      }
    }
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
