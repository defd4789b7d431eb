package dev.adf.orchestrator.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the key that seals literal secrets of the deployed definitions comes from, in this order:
 *
 * <ol>
 *   <li>{@code ADF_SECRET_KEY}: the key itself, 32 bytes in base64 (44 characters);
 *   <li>{@code ADF_SECRET_KEY_FILE}: a file holding it (the same base64 text);
 *   <li>{@code <home>/keys/secret.key}, created on first use with 32 bytes from {@link SecureRandom},
 *       the folder 0700 and the file 0600 (owner only), as Airflow creates its Fernet key.
 * </ol>
 *
 * The key never goes into the database. Every process that opens one store (a shared PostgreSQL store
 * included) must have the same key; {@link SecretCipher#keyId()} tells keys apart without showing
 * them.
 */
public final class SecretKeys {
  /** Environment variable holding the key (base64 of 32 bytes). */
  public static final String KEY_VARIABLE = "ADF_SECRET_KEY";
  /** Environment variable naming the key file. */
  public static final String KEY_FILE_VARIABLE = "ADF_SECRET_KEY_FILE";
  /** The key length: AES-256. */
  public static final int KEY_BYTES = 32;

  private final Path home;
  private final Function<String, String> env;

  /**
   * @param home the orchestrator's home ({@code <home>/keys/secret.key} is the default file)
   * @param env the environment lookup (name to value, null when unset)
   */
  public SecretKeys(Path home, Function<String, String> env) {
    this.home = home;
    this.env = env;
  }

  /** Where the key comes from, for messages: {@code ADF_SECRET_KEY} or the file's path. */
  public String source() {
    if (set(KEY_VARIABLE)) {
      return "$" + KEY_VARIABLE;
    }
    return file().toString();
  }

  /** The key file used when {@code ADF_SECRET_KEY} is not set. */
  public Path file() {
    return set(KEY_FILE_VARIABLE) ? Path.of(env.apply(KEY_FILE_VARIABLE).strip())
        : home.resolve("keys").resolve("secret.key");
  }

  /**
   * The cipher on the existing key.
   *
   * @return null when there is no key yet (no variable, no file)
   * @throws SecretException when the key is given but cannot be read or is not 32 bytes of base64
   */
  public SecretCipher existing() {
    if (set(KEY_VARIABLE)) {
      return new SecretCipher(decode(env.apply(KEY_VARIABLE), "$" + KEY_VARIABLE), "$" + KEY_VARIABLE);
    }
    Path f = file();
    if (!Files.exists(f)) {
      if (set(KEY_FILE_VARIABLE)) {
        throw new SecretException("the secret key file " + f + " named by $" + KEY_FILE_VARIABLE
            + " does not exist; copy the key file of the processes that deployed (every process on one store"
            + " needs the same key) or unset " + KEY_FILE_VARIABLE);
      }
      return null;
    }
    return new SecretCipher(read(f), f.toString());
  }

  /**
   * The cipher on the existing key, creating the default key file (0600, folder 0700) when there is
   * none. A file named by {@code ADF_SECRET_KEY_FILE} is created there the same way.
   *
   * @throws SecretException when the key cannot be read or the file cannot be created
   */
  public SecretCipher orCreate() {
    SecretCipher c = existing();
    if (c != null) {
      return c;
    }
    Path f = file();
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    try {
      Path dir = f.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createDirectories(dir);
        }
      }
      Path tmp = dir.resolve(f.getFileName() + ".new-" + ProcessHandle.current().pid());
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      try {
        // Two processes creating the key at once: the first link wins, the other reads it.
        Files.createLink(f, tmp);
      } catch (FileAlreadyExistsException other) {
        // fall through to read the winner's key
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SecretException("cannot create the secret key file " + f + ": " + e.getMessage()
          + "; make its folder writable by this user, or set $" + KEY_VARIABLE + " or $" + KEY_FILE_VARIABLE, e);
    }
    return new SecretCipher(read(f), f.toString());
  }

  /**
   * The cipher on the existing key, or, when there is none, on a random key kept in memory only: for a
   * plan, which must leave no key file behind (what it seals is compared, never stored).
   */
  public SecretCipher existingOrEphemeral() {
    SecretCipher c = existing();
    if (c != null) {
      return c;
    }
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new SecretCipher(key, "a key in memory (no key file yet: " + file() + ")");
  }

  /**
   * The cipher to open sealed secrets with.
   *
   * @throws SecretException when there is no key (naming the file and the variable, and what to do)
   *     or it cannot be read
   */
  public SecretCipher forOpening() {
    SecretCipher c = existing();
    if (c == null) {
      throw new SecretException("the deployed definitions hold sealed secrets but there is no secret key here: "
          + file() + " does not exist and $" + KEY_VARIABLE + " is not set; copy the key file of the process that"
          + " deployed them there (every process on one store needs the same key), or set $" + KEY_VARIABLE);
    }
    return c;
  }

  private static byte[] read(Path f) {
    try {
      Set<PosixFilePermission> perms = null;
      try {
        perms = Files.getPosixFilePermissions(f);
      } catch (UnsupportedOperationException notPosix) {
        // no permissions to check
      }
      if (perms != null && (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ))) {
        throw new SecretException("the secret key file " + f + " is readable by other users ("
            + PosixFilePermissions.toString(perms) + "); run chmod 600 " + f);
      }
      return decode(Files.readString(f, StandardCharsets.US_ASCII), f.toString());
    } catch (IOException e) {
      throw new SecretException("cannot read the secret key file " + f + ": " + e.getMessage()
          + "; it must be readable by the user running adf", e);
    }
  }

  private static byte[] decode(String text, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new SecretException("the secret key in " + source + " is not base64; it must be " + KEY_BYTES
          + " random bytes in base64, e.g. from: head -c 32 /dev/urandom | base64");
    }
    if (key.length != KEY_BYTES) {
      throw new SecretException("the secret key in " + source + " has " + key.length + " bytes; it must be "
          + KEY_BYTES + " random bytes in base64, e.g. from: head -c 32 /dev/urandom | base64");
    }
    return key;
  }

  private boolean set(String name) {
    String v = env.apply(name);
    return v != null && !v.isBlank();
  }

  /** A short public name of a key: the first 8 hex digits of SHA-256 over a label and the key. */
  static String idOf(byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update("adf-secret-key-id:".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d.digest(key)).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
