package dev.adf.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The port's default {@link BlobOutput}: a temporary file, handed to {@link BlobStore#write} at the commit. */
final class SpooledBlobOutput extends BlobOutput {
  private final BlobStore store;
  private final String container;
  private final String name;
  private final Path spool;
  private final OutputStream out;

  SpooledBlobOutput(BlobStore store, String container, String name) throws IOException {
    this.store = store;
    this.container = container;
    this.name = name;
    this.spool = Files.createTempFile("adf-blob-", ".spool");
    this.out = new java.io.BufferedOutputStream(Files.newOutputStream(spool), 1 << 16);
  }

  @Override
  protected void append(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  protected void publish() throws IOException {
    try {
      out.close();
      try (InputStream in = Files.newInputStream(spool)) {
        store.write(container, name, in, Files.size(spool));
      }
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  @Override
  protected void discard() throws IOException {
    try {
      out.close();
    } finally {
      Files.deleteIfExists(spool);
    }
  }
}
