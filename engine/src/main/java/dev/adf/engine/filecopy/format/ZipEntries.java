package dev.adf.engine.filecopy.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** All file entries of a ZipDeflate source, each a logical file (ADF: a .zip source is extracted). */
public final class ZipEntries implements java.io.Closeable {
  private final ZipInputStream zip;

  public ZipEntries(InputStream raw) {
    this.zip = new ZipInputStream(raw);
  }

  /** The next file entry's name ('/'-separated; directories skipped), or null at the end. */
  public String next() throws IOException {
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      if (!e.isDirectory()) {
        return e.getName().replace('\\', '/');
      }
    }
    return null;
  }

  /** The current entry's bytes; closing it does not close the archive. */
  public InputStream stream() {
    return new FilterInputStream(zip) {
      @Override
      public void close() {}
    };
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
