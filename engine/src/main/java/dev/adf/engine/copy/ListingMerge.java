package dev.adf.engine.copy;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobNames;
import java.io.IOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;

/**
 * One merge-walk of a source and a target listing, both in one order (normally {@link
 * BlobNames#ORDER}; a listing out of that order fails the walk before anything is deleted), by name
 * relative to their prefixes: every source blob must have a target blob of the same size (and the
 * same Content-MD5 when both listings carry one); target blobs with no source blob are stale. No
 * per-blob request, and memory is one listing page per side.
 */
final class ListingMerge {

  /** What to do with a stale target blob (relative name, full target name). */
  interface StaleAction {
    void accept(String fullTargetName) throws IOException;
  }

  private ListingMerge() {}

  /**
   * Walks both listings.
   *
   * @param targetPlace the target container and store, for messages ({@code "out on Azure blob store …"})
   * @return the number of stale target blobs (each passed to {@code onStale})
   * @throws IOException naming the first blob that is missing from the target, differs in size or
   *     Content-MD5, or a listing out of order (then nothing may be judged stale)
   */
  static long walk(Comparator<String> order, Iterator<BlobItem> source, String sourcePrefix,
      Iterator<BlobItem> target, String targetPrefix, String targetPlace, StaleAction onStale) throws IOException {
    Cursor s = new Cursor(order, source, sourcePrefix, "source");
    Cursor t = new Cursor(order, target, targetPrefix, "target");
    long stale = 0;
    while (s.item != null || t.item != null) {
      int c = s.item == null ? 1 : t.item == null ? -1 : order.compare(s.rel, t.rel);
      if (c < 0) {
        throw new IOException("blob " + s.item.name() + " has no copy " + targetPrefix + s.rel
            + " in " + targetPlace + " after the copy although its write was acknowledged: the target store lost it"
            + " (it restarted during the copy?) or the blob was added to the source during the copy; run the copy"
            + " again");
      } else if (c > 0) {
        onStale.accept(t.item.name());
        stale++;
        t.advance();
      } else {
        if (s.item.size() != t.item.size()) {
          throw new IOException("copy of blob " + s.item.name() + " is wrong: the target "
              + t.item.name() + " has " + t.item.size() + " bytes, the source " + s.item.size());
        }
        if (s.item.contentMd5() != null && t.item.contentMd5() != null
            && !Objects.equals(s.item.contentMd5(), t.item.contentMd5())) {
          throw new IOException("copy of blob " + s.item.name() + " is wrong: the target "
              + t.item.name() + " has Content-MD5 " + t.item.contentMd5() + ", the source "
              + s.item.contentMd5());
        }
        s.advance();
        t.advance();
      }
    }
    return stale;
  }

  private static final class Cursor {
    private final Comparator<String> order;
    private final Iterator<BlobItem> it;
    private final String prefix;
    private final String side;
    BlobItem item;
    String rel;

    Cursor(Comparator<String> order, Iterator<BlobItem> it, String prefix, String side) throws IOException {
      this.order = order;
      this.it = it;
      this.prefix = prefix;
      this.side = side;
      advance();
    }

    void advance() throws IOException {
      String before = rel;
      if (!it.hasNext()) {
        item = null;
        rel = null;
        return;
      }
      item = it.next();
      rel = item.name().substring(prefix.length());
      if (before != null && order.compare(before, rel) >= 0) {
        throw new IOException("the " + side + " listing is not in the expected order ('" + before
            + "' before '" + rel + "'); cannot verify the copy or find stale blobs");
      }
    }
  }
}
