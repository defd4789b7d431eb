package dev.adf.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The embedded default store: one folder per container under a root, {@code <root>/<container>/<blob
 * name>}; a '/' in a blob name makes subfolders. Writes land in a hidden temporary file in the target
 * folder ({@value #TEMP_PREFIX}…) that is atomically renamed into place, so readers never see a
 * partial blob; listings skip such files. Thread-safe (no state but the root).
 */
public final class LocalFolderBlobStore implements BlobStore {

  /** Name prefix of in-progress writes; such files are never listed. */
  public static final String TEMP_PREFIX = ".adf-tmp-";

  private final Path root;

  /** A store rooted at {@code root} (created on first write when missing). */
  public LocalFolderBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * The file that holds a blob (it may not exist).
   *
   * @throws IllegalArgumentException when the container or name would escape the container folder
   *     (empty, '.', '..' segments, backslashes)
   */
  public Path file(String container, String name) {
    return containerDir(container).resolve(checkName(name));
  }

  @Override
  public Iterator<BlobItem> list(String container, String prefix) throws IOException {
    return new LocalListing(containerDir(container), prefix == null ? "" : prefix);
  }

  @Override
  public boolean exists(String container, String name) {
    return Files.isRegularFile(file(container, name));
  }

  @Override
  public InputStream openRead(String container, String name) throws IOException {
    Path f = file(container, name);
    if (!Files.isRegularFile(f)) {
      throw new NoSuchFileException("blob " + container + "/" + name + " does not exist in " + describe());
    }
    return Files.newInputStream(f);
  }

  @Override
  public void write(String container, String name, InputStream data, long length) throws IOException {
    Path target = file(container, name);
    Path tmp = newTempFile(target);
    try {
      long n = Files.copy(data, tmp, StandardCopyOption.REPLACE_EXISTING);
      if (n != length) {
        throw new IOException(
            "blob " + container + "/" + name + ": expected " + length + " bytes, the stream had " + n);
      }
      commit(tmp, target);
    } catch (IOException e) {
      throw StoreWriteException.of(e, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Copies a file into a blob with the kernel's copy ({@link Files#copy(Path, Path,
   * java.nio.file.CopyOption...)}), through a temporary file and an atomic rename.
   *
   * @return the number of bytes copied
   */
  public long writeFromFile(String container, String name, Path source) throws IOException {
    Path target = file(container, name);
    Path tmp = newTempFile(target);
    try {
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      long size = Files.size(tmp);
      commit(tmp, target);
      return size;
    } catch (IOException e) {
      throw StoreWriteException.of(e, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Streams into a hidden temporary file next to the blob's file, renamed into place atomically at
   * the commit; a discarded write deletes the temporary file.
   */
  @Override
  public BlobOutput create(String container, String name) throws IOException {
    Path target = file(container, name);
    Path tmp = newTempFile(target);
    java.io.OutputStream out;
    try {
      out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
    } catch (IOException e) {
      throw StoreWriteException.of(e, target);
    }
    return new BlobOutput() {
      @Override
      protected void append(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw StoreWriteException.of(e, target);
        }
      }

      @Override
      protected void publish() throws IOException {
        try {
          out.close();
          if (Files.isDirectory(target)) {
            throw new IOException("cannot write blob " + target + ": a folder of that name holds other blobs");
          }
          LocalFolderBlobStore.commit(tmp, target);
        } catch (IOException e) {
          throw StoreWriteException.of(e, target);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }

      @Override
      protected void discard() throws IOException {
        try {
          out.close();
        } catch (IOException full) {
          // the write already failed (a full disk fails the close's flush too); the temp file goes below
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    };
  }

  @Override
  public void delete(String container, String name) throws IOException {
    Path f = file(container, name);
    Files.deleteIfExists(f);
    Path stop = containerDir(container);
    for (Path dir = f.getParent(); dir != null && !dir.equals(stop); dir = dir.getParent()) {
      try {
        Files.delete(dir); // prune folders the delete left empty
      } catch (IOException notEmptyOrGone) {
        return;
      }
    }
  }

  /**
   * Starts replacing the whole folder that holds the blobs below {@code prefix} ({@code "a/b/"} →
   * folder {@code a/b}) by a staging folder next to it, hidden from listings until {@link
   * StagedFolder#commit()}.
   *
   * @param prefix a folder prefix ending in '/', not ""
   * @throws IOException when the staging folder cannot be created
   * @throws IllegalArgumentException when the prefix is not a folder
   */
  public StagedFolder stageFolder(String container, String prefix) throws IOException {
    if (!prefix.endsWith("/") || prefix.length() < 2) {
      throw new IllegalArgumentException("not a folder prefix: '" + prefix + "'");
    }
    Path target = file(container, prefix.substring(0, prefix.length() - 1));
    return StagedFolder.create(target);
  }

  @Override
  public void createContainerIfMissing(String container) throws IOException {
    Files.createDirectories(containerDir(container));
  }

  @Override
  public String describe() {
    return "local folder store at " + root;
  }

  @Override
  public void close() {}

  private Path newTempFile(Path target) throws IOException {
    Path dir = target.getParent();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          "cannot create folder " + dir + " for blob: a blob (file) with that name exists", e);
    } catch (IOException e) {
      throw StoreWriteException.of(e, target);
    }
    if (Files.isDirectory(target)) {
      throw new IOException(
          "cannot write blob " + target + ": a folder of that name holds other blobs");
    }
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return dir.resolve(TEMP_PREFIX + target.getFileName() + "." + suffix);
  }

  private static void commit(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path containerDir(String container) {
    if (container == null || container.isEmpty() || container.contains("/")
        || container.contains("\\") || container.equals(".") || container.equals("..")) {
      throw new IllegalArgumentException("invalid container name '" + container + "'");
    }
    return root.resolve(container);
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\")) {
      throw new IllegalArgumentException("invalid blob name '" + name + "'");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || segment.startsWith(TEMP_PREFIX)) {
        throw new IllegalArgumentException(
            "invalid blob name '" + name + "': empty, '.', '..' or reserved path segment");
      }
    }
    return name;
  }
}
