package dev.adf.orchestrator.secrets;

/**
 * A secret cannot be sealed or opened: the key is missing, unreadable, of the wrong length, or not the
 * key it was sealed with. The message names the key's source (file or {@code ADF_SECRET_KEY}) and what
 * to do; it never holds a secret.
 */
public final class SecretException extends RuntimeException {
  public SecretException(String message) {
    super(message);
  }

  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
