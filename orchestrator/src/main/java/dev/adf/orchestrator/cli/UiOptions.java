package dev.adf.orchestrator.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import picocli.CommandLine.Option;

/** {@code --port}, {@code --bind} and {@code --auth} of {@code adf ui} and {@code adf run --ui}. */
final class UiOptions {
  /** The default port of the web view. */
  static final int DEFAULT_PORT = 8080;

  enum Auth { none, token }

  @Option(names = "--port", paramLabel = "N", description = "TCP port of the web view (default " + DEFAULT_PORT
      + "; 0 picks a free one).")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}). Any address other than a loopback one needs"
          + " --auth token.")
  String bind;

  @Option(names = "--auth", paramLabel = "MODE", description = "none (default on a loopback address) or token: a"
      + " random token ($ADF_UI_TOKEN if set) is required from every client; the URL printed at start carries it.")
  Auth auth;

  /**
   * The options for {@link MonitoringView#serve}.
   *
   * @throws UserException exit 2 for a non-loopback address without {@code --auth token}, or an address
   *     that is not one
   */
  MonitoringView.Options resolve() {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserException("--bind " + bind + " is not an address of this machine", ExitCodes.INVALID);
    }
    Auth mode = auth == null ? Auth.none : auth;
    if (!loopback && mode == Auth.none) {
      throw new UserException("--bind " + bind + " would let other machines see and change the factory without"
          + " authentication: add --auth token (clients then need the token printed at start), or bind to"
          + " 127.0.0.1", ExitCodes.INVALID);
    }
    String token = null;
    if (mode == Auth.token) {
      String env = System.getenv("ADF_UI_TOKEN");
      if (env != null && !env.isBlank()) {
        if (env.length() < 16) {
          throw new UserException("ADF_UI_TOKEN must be at least 16 characters", ExitCodes.INVALID);
        }
        token = env.strip();
      } else {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      }
    }
    int p = port == null ? DEFAULT_PORT : port;
    if (p < 0 || p > 65535) {
      throw new UserException("--port " + p + " is not a TCP port (0-65535)", ExitCodes.INVALID);
    }
    return new MonitoringView.Options(bind, p, token);
  }
}
