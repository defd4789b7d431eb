package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code adf ui}: the monitoring web view over the home's database, with or without {@code adf run}. */
@Command(name = "ui", description = {
    "Serve the monitoring web view (factory overview, diagram, activity windows, window explorer, logs,"
        + " definitions, actions with preview, audit log, JSON API) over this home's run history, whether or"
        + " not adf run is running. Ctrl-C stops it.",
    "It listens on 127.0.0.1 unless --bind says otherwise; another address needs --auth token."})
final class UiCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Mixin UiOptions ui;
  @ParentCommand AdfCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    MonitoringView view = parent.view();
    MonitoringView.Options options = ui.resolve();
    try (Orchestrator o = home.open(); MonitoringView.Served served = view.serve(o, options)) {
      var out = spec.commandLine().getOut();
      out.println("adf ui: serving " + o.home() + " at " + served.url() + " (Ctrl-C stops it)");
      out.flush();
      awaitShutdown();
    }
    return ExitCodes.OK;
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM) or the thread is interrupted. */
  static void awaitShutdown() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      stop.countDown();
      main.interrupt();
    }, "adf-ui-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stop.await();
    } catch (InterruptedException e) {
      // asked to stop
    }
  }
}
