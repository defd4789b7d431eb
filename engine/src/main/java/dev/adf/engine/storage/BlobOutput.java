package dev.adf.engine.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A blob being written as a stream whose length is not known in advance (a re-compressed or
 * re-serialized file). Nothing is visible under the blob's name until {@link #commit()}: the local
 * folder store writes a hidden temporary file and renames it, a block blob store stages blocks and
 * publishes them with one Put Block List. {@link #close()} without a commit discards what was
 * written (a block store's staged blocks are left to the service, which drops uncommitted blocks
 * after a week). Not thread-safe: one writer thread.
 */
public abstract class BlobOutput extends OutputStream {
  private boolean committed;
  private boolean closed;
  private long count;

  /** The bytes written so far. */
  public final long count() {
    return count;
  }

  @Override
  public final void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public final void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("blob output already " + (committed ? "committed" : "closed"));
    }
    append(b, off, len);
    count += len;
  }

  /**
   * Publishes the blob under its name, replacing what was there.
   *
   * @return the blob's length in bytes
   * @throws IOException when the store refuses; then nothing new is visible
   */
  public final long commit() throws IOException {
    if (closed) {
      throw new IOException("blob output already " + (committed ? "committed" : "closed"));
    }
    closed = true;
    publish();
    committed = true;
    return count;
  }

  /** Discards the blob unless {@link #commit()} succeeded. */
  @Override
  public final void close() throws IOException {
    if (!closed) {
      closed = true;
      discard();
    } else if (!committed) {
      discard();
    }
  }

  /** Takes {@code len} more bytes. */
  protected abstract void append(byte[] b, int off, int len) throws IOException;

  /** Makes the written bytes the blob's content. */
  protected abstract void publish() throws IOException;

  /** Releases what an uncommitted write holds (temporary file, buffers); must not throw for a missing file. */
  protected abstract void discard() throws IOException;
}
