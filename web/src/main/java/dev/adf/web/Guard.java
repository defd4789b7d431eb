package dev.adf.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The web view's protection, checked before every request (OWASP CSRF and DNS-rebinding advice; the
 * Jupyter token model):
 *
 * <ul>
 *   <li><b>Host</b>: the Host header must name the bound address ({@code 127.0.0.1:PORT},
 *       {@code localhost:PORT}, {@code [::1]:PORT} on loopback), else 403: a DNS-rebinding page on
 *       another name cannot read or act. A server bound to all addresses requires the token instead.
 *   <li><b>Token</b> (when one is set): a request must carry it, as the {@code adf_ui} cookie (set by
 *       opening a link with {@code ?token=}), an {@code Authorization: Bearer} header, or the {@code
 *       token} query parameter; else 401.
 *   <li><b>CSRF</b>: every POST needs the per-start CSRF token in the {@value #CSRF_HEADER} header (or
 *       the {@code _csrf} form field), and is refused when its {@code Origin} is another site or its
 *       {@code Sec-Fetch-Site} is not {@code same-origin}; else 403 and nothing changes. Only POST
 *       changes anything; GET never does.
 *   <li>Every answer carries {@code Content-Security-Policy: default-src 'self'; frame-ancestors
 *       'none'}, {@code X-Content-Type-Options: nosniff} and {@code Referrer-Policy: no-referrer}.
 * </ul>
 */
final class Guard {
  /** The header htmx sends the CSRF token in (set once on {@code <body hx-headers>}). */
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String TOKEN_COOKIE = "adf_ui";
  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
      + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  private final String csrf;
  private final String token;
  private final Set<String> hosts = new HashSet<>();
  private final boolean anyHost;

  /**
   * @param bind the bound address
   * @param port the bound port
   * @param token the token every client must show, or null for none
   */
  Guard(String bind, int port, String token) {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    this.token = token;
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + bind, e);
    }
    this.anyHost = address.isAnyLocalAddress();
    if (anyHost && token == null) {
      throw new IllegalArgumentException("binding to " + bind + " requires a token");
    }
    if (address.isLoopbackAddress() || anyHost) {
      hosts.add("127.0.0.1:" + port);
      hosts.add("localhost:" + port);
      hosts.add("[::1]:" + port);
    }
    String literal = address.getHostAddress();
    hosts.add((literal.contains(":") ? "[" + literal + "]" : literal) + ":" + port);
    hosts.add(bind.toLowerCase(Locale.ROOT) + ":" + port);
  }

  /** The CSRF token of this server start (embedded in every page). */
  String csrf() {
    return csrf;
  }

  boolean requiresToken() {
    return token != null;
  }

  /** Checks one request; throws an HTTP 401 or 403 with a message when it is refused. */
  void check(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    String host = ctx.header("Host");
    if (!anyHost && (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))) {
      throw new ForbiddenResponse("Host " + (host == null ? "(none)" : "'" + host + "'")
          + " is not this server's address; open " + hosts.stream().sorted().findFirst().orElse("") + " instead");
    }
    if (token != null) {
      authenticate(ctx);
    }
    if (ctx.method() == HandlerType.POST) {
      checkCsrf(ctx);
    } else if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
      ctx.header("Allow", "GET, HEAD, POST");
      throw new io.javalin.http.HttpResponseException(405, "method " + ctx.method() + " is not allowed here");
    }
  }

  private void authenticate(Context ctx) {
    String query = ctx.queryParam("token");
    if (query != null && same(query, token)) {
      Cookie c = new Cookie(TOKEN_COOKIE, token);
      c.setHttpOnly(true);
      c.setSameSite(SameSite.STRICT);
      c.setPath("/");
      ctx.cookie(c);
      if (ctx.method() == HandlerType.GET && !ctx.path().startsWith("/api/")) {
        // Take the token out of the address bar (and the history): the cookie carries it from now on.
        StringBuilder rest = new StringBuilder();
        ctx.queryParamMap().forEach((k, vs) -> {
          if (!k.equals("token")) {
            vs.forEach(v -> rest.append(rest.length() == 0 ? "?" : "&").append(Fmt.q(k)).append('=').append(Fmt.q(v)));
          }
        });
        ctx.header("Location", ctx.path() + rest);
        throw new io.javalin.http.RedirectResponse(io.javalin.http.HttpStatus.SEE_OTHER, "");
      }
      return;
    }
    String cookie = ctx.cookie(TOKEN_COOKIE);
    String auth = ctx.header("Authorization");
    String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    if ((cookie == null || !same(cookie, token)) && (bearer == null || !same(bearer, token))) {
      throw new UnauthorizedResponse("this web view requires its token: open the URL adf ui printed at start"
          + " (it ends with ?token=...), or send Authorization: Bearer TOKEN");
    }
  }

  private void checkCsrf(Context ctx) {
    String fetchSite = ctx.header("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      throw new ForbiddenResponse("refused: a POST from another site (Sec-Fetch-Site: " + fetchSite + ")");
    }
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("null")) {
      String originHost = origin.replaceFirst("^https?://", "").toLowerCase(Locale.ROOT);
      String host = ctx.header("Host");
      if (host == null || !originHost.equals(host.toLowerCase(Locale.ROOT))) {
        throw new ForbiddenResponse("refused: a POST from origin " + origin + ", not this server");
      }
    } else if (origin != null) {
      throw new ForbiddenResponse("refused: a POST from an opaque origin");
    }
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null && ctx.contentType() != null
        && ctx.contentType().startsWith("application/x-www-form-urlencoded")) {
      sent = ctx.formParam("_csrf");
    }
    if (sent == null || !same(sent, csrf)) {
      throw new ForbiddenResponse("refused: this POST lacks the CSRF token (" + CSRF_HEADER + " header, from the"
          + " page or GET /api/csrf); nothing was changed");
    }
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
