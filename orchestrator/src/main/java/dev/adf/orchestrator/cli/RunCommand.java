package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf run}: the scheduler and the built-in engine. */
@Command(name = "run", description = "Run the scheduler and the built-in engine over the deployed factory.")
final class RunCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--until-idle",
      description = "Exit once no activity window can make progress now and no attempt is running.")
  boolean untilIdle;

  @picocli.CommandLine.Option(names = "--ui", description = "Also serve the monitoring web view from this process"
      + " (see adf ui; --port, --bind and --auth as there).")
  boolean serveUi;

  @Mixin UiOptions ui;
  @picocli.CommandLine.ParentCommand AdfCommand parent;

  @Override
  public Integer call() throws Exception {
    try (Orchestrator o = home.open()) {
      if (o.store().deployedEntities().isEmpty()) {
        throw new UserException("nothing is deployed in " + o.home() + ": run adf deploy PATH first", ExitCodes.FAILED);
      }
      MonitoringView.Served served = null;
      if (serveUi) {
        served = parent.view().serve(o, ui.resolve());
        spec.commandLine().getOut().println("adf run: the web view is at " + served.url());
        spec.commandLine().getOut().flush();
      }
      try {
        runInterruptibly(o, untilIdle);
      } finally {
        if (served != null) {
          served.close();
        }
      }
      var out = spec.commandLine().getOut();
      out.println(summary(o));
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Runs; Ctrl-C stops the scheduler and the engine cleanly (running attempts end and are retried later). */
  static void runInterruptibly(Orchestrator o, boolean untilIdle) throws Exception {
    Thread main = Thread.currentThread();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread hook = new Thread(() -> {
      main.interrupt();
      try {
        done.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "adf-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      o.run(untilIdle);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running
      }
    }
  }

  /** One line: how many windows are in each status. */
  static String summary(Orchestrator o) {
    var counts = new java.util.TreeMap<String, Integer>();
    o.store().windows(dev.adf.orchestrator.store.WindowQuery.ALL)
        .forEach(w -> counts.merge(w.state().status().name(), 1, Integer::sum));
    return "Activity windows: " + (counts.isEmpty() ? "none" : counts.toString().replaceAll("[{}]", ""));
  }
}
