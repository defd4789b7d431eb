package dev.adf.orchestrator.cli;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.WindowQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code adf quickstart}: deploy the Spark sample with the local environment config, put its input
 * data into the local store, run until idle, print the activity windows.
 */
@Command(name = "quickstart", description = "Deploy and run the Spark sample on the embedded default"
    + " (local folder store, built-in engine) and print its activity windows.")
final class QuickstartCommand implements Callable<Integer> {
  /** The local store connection string (root: {@code <home>/storage}). */
  static final String LOCAL_STORE = "UseLocalStore=true";

  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path repo = Home.repo();
    Path samples = repo.resolve("samples/ADFJsons");
    Path config = repo.resolve("conf/environments/local.json");
    Path data = repo.resolve("samples/data");
    if (!Files.isDirectory(samples) || !Files.isRegularFile(config)) {
      throw new UserException("the sample is not where it should be (" + samples + ", " + config
          + "): run ./adf quickstart from the repository", ExitCodes.FAILED);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Orchestrator o = home.open()) {
      out.println("State folder: " + o.home());
      out.println("Deploying " + repo.relativize(samples) + " with " + repo.relativize(config) + " ...");
      out.flush();
      int deployed = DeployCommand.deploy(o, samples, config, out, spec.commandLine());
      if (deployed != ExitCodes.OK) {
        return deployed;
      }
      try (BlobStore store = BlobStores.open(LOCAL_STORE, o.storageRoot())) {
        int n = upload(data, store);
        out.println("Put " + n + " sample input blobs into the local store (" + o.storageRoot() + ").");
        out.println("Running the scheduler until idle ...");
        out.flush();
        RunCommand.runInterruptibly(o, true);
        List<ActivityWindow> windows = o.store().windows(WindowQuery.ALL);
        out.println();
        out.flush();
        WindowsCommand.printTable(out, windows);
        out.println();
        out.println("output/results: " + describe(store, "output", "results/"));
        out.println();
        out.println("See the factory, this window, its attempt and its log in the web view:");
        out.println("  ./adf ui" + (home.home == null ? "" : " --home " + o.home()) + "    then open http://127.0.0.1:"
            + UiOptions.DEFAULT_PORT + "/");
        out.flush();
        boolean allReady = windows.stream().allMatch(w -> w.state().status() == WindowStatus.Ready);
        if (!allReady) {
          spec.commandLine().getErr().println("adf: not every window is Ready; see its attempts with"
              + " adf runs --pipeline P --activity A --window START");
          return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
      }
    }
  }

  /** Copies every file under {@code data/<container>/...} into that container; returns the count. */
  static int upload(Path data, BlobStore store) throws IOException {
    int n = 0;
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        Path rel = data.relativize(f);
        String container = rel.getName(0).toString();
        String name = rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
        try (InputStream in = Files.newInputStream(f)) {
          store.write(container, name, in, Files.size(f));
        }
        n++;
      }
    }
    return n;
  }

  private static String describe(BlobStore store, String container, String prefix) throws IOException {
    long blobs = 0;
    long bytes = 0;
    for (Iterator<BlobItem> it = store.list(container, prefix); it.hasNext(); ) {
      BlobItem b = it.next();
      blobs++;
      bytes += b.size();
    }
    return blobs + " blobs, " + bytes + " bytes";
  }
}
