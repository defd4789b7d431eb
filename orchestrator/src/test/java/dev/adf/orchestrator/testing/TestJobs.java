package dev.adf.orchestrator.testing;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import dev.adf.engine.copy.BlobCopyJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/** Engine jobs for tests, loaded by the engine by class name like any user job. */
public final class TestJobs {
  private TestJobs() {}

  /**
   * Fails its first run and copies like the built-in copy job on later runs. Which run is first is
   * kept in a marker file named by the argument {@code marker=PATH}.
   */
  public static final class FailOnce implements EngineJob {
    @Override
    public int run(JobContext ctx) throws Exception {
      Path marker = ctx.args().stream().filter(a -> a.startsWith("marker="))
          .map(a -> Path.of(a.substring("marker=".length()))).findFirst().orElseThrow();
      if (!Files.exists(marker)) {
        Files.createFile(marker);
        ctx.log().println("first run: failing on purpose");
        return 3;
      }
      return new BlobCopyJob().run(ctx);
    }
  }

  /** Runs until the engine stops it. */
  public static final class Spin implements EngineJob {
    @Override
    public int run(JobContext ctx) throws Exception {
      ctx.log().println("spinning until stopped");
      while (true) {
        ctx.checkStop();
        LockSupport.parkNanos(5_000_000L);
      }
    }
  }

  /**
   * Creates {@code DIR/started}, waits until {@code DIR/release} exists (or the engine stops it), then
   * copies like the built-in copy job. The folder is named by the argument {@code gate=DIR}. It runs
   * in the engine's child JVM, so tests talk to it through files.
   */
  public static final class Gate implements EngineJob {
    @Override
    public int run(JobContext ctx) throws Exception {
      Path gate = ctx.args().stream().filter(a -> a.startsWith("gate="))
          .map(a -> Path.of(a.substring("gate=".length()))).findFirst().orElseThrow();
      Files.createDirectories(gate);
      Files.writeString(gate.resolve("started"), String.valueOf(ProcessHandle.current().pid()));
      ctx.log().println("waiting for " + gate.resolve("release"));
      while (!Files.exists(gate.resolve("release"))) {
        ctx.checkStop();
        LockSupport.parkNanos(10_000_000L);
      }
      return new BlobCopyJob().run(ctx);
    }
  }

  /**
   * Like {@link Gate} but succeeds without copying: creates {@code DIR/started}, waits for {@code
   * DIR/release}, exits 0. The folder is named by the argument {@code gate=DIR}.
   */
  public static final class GateOnly implements EngineJob {
    @Override
    public int run(JobContext ctx) throws Exception {
      Path gate = ctx.args().stream().filter(a -> a.startsWith("gate="))
          .map(a -> Path.of(a.substring("gate=".length()))).findFirst().orElseThrow();
      Files.createDirectories(gate);
      Files.writeString(gate.resolve("started"), String.valueOf(ProcessHandle.current().pid()));
      while (!Files.exists(gate.resolve("release"))) {
        ctx.checkStop();
        LockSupport.parkNanos(10_000_000L);
      }
      return 0;
    }
  }

  /**
   * Records each start, then runs like {@link Gate} with {@code gate=}, else copies like the built-in
   * copy job with {@code input=}, else exits 0: appends
   * the line {@code IDEMPOTENCY_KEY|pid} to the file named by the argument {@code record=FILE} (one
   * write on an append-only channel) before anything else, so a test counts the starts of each
   * attempt's job. The key is read from the job's {@code job.properties}, which the engine writes into
   * the job's folder before it starts the job.
   */
  public static final class Recorded implements EngineJob {
    @Override
    public int run(JobContext ctx) throws Exception {
      Path record = ctx.args().stream().filter(a -> a.startsWith("record="))
          .map(a -> Path.of(a.substring("record=".length()))).findFirst().orElseThrow();
      java.util.Properties spec = new java.util.Properties();
      try (var in = Files.newInputStream(ctx.workDir().resolve("job.properties"))) {
        spec.load(in);
      }
      String line = spec.getProperty("idempotencyKey") + "|" + ProcessHandle.current().pid() + "\n";
      try (var ch = java.nio.channels.FileChannel.open(record, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
        ch.write(java.nio.ByteBuffer.wrap(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      if (ctx.args().stream().anyMatch(a -> a.startsWith("gate="))) {
        return new Gate().run(ctx);
      }
      boolean copies = ctx.args().stream().anyMatch(a -> a.toLowerCase(java.util.Locale.ROOT).startsWith("input="));
      return copies ? new BlobCopyJob().run(ctx) : 0;
    }
  }
}
