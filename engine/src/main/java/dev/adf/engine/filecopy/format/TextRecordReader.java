package dev.adf.engine.filecopy.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads delimited records in the ADF TextFormat: one-character column and row delimiters (the
 * default row delimiter is any of \r\n, \r, \n), a quote character ({@code ""} inside quotes is one
 * quote) or an escape character, nullValue, treatEmptyAsNull, skipLineCount, firstRowAsHeader.
 * Streams: holds one record and one chunk of characters.
 */
public final class TextRecordReader implements java.io.Closeable {
  /** Default longest record, in characters. */
  public static final int DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

  private final Reader in;
  private final TextFormatSpec spec;
  private final char col;
  private final int row; // -1: any of \r\n, \r, \n
  private final int quote;
  private final int escape;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private final StringBuilder field = new StringBuilder();
  /** The current field when it was taken whole from {@link #buf} (then {@link #field} is empty). */
  private String direct;
  private boolean started;
  private List<String> header;
  private long records;
  private long line = 1;
  private final int maxChars = DEFAULT_MAX_RECORD_CHARS;

  public TextRecordReader(Reader in, TextFormatSpec spec) {
    this.in = in;
    this.spec = spec;
    this.col = spec.columnDelimiter();
    this.row = spec.rowDelimiter() == null ? -1 : spec.rowDelimiter();
    this.quote = spec.quoteChar() == null ? -1 : spec.quoteChar();
    this.escape = spec.escapeChar() == null ? -1 : spec.escapeChar();
  }

  /**
   * A reader of {@code raw} in the spec's encoding; a byte order mark is skipped and, for UTF-8 and
   * UTF-16, decides the encoding.
   */
  public static Reader open(InputStream raw, TextFormatSpec spec) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(3);
    int a = in.read();
    int b = in.read();
    int c = in.read();
    Charset cs = spec.encodingOrDefault();
    in.reset();
    if (a == 0xEF && b == 0xBB && c == 0xBF) {
      in.skipNBytes(3);
      cs = StandardCharsets.UTF_8;
    } else if (a == 0xFE && b == 0xFF) {
      in.skipNBytes(2);
      cs = StandardCharsets.UTF_16BE;
    } else if (a == 0xFF && b == 0xFE) {
      in.skipNBytes(2);
      cs = StandardCharsets.UTF_16LE;
    }
    return new InputStreamReader(in, cs.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT));
  }

  /** The header's fields when firstRowAsHeader (after the first {@link #next}), else null. */
  public List<String> header() {
    return header;
  }

  public long recordsRead() {
    return records;
  }

  public long lineNumber() {
    return line;
  }

  /**
   * Reads the next record into {@code fields} (cleared first; null elements are nulls).
   *
   * @return false at the end of the input
   * @throws IOException on a read error, malformed input, or a record over the length limit (naming the line)
   */
  public boolean next(List<String> fields) throws IOException {
    if (!started) {
      started = true;
      for (int i = 0; i < spec.skipLineCount(); i++) {
        if (!skipLine()) {
          return false;
        }
      }
      if (spec.firstRowAsHeader()) {
        java.util.ArrayList<String> h = new java.util.ArrayList<>();
        if (!record(h, false)) {
          return false;
        }
        header = h;
      }
    }
    if (!record(fields, true)) {
      return false;
    }
    records++;
    return true;
  }

  private int read() throws IOException {
    int c = peek();
    if (c >= 0) {
      pos++;
    }
    return c;
  }

  private int peek() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos];
  }

  /** True when c ends a row (consuming a \n after \r for the default delimiter). */
  private boolean endsRow(int c) throws IOException {
    if (row >= 0) {
      return c == row;
    }
    if (c == '\n') {
      return true;
    }
    if (c == '\r') {
      if (peek() == '\n') {
        pos++;
      }
      return true;
    }
    return false;
  }

  private boolean skipLine() throws IOException {
    int c = read();
    if (c < 0) {
      return false;
    }
    while (c >= 0 && !endsRow(c)) {
      c = read();
    }
    line++;
    return true;
  }

  private boolean record(List<String> fields, boolean nulls) throws IOException {
    fields.clear();
    int c = read();
    if (c < 0) {
      return false;
    }
    field.setLength(0);
    long startLine = line;
    direct = null;
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (quoted) {
        if (c < 0) {
          throw new IOException("line " + startLine + ": a quoted field that starts in this record is not closed"
              + " before the end of the input; check the input format's quoteChar");
        }
        if (c == quote) {
          if (peek() == quote) {
            pos++;
            field.append((char) quote);
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c < 0 || endsRow(c)) {
        fields.add(value(wasQuoted, nulls));
        line++;
        return true;
      } else if (c == col) {
        fields.add(value(wasQuoted, nulls));
        if (field.length() != 0) {
          field.setLength(0);
        }
        wasQuoted = false;
      } else if (c == quote && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == escape) {
        int n = read();
        if (n < 0) {
          throw new IOException("line " + line + ": the escape character ends the input");
        }
        field.append((char) n);
      } else {
        // a run of ordinary characters, up to the next one that means something outside quotes (a
        // quote inside a non-empty field is literal): one bulk copy instead of a call per character,
        // and a field that lies whole in the buffer becomes its String directly (one copy, no builder)
        int start = pos - 1;
        int end = scan(pos);
        if (field.length() == 0 && end < len && !wasQuoted && buf[end] != escape) {
          direct = new String(buf, start, end - start);
        } else {
          field.append(buf, start, end - start);
        }
        pos = end;
      }
      if (field.length() > maxChars) {
        throw new IOException("line " + startLine + ": a record is longer than " + maxChars
            + " characters; check the columnDelimiter, rowDelimiter and quoteChar of the input format");
      }
      c = read();
    }
  }

  /** The first index from {@code from} of a column or row delimiter or the escape character, or {@link #len}. */
  private int scan(int from) {
    char[] b = buf;
    int n = len;
    char c = col;
    int e = escape;
    int j = from;
    if (row < 0) {
      while (j < n) {
        char ch = b[j];
        if (ch == c || ch == '\n' || ch == '\r' || ch == e) {
          break;
        }
        j++;
      }
    } else {
      int r = row;
      while (j < n) {
        char ch = b[j];
        if (ch == c || ch == r || ch == e) {
          break;
        }
        j++;
      }
    }
    return j;
  }

  private String value(boolean wasQuoted, boolean nulls) {
    String v;
    if (direct != null) {
      v = direct;
      direct = null;
    } else {
      v = field.toString();
    }
    if (!nulls || wasQuoted) {
      return v;
    }
    if (v.isEmpty()) {
      return spec.treatEmptyAsNull() ? null : v;
    }
    if (spec.nullValue() != null ? v.equals(spec.nullValue()) : v.equals("\\N") || v.equals("NULL")) {
      return null;
    }
    return v;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
