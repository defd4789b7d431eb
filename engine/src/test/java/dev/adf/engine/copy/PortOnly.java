package dev.adf.engine.copy;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * Hides a store's concrete type so the copier can only use the port (a real store underneath); also the
 * delegating base of test stores that change one operation.
 */
public class PortOnly implements BlobStore {
  private final BlobStore d;

  public PortOnly(BlobStore delegate) {
    this.d = delegate;
  }

  @Override
  public Iterator<BlobItem> list(String c, String p) throws IOException {
    return d.list(c, p);
  }

  @Override
  public java.util.Comparator<String> listingOrder() {
    return d.listingOrder();
  }

  @Override
  public boolean exists(String c, String n) throws IOException {
    return d.exists(c, n);
  }

  @Override
  public InputStream openRead(String c, String n) throws IOException {
    return d.openRead(c, n);
  }

  @Override
  public void write(String c, String n, InputStream data, long length) throws IOException {
    d.write(c, n, data, length);
  }

  @Override
  public void delete(String c, String n) throws IOException {
    d.delete(c, n);
  }

  @Override
  public void createContainerIfMissing(String c) throws IOException {
    d.createContainerIfMissing(c);
  }

  @Override
  public String describe() {
    return d.describe();
  }

  @Override
  public void close() {
    d.close();
  }
}
