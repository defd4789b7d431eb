package dev.adf.engine.storage;

import java.io.IOException;
import java.io.OutputStream;

/** An OutputStream that fills a caller's array up to a limit and fails beyond it. */
final class ArraySink extends OutputStream {
  private final byte[] buffer;
  private final int limit;
  private int count;

  ArraySink(byte[] buffer, int limit) {
    this.buffer = buffer;
    this.limit = limit;
  }

  int count() {
    return count;
  }

  @Override
  public void write(int b) throws IOException {
    ensure(1);
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensure(len);
    System.arraycopy(b, off, buffer, count, len);
    count += len;
  }

  private void ensure(int len) throws IOException {
    if (count + len > limit) {
      throw new IOException("more bytes than the " + limit + " requested");
    }
  }
}
