package dev.adf.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk record of the engine's jobs, so a restarted engine knows them: each job folder {@code
 * <workRoot>/<jobId>/} holds {@value #SPEC_FILE} (id, name, main class, idempotency key, cores,
 * memory MiB; never conf or arguments, which may hold secrets), {@value #STATE_FILE} (one line per
 * state change: {@code instant TAB state TAB exitCode TAB error}), {@value #PROCESS_FILE} (the child
 * JVM's pid and start instant, to re-attach after a restart and to detect pid reuse) and the
 * engine's own event log {@value #EVENT_FILE}. The child's files are in {@link
 * dev.adf.engine.child.ChildFiles}.
 */
final class JobJournal {
  static final String SPEC_FILE = "job.properties";
  static final String STATE_FILE = "state.log";
  static final String PROCESS_FILE = "process.properties";
  static final String EVENT_FILE = "engine.log";

  private static final Logger LOG = LoggerFactory.getLogger(JobJournal.class);

  /** A job found on disk. */
  record Recovered(JobId id, int number, String name, String idempotencyKey, Path workDir, List<StateChange> history,
      Integer exitCode, JobResources resources) {}

  /**
   * A child JVM as recorded when it started.
   *
   * @param start its start instant as the OS reports it, or null when unknown
   */
  record ProcessRecord(long pid, Instant start) {
    /**
     * How far the start time a JVM computes for one process may differ from the one recorded by another
     * JVM: Linux gives a process's start in clock ticks since boot, and each JVM adds the boot time it
     * read from {@code /proc/stat} ({@code btime}, whole seconds, moved by clock adjustments), so two JVMs
     * can disagree by a second or more about the same process. An exact comparison took a live job for a
     * reused pid: the restarted engine recorded it lost and its window ran a second job (an intermittent
     * failure of the crash tests in CI). A pid reused within this span is not a real risk.
     */
    static final java.time.Duration START_TOLERANCE = java.time.Duration.ofSeconds(5);

    /** Whether a live process with start time {@code actual} (empty: unknown) is the one recorded. */
    boolean isStartedAt(java.util.Optional<Instant> actual) {
      return start == null || actual.map(a -> java.time.Duration.between(start, a).abs()
          .compareTo(START_TOLERANCE) <= 0).orElse(true);
    }
  }

  /** Writes a new job's spec file and an empty event log. */
  void create(Path workDir, JobId id, int number, JobSpec spec, JobResources resources) throws IOException {
    Properties p = new Properties();
    p.setProperty("id", id.value());
    p.setProperty("number", String.valueOf(number));
    p.setProperty("name", spec.name());
    p.setProperty("mainClass", spec.mainClass());
    p.setProperty("idempotencyKey", spec.idempotencyKey());
    p.setProperty("cores", String.valueOf(resources.cores()));
    p.setProperty("memoryMiB", String.valueOf(resources.memoryMiB()));
    try (var out = Files.newBufferedWriter(workDir.resolve(SPEC_FILE), StandardCharsets.UTF_8)) {
      p.store(out, "adf engine job");
    }
    Files.writeString(workDir.resolve(EVENT_FILE), "", StandardOpenOption.CREATE);
  }

  /** Records the child JVM of a job (atomically). */
  void recordProcess(Path workDir, ProcessHandle process) throws IOException {
    String start = process.info().startInstant().map(Instant::toString).orElse("");
    dev.adf.engine.child.ChildFiles.writeAtomically(workDir, PROCESS_FILE,
        "pid=" + process.pid() + "\nstartInstant=" + start + "\n");
  }

  /** The recorded child JVM of a job, or null when none was started. */
  ProcessRecord readProcess(Path workDir) {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(workDir.resolve(PROCESS_FILE), StandardCharsets.UTF_8)) {
      p.load(in);
      String start = p.getProperty("startInstant", "");
      return new ProcessRecord(Long.parseLong(p.getProperty("pid").trim()), start.isBlank() ? null : Instant.parse(start));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Appends one line, stamped with {@code at}, to the job's event log; best effort. */
  void event(Path workDir, Instant at, String text) {
    try {
      Files.writeString(workDir.resolve(EVENT_FILE), at + " " + text + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot write the event log in {}: {}", workDir, e.toString());
    }
  }

  /** Appends one state change; the error is flattened to one line. */
  void append(Path workDir, StateChange change, Integer exitCode) {
    String error = change.error() == null ? "" : change.error().replaceAll("[\\r\\n\\t]+", " ");
    String line = change.at() + "\t" + change.state() + "\t" + (exitCode == null ? "" : exitCode) + "\t" + error + "\n";
    try {
      Files.writeString(workDir.resolve(STATE_FILE), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record state of job in " + workDir, e);
    }
  }

  /** Every readable job folder under {@code workRoot}; unreadable ones are skipped with a warning. */
  List<Recovered> recover(Path workRoot) throws IOException {
    List<Recovered> found = new ArrayList<>();
    if (!Files.isDirectory(workRoot)) {
      return found;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workRoot, "job-*")) {
      for (Path dir : dirs) {
        try {
          found.add(read(dir));
        } catch (IOException | RuntimeException e) {
          LOG.warn("skipping unreadable job folder {}: {}", dir, e.toString());
        }
      }
    }
    return found;
  }

  private static Recovered read(Path dir) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve(SPEC_FILE), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    List<StateChange> history = new ArrayList<>();
    Integer exit = null;
    for (String line : Files.readAllLines(dir.resolve(STATE_FILE), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", 4);
      String error = f.length > 3 && !f[3].isEmpty() ? f[3] : null;
      history.add(new StateChange(JobState.valueOf(f[1]), Instant.parse(f[0]), error));
      exit = f.length > 2 && !f[2].isEmpty() ? Integer.valueOf(f[2]) : null;
    }
    if (history.isEmpty()) {
      throw new IOException("no state recorded");
    }
    JobResources resources = new JobResources(
        Integer.parseInt(p.getProperty("cores", String.valueOf(JobResources.DEFAULT_CORES))),
        Long.parseLong(p.getProperty("memoryMiB", String.valueOf(JobResources.DEFAULT_MEMORY_MIB))));
    return new Recovered(new JobId(p.getProperty("id")), Integer.parseInt(p.getProperty("number", "0")),
        p.getProperty("name"), p.getProperty("idempotencyKey"), dir, history, exit, resources);
  }
}
