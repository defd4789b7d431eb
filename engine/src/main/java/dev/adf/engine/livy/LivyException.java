package dev.adf.engine.livy;

import java.io.IOException;

/**
 * A Livy call failed: the server answered an error status, or (status 0) it could not be reached or
 * answered something unreadable. The message is the server's {@code msg} (or the transport failure),
 * prefixed by which server and call when known; it never carries credentials.
 */
public class LivyException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String serverMessage;

  /**
   * @param status the HTTP status, or 0 for a transport failure
   * @param serverMessage what the server said (its {@code msg}), or what went wrong in transport
   */
  public LivyException(int status, String serverMessage) {
    this(status, serverMessage, null, null);
  }

  /**
   * @param context where, such as "POST http://127.0.0.1:8998/batches", or null
   * @param cause the transport failure, or null
   */
  public LivyException(int status, String serverMessage, String context, Throwable cause) {
    super(context == null ? serverMessage : context + " answered " + (status == 0 ? "nothing" : status) + ": "
        + serverMessage, cause);
    this.status = status;
    this.serverMessage = serverMessage;
  }

  /** The HTTP status; 0 when no HTTP answer was received. */
  public int status() {
    return status;
  }

  /** The server's message alone, without context. */
  public String serverMessage() {
    return serverMessage;
  }
}
