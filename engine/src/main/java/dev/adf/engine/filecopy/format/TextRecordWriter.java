package dev.adf.engine.filecopy.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.util.List;

/**
 * Writes records in the ADF TextFormat: fields joined by the column delimiter, rows ended by the row
 * delimiter (default \r\n), nulls as nullValue (default \N); a field holding a delimiter, \r, \n or
 * the quote is quoted (quote doubled), or its special characters escaped with escapeChar.
 */
public final class TextRecordWriter implements java.io.Closeable, java.io.Flushable {
  private final Writer out;
  private final char col;
  private final String row;
  private final Character quote;
  private final Character escape;
  private final String nullText;
  private long records;

  public TextRecordWriter(Writer out, TextFormatSpec spec) {
    this.out = out;
    this.col = spec.columnDelimiter();
    this.row = spec.rowDelimiter() == null ? "\r\n" : String.valueOf(spec.rowDelimiter());
    this.quote = spec.quoteChar();
    this.escape = spec.escapeChar();
    this.nullText = spec.nullValue() == null ? "\\N" : spec.nullValue();
  }

  /** A writer on {@code out} in the spec's encoding, buffered. */
  public static Writer open(OutputStream out, TextFormatSpec spec) {
    return new BufferedWriter(new OutputStreamWriter(out, spec.encodingOrDefault().newEncoder()
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)), 1 << 16);
  }

  /**
   * Writes one record.
   *
   * @throws IOException when a field needs quoting and the format has neither quoteChar nor escapeChar
   */
  public void write(List<String> fields) throws IOException {
    records++;
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(col);
      }
      String f = fields.get(i);
      if (f == null) {
        out.write(nullText);
      } else if (!special(f)) {
        out.write(f);
      } else if (quote != null) {
        out.write(quote);
        for (int k = 0; k < f.length(); k++) {
          char c = f.charAt(k);
          if (c == quote) {
            out.write(c);
          }
          out.write(c);
        }
        out.write(quote);
      } else if (escape != null) {
        for (int k = 0; k < f.length(); k++) {
          char c = f.charAt(k);
          if (isSpecial(c) || c == escape) {
            out.write(escape);
          }
          out.write(c);
        }
      } else {
        throw new IOException("record " + records + ", field " + (i + 1) + " holds the column delimiter, a row"
            + " delimiter or a line break, and the output format has neither quoteChar nor escapeChar: set one of"
            + " them on the output dataset's TextFormat");
      }
    }
    out.write(row);
  }

  private boolean special(String f) {
    for (int k = 0; k < f.length(); k++) {
      char c = f.charAt(k);
      if (isSpecial(c) || (escape != null && c == escape)) {
        return true;
      }
    }
    return false;
  }

  private boolean isSpecial(char c) {
    return c == col || c == '\r' || c == '\n' || (row.length() == 1 && c == row.charAt(0))
        || (quote != null && c == quote);
  }

  public long recordsWritten() {
    return records;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
