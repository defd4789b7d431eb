package dev.adf.engine;

import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fetches a job's {@link JobSpec#jars()} into {@code <workDir>/jars/} before its JVM starts: {@code
 * wasb[s]://} through the blob store of conf {@link JobSpec#CONF_JARS_CONNECTION_STRING} (else {@link
 * JobSpec#CONF_STORAGE_CONNECTION_STRING}; local root {@link JobSpec#CONF_STORAGE_LOCAL_ROOT}), {@code
 * file:} URIs and absolute paths from disk. Built-in jobs need no jar: nothing is fetched for them.
 */
final class JarFetcher {
  private JarFetcher() {}

  /** A jar could not be fetched; the message names its location, never a secret. */
  static final class FetchException extends Exception {
    FetchException(String message) {
      super(message);
    }
  }

  /** The fetched jars, in the spec's order. */
  static List<Path> fetch(JobSpec spec, Path workDir) throws FetchException {
    if (BuiltInJobs.find(spec.mainClass()).isPresent() || spec.jars().isEmpty()) {
      return List.of();
    }
    Path dir = workDir.resolve("jars");
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new FetchException("cannot create " + dir + ": " + e.getMessage());
    }
    int i = 0;
    for (String jar : spec.jars()) {
      Path target = dir.resolve(i++ + "-" + fileName(jar));
      if (jar.toLowerCase(Locale.ROOT).startsWith("wasb")) {
        fromBlob(spec, jar, target);
      } else {
        fromDisk(jar, target);
      }
      out.add(target);
    }
    return out;
  }

  private static void fromBlob(JobSpec spec, String jar, Path target) throws FetchException {
    BlobLocation where;
    try {
      where = BlobLocation.parseWasb(jar);
    } catch (IllegalArgumentException e) {
      throw new FetchException("jar '" + jar + "': " + e.getMessage());
    }
    String cs = spec.conf().getOrDefault(JobSpec.CONF_JARS_CONNECTION_STRING,
        spec.conf().get(JobSpec.CONF_STORAGE_CONNECTION_STRING));
    if (cs == null) {
      throw new FetchException("jar " + jar + " is in blob storage but the job's conf sets neither "
          + JobSpec.CONF_JARS_CONNECTION_STRING + " nor " + JobSpec.CONF_STORAGE_CONNECTION_STRING);
    }
    String root = spec.conf().get(JobSpec.CONF_STORAGE_LOCAL_ROOT);
    try (BlobStore store = BlobStores.open(cs, root == null ? null : Path.of(root))) {
      try (InputStream in = store.openRead(where.container(), where.path())) {
        copy(in, target);
      } catch (NoSuchFileException e) {
        throw new FetchException("jar " + jar + " was not found in " + store.describe());
      } catch (IOException e) {
        throw new FetchException("cannot fetch jar " + jar + " from " + store.describe() + ": " + e.getMessage());
      }
    } catch (IllegalArgumentException e) {
      throw new FetchException("cannot open the blob store of jar " + jar + ": " + e.getMessage());
    }
  }

  private static void fromDisk(String jar, Path target) throws FetchException {
    Path source;
    try {
      source = jar.startsWith("file:") ? Path.of(URI.create(jar)) : Path.of(jar);
    } catch (RuntimeException e) {
      throw new FetchException("jar location '" + jar + "' is neither wasb[s]://, a file: URI nor an absolute path");
    }
    if (!source.isAbsolute()) {
      throw new FetchException("jar location '" + jar + "' is neither wasb[s]://, a file: URI nor an absolute path");
    }
    try (InputStream in = Files.newInputStream(source)) {
      copy(in, target);
    } catch (NoSuchFileException e) {
      throw new FetchException("jar " + jar + " does not exist");
    } catch (IOException e) {
      throw new FetchException("cannot read jar " + jar + ": " + e.getMessage());
    }
  }

  private static void copy(InputStream in, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String fileName(String location) {
    String s = location.replaceAll("[/\\\\]+$", "");
    String name = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.isEmpty() ? "job.jar" : name;
  }
}
