package dev.adf.engine.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * A write to the local folder store that the file system refused, in one line naming the blob's
 * (or the output folder's) final path, the cause in words and what to do, e.g. {@code cannot write
 * /data/out/r/big.bin: the disk is full (No space left on device); free space on the file system
 * that holds it, then run the copy again}. The JDK's own message for {@code ENOSPC} names no path,
 * and for {@code EROFS} names the hidden temporary file. Recognised: ENOSPC, EDQUOT, EROFS and a
 * denied permission; other failures keep their own exception. The original is not chained: its
 * text is in the message, and a chained cause would be what a Livy client reads as the job's reason
 * (the last exception header of the log).
 */
public final class StoreWriteException extends IOException {

  private StoreWriteException(String message) {
    super(message);
  }

  /**
   * {@code e} explained for a write to {@code path}, or {@code e} itself when it is already explained
   * or is not a refusal of the file system.
   */
  public static IOException of(IOException e, Path path) {
    if (e instanceof StoreWriteException) {
      return e;
    }
    String text = String.valueOf(e.getMessage());
    String cause;
    if (text.contains("No space left on device")) {
      cause = "the disk is full (No space left on device); free space on the file system that holds it, then run"
          + " the copy again";
    } else if (text.contains("Disk quota exceeded")) {
      cause = "the disk quota is used up (Disk quota exceeded); free space or raise the quota, then run the copy"
          + " again";
    } else if (text.contains("Read-only file system")) {
      cause = "the folder is on a read-only file system (Read-only file system); remount it writable or write to"
          + " another folder, then run the copy again";
    } else if (e instanceof AccessDeniedException || text.contains("Permission denied")
        || text.contains("Operation not permitted")) {
      cause = "permission denied (" + text + "); let the engine's user write there (or remove the immutable"
          + " attribute), then run the copy again";
    } else {
      return e;
    }
    return new StoreWriteException("cannot write " + path + ": " + cause);
  }
}
