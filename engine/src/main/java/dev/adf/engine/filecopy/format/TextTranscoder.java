package dev.adf.engine.filecopy.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Re-serializes one text stream in one TextFormat into another TextFormat, record by record. */
public final class TextTranscoder {
  private TextTranscoder() {}

  /** Records read and written. */
  public record Counts(long rowsRead, long rowsWritten) {}

  /**
   * Reads {@code decodedIn} with {@code in} and writes it with {@code out}; closes neither stream but
   * flushes the output. With {@code out.firstRowAsHeader()} and {@code writeHeader}, the input's
   * header is written first, or {@code Prop_0…Prop_n-1} when it has none (ADF's names for unnamed
   * columns).
   *
   * @throws InterruptedException when {@code stop} turns true (checked every 4,096 records)
   */
  public static Counts transcode(InputStream decodedIn, TextFormatSpec in, OutputStream decodedOut,
      TextFormatSpec out, boolean writeHeader, BooleanSupplier stop) throws IOException, InterruptedException {
    TextRecordReader reader = new TextRecordReader(TextRecordReader.open(decodedIn, in), in);
    Writer w = TextRecordWriter.open(decodedOut, out);
    TextRecordWriter writer = new TextRecordWriter(w, out);
    List<String> fields = new ArrayList<>();
    boolean first = true;
    while (reader.next(fields)) {
      if (first && writeHeader && out.firstRowAsHeader()) {
        List<String> h = reader.header();
        if (h == null) {
          h = new ArrayList<>();
          for (int i = 0; i < fields.size(); i++) {
            h.add("Prop_" + i);
          }
        }
        writer.write(h);
      }
      first = false;
      writer.write(fields);
      if ((reader.recordsRead() & 4095) == 0 && stop.getAsBoolean()) {
        throw new InterruptedException("copy stopped on request");
      }
    }
    if (first && writeHeader && out.firstRowAsHeader() && reader.header() != null) {
      writer.write(reader.header());
    }
    w.flush();
    long headers = (writeHeader && out.firstRowAsHeader() && (reader.header() != null || !first)) ? 1 : 0;
    return new Counts(reader.recordsRead(), writer.recordsWritten() - headers);
  }
}
