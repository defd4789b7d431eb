package dev.adf.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A lazy, name-ordered walk of one container folder: only one folder's entries are in memory per
 * level of depth. Folders sort as {@code "name/"}, which yields exactly the order of the full blob
 * names, in {@link BlobNames#ORDER} (Azure's UTF-8 byte order). Temporary files and staging folders
 * of in-progress writes are skipped.
 */
final class LocalListing implements Iterator<BlobItem> {

  private record Entry(String key, Path path, boolean dir, long size) {}

  private final String prefix;
  private final Deque<Iterator<Entry>> stack = new ArrayDeque<>();
  private BlobItem next;

  LocalListing(Path containerDir, String prefix) throws IOException {
    this.prefix = prefix;
    int slash = prefix.lastIndexOf('/');
    String startFolder = slash < 0 ? "" : prefix.substring(0, slash + 1);
    Path start = startFolder.isEmpty() ? containerDir : containerDir.resolve(startFolder);
    if (Files.isDirectory(start)) {
      stack.push(read(start, startFolder).iterator());
    }
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      Iterator<Entry> top = stack.peek();
      if (!top.hasNext()) {
        stack.pop();
        continue;
      }
      Entry e = top.next();
      if (e.dir()) {
        if (e.key().startsWith(prefix) || prefix.startsWith(e.key())) {
          try {
            stack.push(read(e.path(), e.key()).iterator());
          } catch (IOException ex) {
            throw new UncheckedIOException("cannot list folder " + e.path(), ex);
          }
        }
      } else if (e.key().startsWith(prefix)) {
        next = new BlobItem(e.key(), e.size());
      }
    }
    return next != null;
  }

  @Override
  public BlobItem next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BlobItem item = next;
    next = null;
    return item;
  }

  private static List<Entry> read(Path dir, String keyPrefix) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.startsWith(LocalFolderBlobStore.TEMP_PREFIX)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
          continue; // deleted while listing
        }
        if (a.isDirectory()) {
          entries.add(new Entry(keyPrefix + name + "/", p, true, 0));
        } else if (a.isRegularFile()) {
          entries.add(new Entry(keyPrefix + name, p, false, a.size()));
        }
      }
    } catch (NoSuchFileException gone) {
      return entries;
    }
    entries.sort((x, y) -> BlobNames.ORDER.compare(x.key(), y.key()));
    return entries;
  }
}
