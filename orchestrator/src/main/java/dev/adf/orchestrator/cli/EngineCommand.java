package dev.adf.orchestrator.cli;

import dev.adf.engine.ComputeEngine;
import dev.adf.engine.livy.EngineBatches;
import dev.adf.engine.livy.LivyServer;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf engine}: the built-in compute engine on its own. */
@Command(name = "engine", description = "The built-in compute engine on its own.",
    subcommands = EngineCommand.Serve.class)
final class EngineCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code adf engine serve}: the built-in engine as a server speaking Apache Livy's batch REST API, so
   * an orchestrator on another machine (an HDInsight linked service whose {@code clusterUri} is this
   * server's URL, with its {@code userName}/{@code password}) runs its jobs here.
   */
  @Command(name = "serve",
      description = {
        "Run the built-in engine as a server speaking Apache Livy's batch REST API (POST/GET /batches,"
            + " GET /batches/{id}, /state, /log, DELETE /batches/{id}) until Ctrl-C.",
        "Every request needs HTTP basic auth (--user and the password from --password-file or"
            + " $ADF_ENGINE_PASSWORD), as HDInsight's Livy does; POST and DELETE also need an X-Requested-By header.",
        "Point an HDInsight linked service at it: clusterUri http://HOST:PORT, userName, password."
      })
  static final class Serve implements Callable<Integer> {
    /** Environment variable holding the password when no --password-file is given. */
    static final String PASSWORD_ENV = "ADF_ENGINE_PASSWORD";

    @Mixin HomeOption home;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8998", paramLabel = "N",
        description = "TCP port (default ${DEFAULT-VALUE}, Livy's; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every"
            + " interface, behind TLS termination you trust).")
    String bind;

    @Option(names = "--user", defaultValue = "admin", paramLabel = "NAME",
        description = "HTTP basic user name (default ${DEFAULT-VALUE}, HDInsight's default cluster login).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "File holding the HTTP basic password (first line). Default: $" + PASSWORD_ENV + ".")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
      String password = password();
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw new UserException("--bind " + bind + " is not an address of this machine", ExitCodes.INVALID);
      }
      Path root = home.resolve().resolve("engine-server");
      var out = spec.commandLine().getOut();
      // Ctrl-C / SIGTERM: the hook releases the main thread, then holds the JVM (bounded) until the
      // server and the engine are closed, so running jobs are killed rather than orphaned.
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        stop.countDown();
        try {
          closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "adf-engine-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Settings settings = loadSettings();
      try (ComputeEngine engine = Orchestrator.newEngine(root, Clock.systemUTC(), settings);
          LivyServer server = start(new EngineBatches(engine, root.toString()), address, password, settings)) {
        out.println("adf engine serve: Livy batch API at " + server.uri() + " (HTTP basic user '" + user
            + "'); engine work folder " + root + "; Ctrl-C stops it and kills running jobs");
        out.flush();
        stop.await();
      } finally {
        closed.countDown();
      }
      return ExitCodes.OK;
    }

    private static Settings loadSettings() {
      try {
        return Settings.load(Home.conf());
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), ExitCodes.INVALID);
      }
    }

    private LivyServer start(EngineBatches batches, InetAddress address, String password, Settings settings) {
      try {
        return LivyServer.builder(batches, user, password).bindAddress(address).port(port).limits(settings.http())
            .start();
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof BindException) {
          throw new UserException("cannot listen on " + bind + ":" + port + " (" + e.getCause().getMessage()
              + "): choose another --port, or stop what uses it", ExitCodes.FAILED);
        }
        throw e;
      }
    }

    private String password() {
      String p;
      if (passwordFile != null) {
        try {
          p = Files.readAllLines(passwordFile).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
          throw new UserException("cannot read --password-file " + passwordFile + ": " + e.getMessage(),
              ExitCodes.INVALID);
        }
      } else {
        p = System.getenv(PASSWORD_ENV);
      }
      if (p == null || p.isBlank()) {
        throw new UserException("adf engine serve needs a password for HTTP basic auth: give --password-file FILE"
            + " or set $" + PASSWORD_ENV + " (clients send the HDInsight linked service's userName/password)",
            ExitCodes.INVALID);
      }
      return p;
    }
  }
}
