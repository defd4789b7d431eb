package dev.adf.engine.http;

/**
 * How one server writes an error answer, so that the errors Jetty raises before the server's own
 * handlers run (a malformed request line, a head or body too large, a slow client) have the same shape
 * as the server's own: {@code {"msg": …}} on the Livy API, {@code {status, error}} under the web view's
 * {@code /api/}.
 */
@FunctionalInterface
public interface ErrorBody {

  /**
   * @param path the request's path, or "" when Jetty could not parse the request
   * @param status the HTTP status (4xx or 5xx)
   * @param message one line for the user, never a stack trace
   */
  Rendered render(String path, int status, String message);

  /**
   * @param contentType the {@code Content-Type} of the body
   * @param body the bytes sent
   */
  record Rendered(String contentType, byte[] body) {}
}
