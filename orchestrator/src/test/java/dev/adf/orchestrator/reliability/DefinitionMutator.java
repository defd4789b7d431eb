package dev.adf.orchestrator.reliability;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.adf.orchestrator.reliability.Mutation.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mutates one file of a real factory (the repository's samples, the ADF v1 corpus) into hostile input,
 * deterministically from a seed: the same seed gives the same source, file, kind and bytes.
 *
 * <p>Structure-aware kinds ({@link Kind#REMOVE_KEY} … {@link Kind#ODD_STRING}) work on the Jackson tree
 * of the file (read with ADF v1's lenient syntax) and print it again; values Jackson could not write
 * (numbers past its limits, nesting past 1,000, lone surrogates) are spliced into the printed text raw.
 * Raw kinds ({@link Kind#BROKEN_UTF8}, {@link Kind#BOM}, {@link Kind#TRUNCATION}) work on the file's
 * bytes as read. A structure-aware kind on a file that is not JSON even leniently (the corpus keeps two)
 * becomes a truncation, recorded as such.
 */
public final class DefinitionMutator {

  /** A factory to mutate: a folder of entity files and, for the sample, its environment config. */
  public record Source(String name, Path folder, Path config, List<Path> files) {}

  /** A case laid out on disk: what to pass to {@code adf validate} / {@code adf deploy}. */
  public record Case(Mutation mutation, Path factory, Path config, List<Path> inputFiles) {}

  private static final ObjectMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
          JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .build();
  private static final ObjectMapper PRINTER = new ObjectMapper();
  private static final String MARK = "@@adf-fuzz-raw@@";
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Kind[] KINDS = Kind.values();

  private final Source sample;
  private final Source copySample;
  private final List<Source> corpusFolders;
  private final List<Path> corpusFiles;
  private final Path corpus;

  /**
   * @param repo the repository root (samples/, conf/)
   * @param corpus {@code shared/corpus/adfv1}
   * @param corpusFolders complete sample folders of the corpus, relative to {@code corpus}
   */
  public DefinitionMutator(Path repo, Path corpus, List<String> corpusFolders) {
    this.corpus = corpus;
    this.sample = source("sample", repo.resolve("samples/ADFJsons"), repo.resolve("conf/environments/local.json"));
    this.copySample = source("copy-sample", repo.resolve("samples/CopyBlobs/ADFJsons"), null);
    this.corpusFolders = corpusFolders.stream().map(f -> source("corpus:" + f, corpus.resolve(f), null)).toList();
    this.corpusFiles = jsonFiles(corpus).stream().filter(f -> !f.getFileName().toString().equals("manifest.json"))
        .toList();
    if (corpusFiles.isEmpty()) {
      throw new IllegalStateException("no JSON files in the corpus at " + corpus);
    }
  }

  /** The unmutated sample: the factory a run deploys first, so that refused deploys have something to keep. */
  public Source sample() {
    return sample;
  }

  /**
   * Lays out the case of {@code seed} under {@code dir} ({@code dir/factory/…}, {@code dir/config.json}).
   * Sources are drawn 40 % sample, 15 % copy sample, 25 % a corpus sample folder, 20 % one corpus file;
   * the kind uniformly; the file uniformly among the source's files (and the sample's config).
   */
  public Case mutate(long seed, Path dir) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    int s = random.nextInt(100);
    Source source = s < 40 ? sample : s < 55 ? copySample : s < 80
        ? corpusFolders.get(random.nextInt(corpusFolders.size())) : single(random);
    Kind kind = KINDS[random.nextInt(KINDS.length)];
    int pick = random.nextInt(source.files().size() + (source.config() == null ? 0 : 1));
    boolean config = pick == source.files().size();
    Path factory = dir.resolve("factory");
    List<Path> inputs = new ArrayList<>();
    for (Path f : source.files()) {
      Path to = factory.resolve(f.toString());
      Files.createDirectories(to.getParent());
      Files.copy(source.folder().resolve(f), to);
      inputs.add(to);
    }
    Path configCopy = null;
    if (source.config() != null) {
      configCopy = dir.resolve("config.json");
      Files.copy(source.config(), configCopy);
      inputs.add(configCopy);
    }
    Path target = config ? configCopy : factory.resolve(source.files().get(pick).toString());
    byte[] original = Files.readAllBytes(target);
    Result r = mutate(kind, original, random);
    Files.write(target, r.bytes());
    String file = config ? "../config.json" : source.files().get(pick).toString();
    return new Case(new Mutation(seed, source.name(), file, r.kind(), r.detail()), factory, configCopy, inputs);
  }

  private Source single(SplittableRandom random) {
    Path f = corpusFiles.get(random.nextInt(corpusFiles.size()));
    return new Source("corpus-file:" + corpus.relativize(f), f.getParent(), null, List.of(f.getFileName()));
  }

  private record Result(Kind kind, byte[] bytes, String detail) {}

  private static Result mutate(Kind kind, byte[] original, SplittableRandom random) {
    return switch (kind) {
      case BROKEN_UTF8 -> brokenUtf8(original, random);
      case BOM -> bom(original, random);
      case TRUNCATION -> truncation(original, random);
      default -> {
        JsonNode root;
        try {
          root = LENIENT.readTree(original);
        } catch (IOException e) {
          root = null;
        }
        yield root == null ? truncation(original, random) : structural(kind, root, random);
      }
    };
  }

  // ---- structure-aware kinds ----

  /** A place in the tree: its parent (null for the root) and key or index. */
  private record Slot(JsonNode parent, String key, int index, JsonNode node, String path) {}

  private static Result structural(Kind kind, JsonNode root, SplittableRandom random) {
    List<Slot> slots = new ArrayList<>();
    collect(root, null, null, -1, "$", slots);
    String raw;
    Slot slot;
    String what;
    switch (kind) {
      case REMOVE_KEY -> {
        List<Slot> members = slots.stream().filter(x -> x.key() != null).toList();
        if (members.isEmpty()) {
          return structural(Kind.WRONG_TYPE, root, random);
        }
        slot = members.get(random.nextInt(members.size()));
        ((ObjectNode) slot.parent()).remove(slot.key());
        return printed(kind, root, null, "removed " + slot.path());
      }
      case WRONG_TYPE -> {
        slot = slots.get(random.nextInt(slots.size()));
        raw = otherType(slot.node(), random);
        what = slot.path() + " := " + raw;
      }
      case HUGE_NUMBER, TINY_NUMBER -> {
        List<Slot> numbers = slots.stream().filter(x -> x.node().isNumber()).toList();
        List<Slot> digits = slots.stream().filter(x -> x.node().isTextual() && DIGITS.matcher(x.node().asText()).find())
            .toList();
        int choice = random.nextInt(3);
        if (choice == 0 && !numbers.isEmpty()) {
          slot = numbers.get(random.nextInt(numbers.size()));
        } else if (choice == 1 && !digits.isEmpty()) {
          slot = digits.get(random.nextInt(digits.size()));
        } else {
          slot = slots.get(random.nextInt(slots.size()));
        }
        boolean huge = kind == Kind.HUGE_NUMBER;
        if (slot.node().isTextual() && DIGITS.matcher(slot.node().asText()).find() && random.nextBoolean()) {
          raw = quote(digitsChanged(slot.node().asText(), huge, random));
        } else {
          raw = huge ? huge(random) : tiny(random);
        }
        what = slot.path() + " := " + raw;
      }
      case DEEP_NESTING -> {
        slot = slots.get(random.nextInt(slots.size()));
        int[] depths = {50, 500, 990, 998, 999, 1000, 1001, 2000, 100_000};
        int depth = depths[random.nextInt(depths.length)];
        String shape = List.of("arrays", "objects", "mixed").get(random.nextInt(3));
        raw = nested(depth, shape);
        what = slot.path() + " := " + shape + " nested " + depth + " deep";
      }
      case ODD_STRING -> {
        List<Slot> members = slots.stream().filter(x -> x.key() != null).toList();
        String odd = odd(random);
        if (!members.isEmpty() && random.nextInt(4) == 0) {
          slot = members.get(random.nextInt(members.size()));
          rename((ObjectNode) slot.parent(), slot.key(), MARK);
          return printed(kind, root, odd, "key of " + slot.path() + " renamed " + shorten(odd));
        }
        List<Slot> texts = slots.stream().filter(x -> x.node().isTextual()).toList();
        slot = texts.isEmpty() ? slots.get(random.nextInt(slots.size())) : texts.get(random.nextInt(texts.size()));
        raw = odd;
        what = slot.path() + " := " + raw;
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
    JsonNode mark = TextNode.valueOf(MARK);
    if (slot.parent() == null) {
      return printed(kind, mark, raw, what);
    }
    if (slot.parent() instanceof ObjectNode o) {
      o.set(slot.key(), mark);
    } else {
      ((ArrayNode) slot.parent()).set(slot.index(), mark);
    }
    return printed(kind, root, raw, what);
  }

  private static void collect(JsonNode node, JsonNode parent, String key, int index, String path, List<Slot> out) {
    out.add(new Slot(parent, key, index, node, path));
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collect(e.getValue(), node, e.getKey(), -1, path + "." + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), node, null, i, path + "[" + i + "]", out);
      }
    }
  }

  private static void rename(ObjectNode parent, String from, String to) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
    parent.fields().forEachRemaining(members::add);
    parent.removeAll();
    for (Map.Entry<String, JsonNode> e : members) {
      parent.set(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
    }
  }

  /** Prints {@code root} (indented, as a person would save it) with {@code "MARK"} replaced by {@code raw}. */
  private static Result printed(Kind kind, JsonNode root, String raw, String what) {
    String text;
    try {
      text = PRINTER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (raw != null) {
      text = text.replace("\"" + MARK + "\"", raw);
    }
    return new Result(kind, text.getBytes(StandardCharsets.UTF_8), shorten(what));
  }

  private static String otherType(JsonNode node, SplittableRandom random) {
    List<String> candidates = new ArrayList<>(List.of("null", "true", "false", "0", "-1.5", "\"\"", "\"text\"",
        "[]", "{}", "[1, \"a\", null]", "{\"x\": 1}", "[{}]"));
    candidates.removeIf(c -> sameType(node, c));
    return candidates.get(random.nextInt(candidates.size()));
  }

  private static boolean sameType(JsonNode node, String raw) {
    char c = raw.charAt(0);
    return switch (node.getNodeType()) {
      case NULL -> raw.equals("null");
      case BOOLEAN -> raw.equals("true") || raw.equals("false");
      case NUMBER -> Character.isDigit(c) || c == '-';
      case STRING -> c == '"';
      case ARRAY -> c == '[';
      case OBJECT -> c == '{';
      default -> false;
    };
  }

  private static String huge(SplittableRandom random) {
    List<String> values = List.of("9223372036854775808", "-9223372036854775809", "2147483648", "1e308",
        "1.8e308", "1e999999999", "-1e999999999", "123456789012345678901234567890.5", "9".repeat(999),
        "9".repeat(1001), "1" + "0".repeat(5000), "1E+2147483647");
    return values.get(random.nextInt(values.size()));
  }

  private static String tiny(SplittableRandom random) {
    List<String> values = List.of("0", "-0", "-1", "-2147483649", "-9223372036854775808", "1e-400", "4.9e-324",
        "-1e308", "0.0000000000000000000001", "-0.0", "1E-2147483647");
    return values.get(random.nextInt(values.size()));
  }

  private static String digitsChanged(String text, boolean huge, SplittableRandom random) {
    Matcher m = DIGITS.matcher(text);
    StringBuilder out = new StringBuilder();
    int which = 0;
    int target = random.nextInt((int) DIGITS.matcher(text).results().count());
    while (m.find()) {
      String replacement = m.group();
      if (which++ == target) {
        replacement = huge ? List.of("99999999999", "2147483648", "9".repeat(40)).get(random.nextInt(3))
            : List.of("0", "-" + m.group(), "00").get(random.nextInt(3));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String nested(int depth, String shape) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      boolean array = shape.equals("arrays") || (shape.equals("mixed") && i % 2 == 0);
      open.append(array ? "[" : "{\"a\":");
      close.append(array ? ']' : '}');
    }
    return open + "1" + close.reverse();
  }

  private static String odd(SplittableRandom random) {
    List<String> values = List.of("\"\"", "\"   \"", "\"" + "x".repeat(100_000) + "\"", "\"\\u0000\"",
        "\"\\ud800\"", "\"\\udc00x\"", "\"line one\\nline two\"", "\"tab\\there\\r\"", "\"\\u202eevil\"",
        "\"\uD83D\uDE00\"", "\"${env:ADF_FUZZ_UNSET}\"", "\"<placeholder>\"",
        "\"$$Text.Format('{0:yyyy}', SliceStart\"", "\"$$Text.Format('{99999999999}', SliceStart)\"",
        "\"$$Nope.Nope()\"", "\"\\\\\\\"'/\"", "\"%s%n%d\"", "\"../../../../etc/passwd\"",
        "\"<script>alert(1)</script>\"", "\"a/b~c\"");
    return values.get(random.nextInt(values.size()));
  }

  private static String quote(String s) {
    try {
      return PRINTER.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- raw kinds ----

  private static final byte[][] NOT_UTF8 = {
    {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
  };

  private static Result brokenUtf8(byte[] original, SplittableRandom random) {
    int variant = random.nextInt(10);
    if (variant == 9) {
      String text = new String(original, StandardCharsets.UTF_8);
      if (text.chars().allMatch(c -> c < 128)) {
        int at = text.lastIndexOf('"', Math.max(0, text.length() / 2));
        text = at <= 0 ? "\u00e9" + text : text.substring(0, at) + "caf\u00e9" + text.substring(at);
      }
      return new Result(Kind.BROKEN_UTF8, text.getBytes(StandardCharsets.ISO_8859_1), "re-encoded as ISO-8859-1");
    }
    byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
    int at = random.nextInt(original.length + 1);
    boolean replace = random.nextBoolean() && at < original.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(original, 0, at);
    out.writeBytes(bad);
    int rest = replace ? at + 1 : at;
    out.write(original, rest, original.length - rest);
    return new Result(Kind.BROKEN_UTF8, out.toByteArray(),
        (replace ? "byte " + at + " replaced by " : "inserted at byte " + at + ": ") + hex(bad));
  }

  private static Result bom(byte[] original, SplittableRandom random) {
    byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    String text = new String(original, StandardCharsets.UTF_8);
    return switch (random.nextInt(7)) {
      case 0 -> new Result(Kind.BOM, concat(utf8Bom, original), "UTF-8 BOM prepended");
      case 1 -> new Result(Kind.BOM, concat(utf8Bom, concat(utf8Bom, original)), "two UTF-8 BOMs prepended");
      case 2 -> {
        int at = random.nextInt(original.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(original, 0, at);
        out.writeBytes(utf8Bom);
        out.write(original, at, original.length - at);
        yield new Result(Kind.BOM, out.toByteArray(), "UTF-8 BOM inserted at byte " + at);
      }
      case 3 -> new Result(Kind.BOM, encoded(text, "UTF-16LE", true), "re-encoded UTF-16LE with BOM");
      case 4 -> new Result(Kind.BOM, encoded(text, "UTF-16BE", true), "re-encoded UTF-16BE with BOM");
      case 5 -> new Result(Kind.BOM, encoded(text, "UTF-16LE", false), "re-encoded UTF-16LE without BOM");
      default -> new Result(Kind.BOM, encoded(text, "UTF-32BE", true), "re-encoded UTF-32BE with BOM");
    };
  }

  private static byte[] encoded(String text, String charset, boolean bom) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return (bom ? "\uFEFF" + body : body).getBytes(Charset.forName(charset));
  }

  private static Result truncation(byte[] original, SplittableRandom random) {
    List<Integer> insideChars = new ArrayList<>();
    for (int i = 0; i < original.length; i++) {
      if ((original[i] & 0xC0) == 0xC0) {
        insideChars.add(i + 1);
      }
    }
    int at;
    int variant = random.nextInt(6);
    if (variant == 0) {
      at = 0;
    } else if (variant == 1) {
      at = Math.max(0, original.length - 1);
    } else if (variant == 2 && !insideChars.isEmpty()) {
      at = insideChars.get(random.nextInt(insideChars.size()));
    } else {
      at = random.nextInt(original.length + 1);
    }
    byte[] cut = new byte[Math.min(at, original.length)];
    System.arraycopy(original, 0, cut, 0, cut.length);
    return new Result(Kind.TRUNCATION, cut, "cut to " + cut.length + " of " + original.length + " bytes");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", b & 0xFF));
    }
    return out.toString();
  }

  private static String shorten(String s) {
    String oneLine = s.replace("\n", "\\n");
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 100) + "…(" + oneLine.length() + " chars)";
  }

  private static Source source(String name, Path folder, Path config) {
    List<Path> files = jsonFiles(folder).stream().map(folder::relativize).toList();
    if (files.isEmpty()) {
      throw new IllegalStateException("no JSON files in " + folder);
    }
    return new Source(name, folder, config, files);
  }

  private static List<Path> jsonFiles(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
