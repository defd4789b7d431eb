package dev.adf.engine.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error answers (a request it could not parse, a head or body over the limits, a request no
 * handler took) in the server's own shape ({@link ErrorBody}), with a message that names the setting
 * involved. Never a stack trace, a cause or Jetty's HTML page.
 */
final class JsonErrors extends ErrorHandler {
  private final HttpLimits limits;
  private final ErrorBody errors;

  JsonErrors(HttpLimits limits, ErrorBody errors) {
    this.limits = limits;
    this.errors = errors;
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    ErrorBody.Rendered r = errors.render(request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath(),
        code, HttpServers.message(code, message, limits));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
    response.write(true, ByteBuffer.wrap(r.body()), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    ErrorBody.Rendered r = errors.render("", status, HttpServers.message(status, reason, limits));
    fields.put(HttpHeader.CONTENT_TYPE, r.contentType());
    return ByteBuffer.wrap(r.body());
  }
}
