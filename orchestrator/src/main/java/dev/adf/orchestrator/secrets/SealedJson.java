package dev.adf.orchestrator.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.validation.JsonPointers;
import dev.adf.orchestrator.validation.Secrets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stored form of a deployed entity's JSON: every secret value replaced by a marker object with the
 * one member {@value #MARKER}.
 *
 * <ul>
 *   <li>A <b>secret place</b> is a scalar (text, number, boolean) at a JSON pointer with a secret key in
 *       it ({@link Secrets#isSecretPointer}: connectionString, sasUri, password, accountKey, …, members of
 *       objects under such keys included), or a text anywhere holding a {@code key=value} secret
 *       ({@code AccountKey=}, {@code SharedAccessSignature=}, {@code sig=}, {@code Password=}, … as
 *       {@link dev.adf.engine.Redaction#text} finds them: a connection string passed as a launcher
 *       argument).
 *   <li>A secret place whose value an environment config set from a {@code ${env:NAME}} template is
 *       stored as that reference, {@code {"$secret": "env:<template>"}}, and resolved from the
 *       environment of the process that opens the definitions (the scheduler, when it loads them). The
 *       template's literal text is stored as written; when that text itself holds a {@code key=value}
 *       secret (write the whole secret in the variable instead) the resolved value is sealed as below.
 *   <li>Every other secret place is sealed, {@code {"$secret": "enc:v1:<key id>:<data>"}}
 *       ({@link SecretCipher}: AES-256-GCM, a random nonce per value), its plaintext the value's JSON.
 *   <li>Null values and the rest of the document stay as they are.
 * </ul>
 *
 * A deploy compares what it would store with what is deployed by content ({@link #sameContent}): the
 * clear values and the references, not the sealed texts, which differ at each sealing. An unchanged
 * entity keeps its stored text, so {@code adf deploy --plan} and the version history show no change.
 */
public final class SealedJson {
  /** The member name of a marker object. */
  public static final String MARKER = "$secret";
  /** The prefix of a reference's text in a marker. */
  public static final String ENV_PREFIX = "env:";
  /** What a secret that cannot be opened is replaced with when the definitions are opened. */
  public static final String UNAVAILABLE = "unavailable-secret";

  /** Reads what {@link dev.adf.orchestrator.definition.LocatedJson} reads (ADF v1's tolerance). */
  private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build());
  private static final ObjectMapper PRINTER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SealedJson() {}

  /**
   * What opening a stored entity gave.
   *
   * @param json the entity's JSON with every secret in clear; a secret that could not be opened is
   *     {@value #UNAVAILABLE}
   * @param problems why secrets could not be opened (no key, wrong key, unset variable), each naming
   *     the JSON pointer and what to do; empty when all opened
   */
  public record Opened(String json, List<String> problems) {
    public Opened {
      problems = List.copyOf(problems);
    }
  }

  /** True when {@code node} is a marker object {@code {"$secret": "…"}}. */
  public static boolean isMarker(JsonNode node) {
    return node != null && node.isObject() && node.size() == 1 && node.path(MARKER).isTextual();
  }

  /** True when the stored text has any marker (a quick look at the text, no parsing). */
  public static boolean hasMarkers(String stored) {
    return stored != null && stored.contains("\"" + MARKER + "\"");
  }

  /**
   * The stored form of an entity.
   *
   * @param json the entity's JSON after environment config (secrets in clear); the stored text is
   *     printed from its tree (comments dropped), also when it holds no secret
   * @param references JSON pointer to {@code ${env:…}} template for the values set from the environment
   * @param cipher the cipher, asked for only when there is a literal secret to seal
   * @throws SecretException when a secret must be sealed and there is no usable key
   */
  public static String seal(String json, Map<String, String> references, Supplier<SecretCipher> cipher) {
    JsonNode out = walk(parse(json), "", false, (pointer, value) -> {
      String template = references.get(pointer);
      if (template != null && value.isTextual() && referenceIsClean(template)) {
        return marker(ENV_PREFIX + template);
      }
      return marker(cipher.get().seal(value.toString()));
    });
    // Always printed again: the text as written may hold comments, which could name a secret.
    return print(out);
  }

  /**
   * True when storing {@code json} with {@code references} would store the same content as {@code
   * stored} holds: the same document, the same references, the same clear values of sealed secrets.
   *
   * @throws SecretException when {@code stored} has sealed secrets this process cannot open
   */
  public static boolean sameContent(String json, Map<String, String> references, String stored,
      Supplier<SecretCipher> cipher) {
    JsonNode wanted = walk(parse(json), "", false, (pointer, value) -> {
      String template = references.get(pointer);
      return template != null && value.isTextual() && referenceIsClean(template) ? marker(ENV_PREFIX + template) : value;
    });
    JsonNode have = openMarkers(parse(stored), "", (pointer, text) ->
        text.startsWith(ENV_PREFIX) ? marker(text) : parse(cipher.get().open(text)));
    return wanted.equals(have);
  }

  /**
   * The entity with every secret in clear, as the scheduler needs it: references resolved through
   * {@code env}, sealed secrets opened with the cipher. Never throws for a secret: each one that cannot
   * be opened becomes {@value #UNAVAILABLE} and a problem.
   */
  public static Opened open(String stored, Function<String, String> env, Supplier<SecretCipher> cipher) {
    if (!hasMarkers(stored)) {
      return new Opened(stored, List.of());
    }
    List<String> problems = new ArrayList<>();
    JsonNode out = openMarkers(parse(stored), "", (pointer, text) -> {
      if (text.startsWith(ENV_PREFIX)) {
        EnvironmentConfig.Resolved r = EnvironmentConfig.resolve(text.substring(ENV_PREFIX.length()), env);
        if (!r.missing().isEmpty()) {
          problems.add("environment variable " + String.join(", ", r.missing().stream().map(v -> "'" + v + "'").toList())
              + " is not set (needed for " + pointer + "); set it in the environment of adf run, or deploy"
              + " with a value that does not need it");
          return TextNode.valueOf(UNAVAILABLE);
        }
        return TextNode.valueOf(r.value());
      }
      try {
        return parse(cipher.get().open(text));
      } catch (SecretException e) {
        problems.add("the secret at " + pointer + " cannot be opened: " + e.getMessage());
        return TextNode.valueOf(UNAVAILABLE);
      }
    });
    return new Opened(print(out), problems);
  }

  /**
   * A stored text written before secrets were sealed, sealed now; empty when it has markers already
   * or no secret. For stored versions written in clear by earlier versions (they keep no reference:
   * values from the environment are sealed like literal ones).
   */
  public static Optional<String> resealed(String stored, Supplier<SecretCipher> cipher) {
    if (hasMarkers(stored)) {
      return Optional.empty();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(stripBom(stored));
    } catch (JsonProcessingException notJson) {
      return Optional.empty();
    }
    boolean[] any = {false};
    walk(tree, "", false, (pointer, value) -> {
      any[0] = true;
      return value;
    });
    return any[0] ? Optional.of(seal(stored, Map.of(), cipher)) : Optional.empty();
  }

  /**
   * A copy of a stored tree safe to show: a sealed secret is {@value Secrets#MASK}, a reference its
   * template ({@code ${env:NAME}}), every other value as it is (callers mask the rest with {@link
   * Secrets#redacted}).
   */
  public static JsonNode shown(JsonNode stored) {
    return openMarkers(stored, "", (pointer, text) -> TextNode.valueOf(
        text.startsWith(ENV_PREFIX) ? text.substring(ENV_PREFIX.length()) : Secrets.MASK));
  }

  /** True when the template's literal text (its references left out) holds no {@code key=value} secret. */
  private static boolean referenceIsClean(String template) {
    String literal = EnvironmentConfig.withoutReferences(template);
    return Secrets.redact(literal).equals(literal);
  }

  /** A secret place: a scalar under a secret key, or a text with a {@code key=value} secret. */
  private static boolean secretPlace(boolean underSecretKey, JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isTextual()) {
      return underSecretKey || !Secrets.redact(value.asText()).equals(value.asText());
    }
    return underSecretKey && value.isValueNode();
  }

  @FunctionalInterface
  private interface Replace {
    JsonNode at(String pointer, JsonNode value);
  }

  @FunctionalInterface
  private interface OpenMarker {
    JsonNode at(String pointer, String text);
  }

  /** A copy of {@code node} with {@code replace} applied at each secret place (markers kept as they are). */
  private static JsonNode walk(JsonNode node, String pointer, boolean underSecretKey, Replace replace) {
    if (isMarker(node)) {
      return node;
    }
    if (node instanceof ObjectNode o) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        out.set(e.getKey(), walk(e.getValue(), JsonPointers.child(pointer, e.getKey()),
            underSecretKey || Secrets.isSecretKey(e.getKey()), replace));
      }
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < a.size(); i++) {
        out.add(walk(a.get(i), JsonPointers.child(pointer, i), underSecretKey, replace));
      }
      return out;
    }
    return secretPlace(underSecretKey, node) ? replace.at(pointer, node) : node;
  }

  /** A copy of {@code node} with every marker replaced by what {@code open} makes of its text. */
  private static JsonNode openMarkers(JsonNode node, String pointer, OpenMarker open) {
    if (isMarker(node)) {
      return open.at(pointer, node.get(MARKER).asText());
    }
    if (node instanceof ObjectNode o) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        out.set(e.getKey(), openMarkers(e.getValue(), JsonPointers.child(pointer, e.getKey()), open));
      }
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < a.size(); i++) {
        out.add(openMarkers(a.get(i), JsonPointers.child(pointer, i), open));
      }
      return out;
    }
    return node;
  }

  private static ObjectNode marker(String text) {
    return JsonNodeFactory.instance.objectNode().put(MARKER, text);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(stripBom(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + " (an entity's stored text, or a sealed secret's plaintext)");
    }
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String print(JsonNode node) {
    try {
      return PRINTER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
