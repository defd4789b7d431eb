package dev.adf.engine.storage;

import java.util.Comparator;

/**
 * The order blob listings come in. Azure lists blobs in ordinal order of their UTF-8 bytes (List
 * Blobs, https://learn.microsoft.com/rest/api/storageservices/list-blobs: "returned in sorted
 * order"); comparing by Unicode code point gives the same order without encoding, and differs from
 * {@link String#compareTo} (UTF-16 units) only for characters above U+FFFF against U+E000..U+FFFF.
 */
public final class BlobNames {
  private BlobNames() {}

  /** UTF-8 byte order of names (equivalently, code point order). */
  public static final Comparator<String> ORDER = BlobNames::compare;

  /**
   * UTF-16 code unit order ({@link String#compareTo}): how Azurite 3.37 lists (a JavaScript string
   * sort; measured: it lists "a\uD83D\uDE00" before "a\uFFFD", Azure the other way round).
   */
  public static final Comparator<String> UTF16_ORDER = Comparator.naturalOrder();

  private static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
