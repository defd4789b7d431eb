package dev.adf.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A whole output folder written next to its final place and swapped in at the end (local folder
 * store): files are created once under their final relative names in a hidden sibling folder
 * {@code .adf-tmp-<name>.<random>} (no per-file rename), and {@link #commit()} moves the old folder
 * aside, renames the staging folder into place and deletes the old one. Readers see the old folder,
 * then for an instant no folder, then the complete new one: never a partial blob. Blobs of the old
 * folder that the new one lacks disappear with it.
 *
 * <p>Not for concurrent writers of the same folder. {@link #close()} deletes what is left (the
 * staging folder after a failure, the old folder after a commit).
 */
public final class StagedFolder implements AutoCloseable {

  private final Path target;
  private final Path staging;
  private final Set<Path> madeDirs = ConcurrentHashMap.newKeySet();
  private Path old;
  private boolean committed;

  private StagedFolder(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  static StagedFolder create(Path target) throws IOException {
    Path parent = target.getParent();
    try {
      Files.createDirectories(parent);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create folder " + parent + ": a blob (file) with that name exists", e);
    }
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new IOException("cannot write folder " + target + ": a blob (file) with that name exists");
    }
    Path staging = parent.resolve(tempName(target));
    Files.createDirectory(staging);
    return new StagedFolder(target, staging);
  }

  /** The folder being replaced (it may not exist yet). */
  public Path target() {
    return target;
  }

  /**
   * Copies a file of {@code size} bytes into the staging folder under {@code relativeName} with
   * the kernel's copy ({@link FileChannel#transferTo}, sendfile on Linux) and checks the byte count:
   * this verifies the size without listing the folder again.
   *
   * @throws IOException when the copy fails or the source is not {@code size} bytes long (it
   *     changed since it was listed)
   * @throws IllegalArgumentException when the name escapes the folder
   */
  public void copyIn(Path source, String relativeName, long size) throws IOException {
    Path dst = staging.resolve(relativeName).normalize();
    if (!dst.startsWith(staging) || dst.equals(staging)) {
      throw new IllegalArgumentException("invalid relative blob name '" + relativeName + "'");
    }
    Path dir = dst.getParent();
    if (!dir.equals(staging) && madeDirs.add(dir)) {
      Files.createDirectories(dir);
    }
    long pos = 0;
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (pos < size) {
        long n = in.transferTo(pos, size - pos, out);
        if (n <= 0) {
          break;
        }
        pos += n;
      }
      long now = in.size();
      if (pos != size || now != size) {
        throw new IOException("blob " + source + " changed during the copy: listed with " + size
            + " bytes, now " + now + " bytes");
      }
    }
  }

  /** The staged blobs in {@link BlobNames#ORDER}, named relative to the folder. */
  public Iterator<BlobItem> list() throws IOException {
    return new LocalListing(staging, "");
  }

  /** The blobs of the old folder (before {@link #commit()}) in {@link BlobNames#ORDER}, relative names. */
  public Iterator<BlobItem> listTarget() throws IOException {
    return new LocalListing(target, "");
  }

  /**
   * Swaps the staging folder in: the old folder (if any) is renamed aside, the staging folder
   * renamed to the target name; the old one is deleted by {@link #close()}.
   *
   * @throws IOException when a rename fails; the old folder is moved back when it can be
   */
  public void commit() throws IOException {
    if (Files.exists(target)) {
      old = target.resolveSibling(tempName(target) + ".old");
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        old = null;
      }
      throw e;
    }
    committed = true;
  }

  /** Deletes the staging folder (not committed) or the old folder (committed). */
  @Override
  public void close() throws IOException {
    deleteTree(committed ? old : staging);
  }

  private static String tempName(Path target) {
    return LocalFolderBlobStore.TEMP_PREFIX + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
