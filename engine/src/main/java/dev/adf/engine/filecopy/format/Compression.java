package dev.adf.engine.filecopy.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * The compression of one side of a copy (ADF v1 "Supported file and compression formats":
 * GZip, Deflate, BZip2, ZipDeflate; level Optimal or Fastest).
 *
 * @param codec the codec
 * @param level the level (writing only)
 */
public record Compression(Codec codec, Level level) {
  public static final Compression NONE = new Compression(Codec.NONE, Level.OPTIMAL);

  private static final int BUFFER = 1 << 16;

  /**
   * Wraps a raw stream for reading: GZip with concatenated members; Deflate with zlib (RFC 1950) or
   * raw (RFC 1951) framing, sniffed from the first two bytes; BZip2 with concatenated streams;
   * ZipDeflate: the first entry (see {@link ZipEntries} for all).
   */
  public InputStream decode(InputStream raw) throws IOException {
    return switch (codec) {
      case NONE -> raw;
      case GZIP -> new GZIPInputStream(raw, BUFFER);
      case DEFLATE -> {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int cmf = in.read();
        int flg = in.read();
        in.reset();
        boolean zlib = cmf >= 0 && flg >= 0 && (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
        yield new InflaterInputStream(in, new Inflater(!zlib), BUFFER);
      }
      case BZIP2 -> new BZip2CompressorInputStream(new BufferedInputStream(raw, BUFFER), true);
      case ZIPDEFLATE -> {
        ZipEntries z = new ZipEntries(raw);
        if (z.next() == null) {
          yield InputStream.nullInputStream();
        }
        yield z.stream();
      }
    };
  }

  /**
   * Wraps a raw stream for writing at {@link #level}; Deflate is written with zlib framing; ZipDeflate
   * writes one entry named {@code entryName}. Closing the result finishes the codec and closes raw.
   */
  public OutputStream encode(OutputStream raw, String entryName) throws IOException {
    int zl = level.zlibLevel();
    return switch (codec) {
      case NONE -> raw;
      case GZIP -> new GZIPOutputStream(raw, BUFFER) {
        {
          def.setLevel(zl);
        }
      };
      case DEFLATE -> new DeflaterOutputStream(raw, new Deflater(zl, false), BUFFER) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            def.end();
          }
        }
      };
      case BZIP2 -> new BZip2CompressorOutputStream(raw, level == Level.FASTEST ? 1 : 9);
      case ZIPDEFLATE -> {
        ZipOutputStream z = new ZipOutputStream(raw);
        z.setLevel(zl);
        z.putNextEntry(new ZipEntry(entryName));
        yield z;
      }
    };
  }
}
