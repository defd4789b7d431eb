package dev.adf.engine.storage;

import java.io.IOException;

/**
 * The service refused a server-side copy in a way that means "not here", not "this blob is bad":
 * HTTP 501 {@code APINotImplemented} (Azurite's Put Blob From URL), {@code CannotVerifyCopySource}
 * (the service could not read the source through its URL), or 401/403 (the source SAS or the
 * destination credential was refused). The copier then streams through the client instead.
 */
public final class ServerSideCopyUnavailableException extends IOException {
  public ServerSideCopyUnavailableException(String message) {
    super(message);
  }
}
