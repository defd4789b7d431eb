package dev.adf.orchestrator.store;

/** The database failed (not a user error): connection lost, disk full, schema mismatch. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
