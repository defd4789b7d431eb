package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.WindowCounts;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adf run}: the scheduler and the built-in engine. While it runs, a progress line on stderr
 * ({@link ProgressReporter}: windows per status, the rate windows reach a final status, the time
 * left) and, every minute, the same line in the log at INFO.
 */
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
  @Mixin ProgressOptions progress;
  @picocli.CommandLine.ParentCommand AdfCommand parent;

  @Override
  public Integer call() throws Exception {
    try (Orchestrator o = home.open()) {
      if (o.store().deployedEntities().isEmpty()) {
        throw new UserException("nothing is deployed in " + o.home() + ": run adf deploy PATH first", ExitCodes.FAILED);
      }
      refuseUnopenableSecrets(o.deployedFactory().unavailableSecrets());
      MonitoringView.Served served = null;
      if (serveUi) {
        served = parent.view().serve(o, ui.resolve());
        spec.commandLine().getOut().println("adf run: the web view is at " + served.url());
        spec.commandLine().getOut().flush();
      }
      Duration interval = progress.interval();
      // A run until idle is watched; a long-running one logs its summary every minute instead.
      ProgressOptions.Mode mode =
          progress.resolveHere(untilIdle ? ProgressOptions.Mode.auto : ProgressOptions.Mode.none);
      ProgressReporter.Symbols symbols = ProgressReporter.Symbols.forDefaultCharset();
      try (ProgressReporter reporter = new ProgressReporter("run", mode, interval, LOG_EVERY,
          spec.commandLine().getErr(), o.clock(), now -> reading(o.store().windowCounts(now), symbols), symbols)
          .start()) {
        stoppedBy = runInterruptibly(o, untilIdle);
        reporter.finish(true);
      } finally {
        if (served != null) {
          served.close();
        }
      }
      var out = spec.commandLine().getOut();
      out.println(summary(o));
      out.flush();
      return stoppedBy == 0 ? ExitCodes.OK : stoppedBy;
    }
  }

  private int stoppedBy;

  /**
   * Refuses to start a scheduler that cannot open the deployed definitions' secrets: a sealed secret of
   * another key (a shared store whose deployer had another {@code ADF_SECRET_KEY}, a replaced key
   * file) or an {@code ${env:NAME}} reference whose variable is not set here. Started anyway, it would
   * fail every attempt that needs them, for good (docs/RELIABILITY.md, secrets at rest).
   *
   * @param unavailable {@code FactoryView.unavailableSecrets()}: entity key to why its secret cannot be opened
   * @throws UserException with exit code 2 naming each entity and what to do, when any is unavailable
   */
  static void refuseUnopenableSecrets(java.util.Map<String, String> unavailable) {
    if (unavailable.isEmpty()) {
      return;
    }
    StringJoiner why = new StringJoiner("\n  ", "adf run: the deployed definitions hold secrets this process cannot"
        + " open, so every attempt that needs them would fail; nothing was started:\n  ", "");
    unavailable.values().forEach(why::add);
    throw new UserException(why.toString(), ExitCodes.INVALID);
  }

  /** Signals that stop {@code adf run} cleanly, with the exit code a shell gives them (128 + number). */
  private static final java.util.Map<String, Integer> STOPPING = java.util.Map.of("INT", 130, "TERM", 143);

  /**
   * Runs; Ctrl-C (SIGINT) or SIGTERM stops the scheduler and the engine cleanly: running attempts are
   * stopped and their ends recorded (retried later) before the store closes, and a second signal exits
   * at once. The signals are handled here rather than by a shutdown hook, since shutdown hooks run
   * together: H2's own hook closed the embedded database while attempts were still being stopped, so
   * their ends failed with "Database is already closed" (found by the reliability suite, issue 16; H2
   * cannot turn its hook off with AUTO_SERVER). A shutdown hook stays for any other way the JVM exits.
   *
   * @return 0 when the run ended by itself, else the exit code of the signal that stopped it (130, 143)
   */
  static int runInterruptibly(Orchestrator o, boolean untilIdle) throws Exception {
    Thread main = Thread.currentThread();
    java.util.concurrent.atomic.AtomicInteger stoppedBy = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<Runnable> restore = new java.util.ArrayList<>();
    for (var e : STOPPING.entrySet()) {
      try {
        sun.misc.Signal signal = new sun.misc.Signal(e.getKey());
        sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
        previous[0] = sun.misc.Signal.handle(signal, s -> {
          if (stoppedBy.compareAndSet(0, e.getValue())) {
            main.interrupt();
          } else {
            previous[0].handle(s); // a second signal: the JVM's own handling (exit now)
          }
        });
        restore.add(() -> sun.misc.Signal.handle(signal, previous[0]));
      } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
        // this platform or JVM lets nobody handle it: the shutdown hook below still stops the run
      }
    }
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
      restore.forEach(Runnable::run);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running
      }
    }
    Thread.interrupted(); // the stop is handled; what follows (the summary, closing the store) must not see it
    return stoppedBy.get();
  }

  /** The progress line is logged this often (INFO), whatever the mode. */
  static final Duration LOG_EVERY = Duration.ofMinutes(1);

  /** One line: how many windows are in each status ({@code Activity windows: Ready=31, Waiting=1}). */
  static String summary(Orchestrator o) {
    return "Activity windows: " + o.store().windowCounts(o.clock().instant()).summary();
  }

  /**
   * The progress reading of {@code c}: done is the windows in a final status, remaining those a run
   * until idle can still finish ({@link WindowCounts#remaining()}); the text names Ready, Failed,
   * InProgress and Waiting always (Waiting with how many of them are due and not paused), Skipped and
   * None when there are any.
   */
  static ProgressReporter.Reading reading(WindowCounts c, ProgressReporter.Symbols symbols) {
    StringJoiner text = new StringJoiner(symbols.separator());
    text.add("Ready " + c.count(WindowStatus.Ready));
    text.add("Failed " + c.count(WindowStatus.Failed));
    if (c.count(WindowStatus.Skipped) > 0) {
      text.add("Skipped " + c.count(WindowStatus.Skipped));
    }
    text.add("InProgress " + c.count(WindowStatus.InProgress));
    int waiting = c.count(WindowStatus.Waiting);
    text.add("Waiting " + waiting + (c.waitingLater() > 0 ? " (" + (waiting - c.waitingLater()) + " due)" : ""));
    if (c.count(WindowStatus.None) > 0) {
      text.add("None " + c.count(WindowStatus.None));
    }
    return new ProgressReporter.Reading(c.finished(), c.remaining(), text.toString());
  }
}
