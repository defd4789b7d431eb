package dev.adf.activities.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import dev.adf.engine.filecopy.TextSettings;

/**
 * Reads an ADF {@code TextFormat} object into {@link TextSettings}, keys matched ignoring case, with
 * ADF v1's defaults ("Supported file and compression formats", TextFormat): columnDelimiter {@code ,};
 * rowDelimiter any of \r\n, \r, \n on read and \r\n on write; no quoteChar or escapeChar (an empty
 * string, as the corpus writes, means none); nullValue {@code \N}; UTF-8; firstRowAsHeader false;
 * skipLineCount 0; treatEmptyAsNull true. A rowDelimiter of {@code \r\n} is that default.
 */
final class TextFormats {
  private TextFormats() {}

  /**
   * @throws IllegalArgumentException when skipLineCount is not a whole number ≥ 0, or a boolean is not
   *     a boolean, naming the key
   */
  static TextSettings read(JsonNode format) {
    String row = nonEmpty(AdfJson.text(format, "rowDelimiter"));
    if ("\r\n".equals(row)) {
      row = null;
    }
    return new TextSettings(
        nonEmpty(AdfJson.text(format, "columnDelimiter")),
        row,
        nonEmpty(AdfJson.text(format, "quoteChar")),
        nonEmpty(AdfJson.text(format, "escapeChar")),
        AdfJson.member(format, "nullValue") == null ? null : AdfJson.text(format, "nullValue"),
        nonEmpty(AdfJson.text(format, "encodingName")),
        bool(format, "firstRowAsHeader", false),
        count(format, "skipLineCount"),
        bool(format, "treatEmptyAsNull", true));
  }

  /** The settings with ADF's defaults written out, for comparing two datasets' formats. */
  static TextSettings normalized(TextSettings t, boolean asSource) {
    return new TextSettings(
        t.columnDelimiter() == null ? "," : t.columnDelimiter(),
        t.rowDelimiter(),
        t.quoteChar(),
        t.escapeChar(),
        t.nullValue() == null ? "\\N" : t.nullValue(),
        TextSettings.charset(t.encodingName()).name(),
        t.firstRowAsHeader(),
        asSource ? t.skipLineCount() : 0,
        t.treatEmptyAsNull());
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static boolean bool(JsonNode node, String key, boolean dflt) {
    JsonNode v = AdfJson.member(node, key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw new IllegalArgumentException(key + " must be true or false, got " + v);
  }

  private static int count(JsonNode node, String key) {
    JsonNode v = AdfJson.member(node, key);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (v.canConvertToInt() && v.isIntegralNumber() && v.intValue() >= 0) {
      return v.intValue();
    }
    if (v.isTextual() && v.asText().trim().matches("\\d{1,9}")) {
      return Integer.parseInt(v.asText().trim());
    }
    throw new IllegalArgumentException(key + " must be a whole number of 0 or more, got " + v);
  }
}
