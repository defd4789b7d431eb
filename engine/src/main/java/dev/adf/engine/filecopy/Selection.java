package dev.adf.engine.filecopy;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * The source files of a copy, listed lazily in the store's listing order, each with its path
 * relative to the source folder (ADF v1 "Azure Blob connector" and "File System connector": {@code
 * fileName} names one file; without it every file in {@code folderPath}; {@code recursive} adds the
 * files of subfolders; {@code fileFilter} keeps names matching a {@code *}/{@code ?} wildcard).
 *
 * <p>Folder markers (blob names ending in '/') are never files. A {@code folderPath} that names an
 * existing file and holds no files itself is that one file (the corpus has
 * {@code data/prediction/…/prediction.csv} as a folderPath).
 */
final class Selection implements Iterator<Selection.File> {

  /**
   * One source file.
   *
   * @param item the blob as listed
   * @param relative its path below the source folder (for a single named file, its name)
   */
  record File(BlobItem item, String relative) {}

  private final Iterator<BlobItem> listing;
  private final String prefix;
  private final boolean recursive;
  private final Pattern filter;
  private final String exact;
  private File next;

  private Selection(Iterator<BlobItem> listing, String prefix, boolean recursive, Pattern filter, String exact) {
    this.listing = listing;
    this.prefix = prefix;
    this.recursive = recursive;
    this.filter = filter;
    this.exact = exact;
  }

  /** The files {@code side} selects in {@code store}. */
  static Selection of(CopyPlan.Endpoint side, BlobStore store) throws IOException {
    if (side.fileName() != null) {
      String name = side.prefix() + side.fileName();
      return new Selection(store.list(side.container(), name), side.prefix(), true, null, name);
    }
    Pattern filter = side.fileFilter() == null ? null : wildcard(side.fileFilter());
    Selection s = new Selection(store.list(side.container(), side.prefix()), side.prefix(), side.recursive(), filter, null);
    if (!s.hasNext() && !side.folder().isEmpty()) {
      // a folderPath that is itself a file
      int slash = side.folder().lastIndexOf('/');
      return new Selection(store.list(side.container(), side.folder()),
          slash < 0 ? "" : side.folder().substring(0, slash + 1), true, null, side.folder());
    }
    return s;
  }

  /** A regular expression matching what an ADF wildcard ({@code *}, {@code ?}) matches, whole names only. */
  static Pattern wildcard(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  @Override
  public boolean hasNext() {
    while (next == null && listing.hasNext()) {
      BlobItem item = listing.next();
      String name = item.name();
      if (name.endsWith("/") || !name.startsWith(prefix)) {
        continue;
      }
      if (exact != null) {
        if (name.equals(exact)) {
          next = new File(item, name.substring(prefix.length()));
        }
        continue;
      }
      String rel = name.substring(prefix.length());
      int slash = rel.lastIndexOf('/');
      if (!recursive && slash >= 0) {
        continue;
      }
      if (filter != null && !filter.matcher(rel.substring(slash + 1)).matches()) {
        continue;
      }
      next = new File(item, rel);
    }
    return next != null;
  }

  @Override
  public File next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    File f = next;
    next = null;
    return f;
  }
}
