package dev.adf.engine.filecopy;

import dev.adf.engine.filecopy.format.TextFormatSpec;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * A dataset's TextFormat as the plan carries it: each value as ADF wrote it, null where the dataset
 * left it out (ADF's default applies). Source: ADF v1 "Supported file and compression formats",
 * TextFormat.
 *
 * @param columnDelimiter one character; null = {@code ,}
 * @param rowDelimiter one character; null = any of \r\n, \r, \n on read and \r\n on write
 * @param quoteChar one character or null; not together with escapeChar
 * @param escapeChar one character or null
 * @param nullValue the text of a null value; null = ADF's default
 * @param encodingName a charset name (.NET names such as {@code windows-1250}, {@code shift_jis}
 *     are Java names too); null = UTF-8 unless a byte order mark says otherwise
 * @param firstRowAsHeader input: the first row (after skipLineCount) is a header; output: write one
 * @param skipLineCount lines skipped before the header (input only)
 * @param treatEmptyAsNull whether an empty field reads as null (ADF default true)
 */
public record TextSettings(String columnDelimiter, String rowDelimiter, String quoteChar, String escapeChar,
    String nullValue, String encodingName, boolean firstRowAsHeader, int skipLineCount, boolean treatEmptyAsNull) {

  /**
   * The format library's spec of these settings.
   *
   * @throws IllegalArgumentException when a delimiter or quote is not one character, both quoteChar
   *     and escapeChar are set, or the encoding is unknown to this JVM
   */
  public TextFormatSpec toSpec() {
    return new TextFormatSpec(
        columnDelimiter == null ? ',' : one("columnDelimiter", columnDelimiter),
        rowDelimiter == null ? null : one("rowDelimiter", rowDelimiter),
        quoteChar == null ? null : one("quoteChar", quoteChar),
        escapeChar == null ? null : one("escapeChar", escapeChar),
        nullValue,
        charset(encodingName),
        firstRowAsHeader,
        skipLineCount,
        treatEmptyAsNull);
  }

  /**
   * The JVM charset of an ADF {@code encodingName}; null = UTF-8.
   *
   * @throws IllegalArgumentException when the name is unknown, saying so
   */
  public static Charset charset(String encodingName) {
    if (encodingName == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encodingName.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException("encodingName '" + encodingName + "' is not an encoding this engine knows"
          + " (use a name such as utf-8, windows-1250, shift_jis, utf-16)");
    }
  }

  private static char one(String what, String value) {
    if (value.length() != 1) {
      throw new IllegalArgumentException(what + " must be exactly one character, got '" + value + "'");
    }
    return value.charAt(0);
  }
}
