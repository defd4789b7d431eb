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
  /** special[c] for c below its length: c must be quoted or escaped (delimiters, \r, \n, quote, escape). */
  private final boolean[] special;
  /** The record being assembled, handed to {@link #out} in one call. */
  private char[] line = new char[1024];
  private long records;

  public TextRecordWriter(Writer out, TextFormatSpec spec) {
    this.out = out;
    this.col = spec.columnDelimiter();
    this.row = spec.rowDelimiter() == null ? "\r\n" : String.valueOf(spec.rowDelimiter());
    this.quote = spec.quoteChar();
    this.escape = spec.escapeChar();
    this.nullText = spec.nullValue() == null ? "\\N" : spec.nullValue();
    int max = Math.max(Math.max(col, '\r'), Math.max(row.charAt(0), Math.max(quote == null ? 0 : quote,
        escape == null ? 0 : escape)));
    this.special = new boolean[max + 1];
    special[col] = true;
    special['\r'] = true;
    special['\n'] = true;
    if (row.length() == 1) {
      special[row.charAt(0)] = true;
    }
    if (quote != null) {
      special[quote] = true;
    }
    if (escape != null) {
      special[escape] = true;
    }
  }

  /** A writer on {@code out} in the spec's encoding, buffered. */
  public static Writer open(OutputStream out, TextFormatSpec spec) {
    return new BufferedWriter(new OutputStreamWriter(out, spec.encodingOrDefault().newEncoder()
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)), 1 << 16);
  }

  /**
   * Writes one record (handed to the underlying writer whole, in one call).
   *
   * @throws IOException when a field needs quoting and the format has neither quoteChar nor escapeChar
   */
  public void write(List<String> fields) throws IOException {
    records++;
    int n = 0;
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      String text = f == null ? nullText : f;
      // room for the delimiter, the text with every character doubled or escaped, two quotes, the row end
      n = room(n, 2 * text.length() + 4 + row.length());
      if (i > 0) {
        line[n++] = col;
      }
      if (f == null || !special(f)) {
        text.getChars(0, text.length(), line, n);
        n += text.length();
      } else if (quote != null) {
        char q = quote;
        line[n++] = q;
        for (int k = 0; k < f.length(); k++) {
          char c = f.charAt(k);
          if (c == q) {
            line[n++] = c;
          }
          line[n++] = c;
        }
        line[n++] = q;
      } else if (escape != null) {
        char e = escape;
        for (int k = 0; k < f.length(); k++) {
          char c = f.charAt(k);
          if (c < special.length && special[c]) {
            line[n++] = e;
          }
          line[n++] = c;
        }
      } else {
        throw new IOException("record " + records + ", field " + (i + 1) + " holds the column delimiter, a row"
            + " delimiter or a line break, and the output format has neither quoteChar nor escapeChar: set one of"
            + " them on the output dataset's TextFormat");
      }
    }
    n = room(n, row.length());
    row.getChars(0, row.length(), line, n);
    n += row.length();
    out.write(line, 0, n);
  }

  /** Grows {@link #line} to hold {@code more} characters after the first {@code n}; returns n. */
  private int room(int n, int more) {
    if (n + more > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(2 * line.length, n + more));
    }
    return n;
  }

  private boolean special(String f) {
    boolean[] t = special;
    int m = t.length;
    for (int k = 0; k < f.length(); k++) {
      char c = f.charAt(k);
      if (c < m && t[c]) {
        return true;
      }
    }
    return false;
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
