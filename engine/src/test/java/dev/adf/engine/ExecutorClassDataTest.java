package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm executors' AppCDS archive with real executor JVMs: the first executor writes it at its exit,
 * later ones (of another engine too) map it, and an executor killed before its exit leaves no partial
 * archive behind.
 */
class ExecutorClassDataTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  BuiltInEngine engine;

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  /**
   * The test's classpath with every class folder jarred: the JVM archives classes from jars only (as
   * the launcher's classpath is: the CLI jar and lib/*.jar), and refuses to dump with a folder on it.
   */
  String jarredClasspath() throws java.io.IOException {
    List<String> out = new java.util.ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(e);
      if (!Files.isDirectory(p)) {
        out.add(e);
        continue;
      }
      Path jar = tmp.resolve("classpath-" + out.size() + ".jar");
      try (var j = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(p)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          j.putNextEntry(new java.util.jar.JarEntry(p.relativize(f).toString().replace('\\', '/')));
          j.write(Files.readAllBytes(f));
          j.closeEntry();
        }
      }
      out.add(jar.toString());
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  String classpath;

  BuiltInEngine engine(Path cds) throws java.io.IOException {
    if (classpath == null) {
      classpath = jarredClasspath();
    }
    return BuiltInEngine.builder(tmp.resolve("engine")).baseClasspath(classpath).clock(new MutableClock(Instant.parse("2015-11-16T00:00:01Z")))
        .cores(1).memoryMiB(4096).warmJob(TestJobs.PrintsPid.class.getName()).classDataDir(cds).build();
  }

  long runOne() throws InterruptedException {
    JobId id = engine.submit(new JobSpec("PrintsPid", TestJobs.PrintsPid.class.getName(), List.of(), List.of(),
        Map.of(), UUID.randomUUID().toString()));
    assertThat(engine.await(id, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    return engine.pid(id);
  }

  static boolean maps(long pid, Path archive) throws Exception {
    return Files.readString(Path.of("/proc/" + pid + "/maps")).contains(archive.toString());
  }

  @Test
  void theFirstExecutorWritesTheArchiveAtItsExitAndLaterExecutorsMapIt() throws Exception {
    Path cds = Files.createDirectories(tmp.resolve("cds"));
    Path archive = cds.resolve("executor.jsa");
    engine = engine(cds);
    long first = runOne();
    assertThat(maps(first, archive)).isFalse();
    engine.close(); // the idle executor exits and writes the archive
    engine = null;
    assertThat(archive).isRegularFile();
    assertThat(Files.size(archive)).isPositive();
    try (Stream<Path> files = Files.list(cds)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("executor.jsa");
    }

    engine = engine(cds);
    long second = runOne();
    assertThat(second).isNotEqualTo(first);
    assertThat(maps(second, archive)).as("the next engine's executor maps the archive").isTrue();
  }

  @Test
  void anExecutorKilledBeforeItsExitLeavesNoArchiveAndTheNextOneWritesIt() throws Exception {
    Path cds = Files.createDirectories(tmp.resolve("cds"));
    engine = engine(cds);
    long first = runOne();
    ProcessHandle.of(first).orElseThrow().destroyForcibly();
    ProcessHandle.of(first).ifPresent(p -> p.onExit().join());
    // the engine saw the exit once it deleted the executor's stderr file (after handling the exit)
    Path executors = tmp.resolve("engine").resolve(WarmExecutors.FOLDER);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && hasFiles(executors)) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    assertThat(hasFiles(executors)).isFalse();
    assertThat(hasFiles(cds)).as("no archive, no partial file").isFalse();

    long second = runOne(); // a fresh executor: now the writer
    assertThat(second).isNotEqualTo(first);
    engine.close();
    engine = null;
    assertThat(cds.resolve("executor.jsa")).isRegularFile();
  }

  private static boolean hasFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }
}
