package dev.adf.engine.filecopy.format;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * An ADF TextFormat (ADF v1 "Supported file and compression formats", TextFormat).
 *
 * @param columnDelimiter one character (default ',')
 * @param rowDelimiter one character, or null: read any of \r\n, \r, \n; write \r\n
 * @param quoteChar or null
 * @param escapeChar or null; not together with quoteChar
 * @param nullValue the text of a null, or null: read "\N" and "NULL" as null, write "\N"
 * @param encoding the charset (default UTF-8; a byte order mark wins on read)
 * @param firstRowAsHeader input: the first row (after skipLineCount) is a header; output: write one
 * @param skipLineCount lines skipped before the header (input)
 * @param treatEmptyAsNull an empty unquoted field reads as null
 */
public record TextFormatSpec(char columnDelimiter, Character rowDelimiter, Character quoteChar, Character escapeChar,
    String nullValue, Charset encoding, boolean firstRowAsHeader, int skipLineCount, boolean treatEmptyAsNull) {

  public static final TextFormatSpec DEFAULTS =
      new TextFormatSpec(',', null, null, null, null, StandardCharsets.UTF_8, false, 0, true);

  /** @throws IllegalArgumentException for both quoteChar and escapeChar, or a negative skipLineCount */
  public TextFormatSpec {
    if (quoteChar != null && escapeChar != null) {
      throw new IllegalArgumentException("ADF allows quoteChar or escapeChar, not both");
    }
    if (skipLineCount < 0) {
      throw new IllegalArgumentException("skipLineCount must be 0 or more, got " + skipLineCount);
    }
  }

  public Charset encodingOrDefault() {
    return encoding == null ? StandardCharsets.UTF_8 : encoding;
  }
}
