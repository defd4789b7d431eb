package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.validation.JsonPointers;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.validation.Problem.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON document with the line:column of every element, for problems with exact places.
 *
 * <p>Parsed with Jackson's streaming parser into a mutable tree while recording, for each JSON pointer,
 * where it starts (for object members: the key). UTF-8 only; a leading BOM is dropped; {@code //} and
 * {@code /* *}{@code /} comments are accepted as Visual Studio's ADF tooling did. Keys are matched
 * case-insensitively by {@link #locate(String)} (adf-v1-semantics §1); two keys of one object that
 * differ only in case are an error.
 *
 * @param file where it was read
 * @param text the document text, BOM removed
 * @param root the tree (mutable: environment config is applied to it before binding)
 * @param problems problems found while parsing a syntactically valid document (duplicate keys; the
 *     first occurrence is kept)
 * @param positions where each element starts, keyed by its pointer lower-cased; use {@link #locate}
 */
public record LocatedJson(
    Path file, String text, JsonNode root, List<Problem> problems, Map<String, Location> positions) {

  /** Where an element starts: its actual pointer (keys as spelled in the file), 1-based line and column. */
  public record Location(String pointer, int line, int column) {}

  /** The file is not UTF-8 JSON; {@link #problem()} says where and why. */
  public static final class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    InvalidJsonException(Problem problem) {
      super(problem.render());
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** Jackson's default nesting limit, kept explicit: deeper documents are an error at the place they pass it. */
  public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

  private static final JsonFactory LENIENT = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();

  /**
   * Reads and parses a UTF-8 file.
   *
   * @throws InvalidJsonException also when the bytes are not UTF-8: at the line:column of the first
   *     byte that is not (line and column counted in the characters before it), or at 1:1 naming the
   *     encoding when the file starts with a UTF-16 or UTF-32 byte-order mark
   */
  public static LocatedJson read(Path file) throws IOException, InvalidJsonException {
    return parse(file, decode(file, Files.readAllBytes(file)));
  }

  /** The byte-order marks of other Unicode encodings than UTF-8 (longest first: UTF-32LE starts like UTF-16LE). */
  private static final List<Map.Entry<String, byte[]>> OTHER_BOMS = List.of(
      Map.entry("UTF-32LE", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}),
      Map.entry("UTF-32BE", new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}),
      Map.entry("UTF-16LE", new byte[] {(byte) 0xFF, (byte) 0xFE}),
      Map.entry("UTF-16BE", new byte[] {(byte) 0xFE, (byte) 0xFF}));

  private static String decode(Path file, byte[] bytes) throws InvalidJsonException {
    for (Map.Entry<String, byte[]> bom : OTHER_BOMS) {
      if (java.util.Arrays.equals(bytes, 0, Math.min(bytes.length, bom.getValue().length), bom.getValue(), 0,
          bom.getValue().length)) {
        throw new InvalidJsonException(Problem.error(file, "", 1, 1, "the file is " + bom.getKey()
            + " text (it starts with that encoding's byte-order mark); ADF JSON is UTF-8: save it as UTF-8"));
      }
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      out.flip();
      int line = 1;
      int column = 1;
      for (int i = 0; i < out.limit(); i++) {
        if (out.get(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      int at = in.position();
      StringBuilder shown = new StringBuilder();
      for (int i = at; i < Math.min(bytes.length, at + result.length()); i++) {
        shown.append(shown.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i] & 0xFF));
      }
      throw new InvalidJsonException(Problem.error(file, "", line, column, "the file is not UTF-8 text: "
          + (result.length() == 1 ? "byte " : "bytes ") + shown + " at byte offset " + at
          + " cannot be read as UTF-8 (saved as Windows-1252 or ISO-8859-1, or damaged); save it as UTF-8"));
    }
    out.flip();
    return out.toString();
  }

  /**
   * Parses {@code text} (a leading BOM is dropped); {@code file} is only used in problems.
   *
   * <p>Strict JSON (plus comments) first. When that fails, the document is parsed again with the
   * tolerance of ADF v1's 2014-2015 tooling (unquoted keys, single-quoted strings, trailing commas);
   * if that succeeds the document loads with a WARNING at the first non-strict place, otherwise the
   * strict parser's error is thrown.
   *
   * @throws InvalidJsonException when the text is not JSON even leniently: the problem has the line
   *     and column of the strict parser's first error and the pointer of the element it was in
   */
  public static LocatedJson parse(Path file, String text) throws InvalidJsonException {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try {
      return parse(file, body, JSON, null);
    } catch (InvalidJsonException strict) {
      try {
        return parse(file, body, LENIENT, strict.problem());
      } catch (InvalidJsonException lenient) {
        throw strict;
      }
    }
  }

  private static LocatedJson parse(Path file, String body, JsonFactory factory, Problem strictError)
      throws InvalidJsonException {
    Builder builder = new Builder(file);
    if (strictError != null) {
      builder.problems.add(Problem.warning(file, strictError.pointer(), strictError.line(), strictError.column(),
          "not strict JSON (" + strictError.message().replaceFirst("^invalid JSON: ", "").replaceFirst(";.*$", "")
              + "); loaded with ADF v1's tolerance for unquoted keys, single quotes and trailing commas;"
              + " make it strict JSON so other tools can read it"));
    }
    JsonParser parser = null;
    try {
      parser = factory.createParser(body);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InvalidJsonException(Problem.error(file, "", 1, 1, "the file is empty; expected a JSON object"));
      }
      JsonNode root = builder.value(parser, "");
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new InvalidJsonException(Problem.error(file, "", at.getLineNr(), at.getColumnNr(),
            "invalid JSON: unexpected content after the end of the document; remove it"));
      }
      return new LocatedJson(file, body, root, List.copyOf(builder.problems), Map.copyOf(builder.positions));
    } catch (StreamConstraintsException e) {
      // Jackson's limits (StreamReadConstraints: nesting depth 1,000, numbers of 1,000 digits, …) carry
      // neither a location nor the parser: both come from the parser, which stopped at the place.
      JsonLocation at = parser.currentLocation();
      String reason = e.getOriginalMessage().replaceFirst(",? from `StreamReadConstraints[^`]*`\\)?", ")");
      String advice = reason.startsWith("Document nesting depth")
          ? "arrays and objects nested deeper than " + String.format(Locale.ROOT, "%,d", MAX_DEPTH)
              + " levels; an ADF entity nests a few levels: remove the extra brackets"
          : "a value past the JSON reader's limits (" + reason + "); ADF values are far smaller: shorten it";
      throw new InvalidJsonException(Problem.error(file, pointerAt(parser, builder.current), at.getLineNr(),
          at.getColumnNr(), "invalid JSON: " + advice));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String reason = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
      throw new InvalidJsonException(Problem.error(file, pointerAt(parser, builder.current),
          at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "invalid JSON: " + reason + "; fix the syntax at this line and column"
              + " (often an unescaped \" inside a string or a missing comma)"));
    } catch (IOException e) {
      throw new InvalidJsonException(Problem.error(file, "", 0, 0, "cannot read JSON: " + e.getMessage()));
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException e) {
          // a parser over a String holds no resource
        }
      }
    }
  }

  /**
   * The pointer of the element being read when {@code p} failed, from Jackson's parsing context (it
   * reads a member's value together with its key, so the builder may not have seen the key yet);
   * inside arrays {@code fallback}, the element last read (after a string with an unescaped quote,
   * Jackson's index has already moved to the next element).
   */
  private static String pointerAt(JsonParser p, String fallback) {
    if (p != null && p.getParsingContext() != null
        && p.getParsingContext().inObject() && p.getParsingContext().getCurrentName() != null) {
      String pointer = p.getParsingContext().pathAsPointer().toString();
      return pointer.isEmpty() && !fallback.isEmpty() ? fallback : pointer;
    }
    return fallback;
  }

  /**
   * Where {@code pointer} is, keys matched case-insensitively. When the element does not exist (a
   * required key is missing), the location of its nearest existing ancestor, with the pointer as asked.
   */
  public Location locate(String pointer) {
    String actual = "";
    Location best = positions.get("");
    List<String> segments = JsonPointers.segments(pointer);
    for (int i = 0; i < segments.size(); i++) {
      Location next = positions.get(key(JsonPointers.child(actual, segments.get(i))));
      if (next == null) {
        for (String rest : segments.subList(i, segments.size())) {
          actual = JsonPointers.child(actual, rest);
        }
        return new Location(actual, best == null ? 0 : best.line(), best == null ? 0 : best.column());
      }
      best = next;
      actual = next.pointer();
    }
    return best == null ? new Location(pointer, 0, 0) : best;
  }

  /** A problem at {@code pointer} in this file. */
  public Problem problem(Severity severity, String pointer, String message) {
    Location at = locate(pointer);
    return new Problem(severity, file, at.pointer(), at.line(), at.column(), message);
  }

  private static String key(String pointer) {
    return pointer.toLowerCase(Locale.ROOT);
  }

  /** Builds the tree and the position map from parser tokens. */
  private static final class Builder {
    private final Path file;
    private final Map<String, Location> positions = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private String current = "";

    Builder(Path file) {
      this.file = file;
    }

    JsonNode value(JsonParser p, String pointer) throws IOException {
      current = pointer;
      JsonLocation at = p.currentTokenLocation();
      positions.putIfAbsent(key(pointer), new Location(pointer, at.getLineNr(), at.getColumnNr()));
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      return switch (p.currentToken()) {
        case START_OBJECT -> object(p, pointer);
        case START_ARRAY -> array(p, pointer);
        case VALUE_STRING -> nodes.textNode(p.getText());
        case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? nodes.numberNode(p.getBigIntegerValue()) : nodes.numberNode(p.getLongValue());
        case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDecimalValue());
        case VALUE_TRUE -> nodes.booleanNode(true);
        case VALUE_FALSE -> nodes.booleanNode(false);
        default -> nodes.nullNode();
      };
    }

    private ObjectNode object(JsonParser p, String pointer) throws IOException {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      Set<String> seen = new HashSet<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        String child = JsonPointers.child(pointer, name);
        JsonLocation at = p.currentTokenLocation();
        current = child;
        boolean duplicate = !seen.add(name.toLowerCase(Locale.ROOT));
        if (duplicate) {
          Location first = positions.get(key(child));
          problems.add(Problem.error(file, child, at.getLineNr(), at.getColumnNr(),
              "duplicate key '" + name + "' (keys are case-insensitive in ADF; first at line "
                  + first.line() + "); keep only one"));
        } else {
          positions.put(key(child), new Location(child, at.getLineNr(), at.getColumnNr()));
        }
        p.nextToken();
        JsonNode value = value(p, child);
        if (!duplicate) {
          node.set(name, value);
        }
      }
      return node;
    }

    private ArrayNode array(JsonParser p, String pointer) throws IOException {
      ArrayNode node = JsonNodeFactory.instance.arrayNode();
      int index = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        node.add(value(p, JsonPointers.child(pointer, index++)));
      }
      return node;
    }
  }
}
