package dev.adf.engine.testing;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Test data: reproducible random bytes, and MD5s of blobs for byte-identity checks. */
public final class TestData {
  private TestData() {}

  public static final int MIB = 1024 * 1024;

  /** {@code size} pseudo-random bytes from {@code seed}. */
  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static String md5(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  public static String md5(InputStream in) throws IOException {
    MessageDigest md = digest();
    try (DigestInputStream d = new DigestInputStream(in, md)) {
      d.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Writes {@code data} as a blob through the port. */
  public static void put(BlobStore store, String container, String name, byte[] data) throws IOException {
    store.write(container, name, new ByteArrayInputStream(data), data.length);
  }

  /** MD5 of every blob below {@code prefix}, keyed by the name relative to the prefix, in list order. */
  public static Map<String, String> md5s(BlobStore store, String container, String prefix) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<BlobItem> it = store.list(container, prefix); it.hasNext(); ) {
      BlobItem item = it.next();
      try (InputStream in = store.openRead(container, item.name())) {
        out.put(item.name().substring(prefix.length()), md5(in));
      }
    }
    return out;
  }

  /**
   * The mixed shape the copy tests use below {@code prefix}: small blobs, nested names, an empty
   * blob and one 20 MiB blob crossing two 8 MiB block boundaries.
   *
   * @return MD5 by relative name
   */
  public static Map<String, String> putMixedShape(BlobStore store, String container, String prefix) throws IOException {
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      blobs.put("part-" + i + ".csv", random(1000 + i * 4096, i));
    }
    blobs.put("nested/deeper/leaf.bin", random(70_000, 42));
    blobs.put("nested/a.txt", "hello, blob\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    blobs.put("empty.dat", new byte[0]);
    blobs.put("big/twenty-mib.bin", random(20 * MIB, 7));
    Map<String, String> md5 = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
      put(store, container, prefix + e.getKey(), e.getValue());
      md5.put(e.getKey(), md5(e.getValue()));
    }
    return md5;
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
