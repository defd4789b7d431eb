package dev.adf.engine.livy;

import dev.adf.engine.BuiltInJobs;
import dev.adf.engine.ComputeEngine;
import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import dev.adf.engine.UnknownJobClassException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Livy batch API over a {@link ComputeEngine}, in process: used by the embedded orchestrator
 * directly and by {@link LivyServer}. Thread-safe.
 *
 * <p>Mapping (apache/incubator-livy {@code docs/rest-api.md} terms on the left):
 *
 * <ul>
 *   <li><b>id</b> = {@link JobStatus#number()}; every engine job is a batch, also one submitted to the
 *       engine directly.
 *   <li><b>name</b> = the job's name and its idempotency key. Names are unique: a create whose name is
 *       held already returns that batch and runs nothing (so the launcher sends the attempt's
 *       idempotency key as the name). A request without name gets {@code batch-<uuid>}.
 *   <li><b>className</b> → {@link JobSpec#mainClass()}, required (400) since the engine does not read jar
 *       manifests; <b>file</b> is required like on Livy ("File is required.") and, with <b>jars</b>,
 *       becomes {@link JobSpec#jars()}, except for a built-in job ({@link BuiltInJobs#find}), where
 *       {@code file} is not fetched and the jars are {@code jars} alone.
 *   <li><b>conf</b> → {@link JobSpec#conf()}, plus {@code driverMemory}, {@code driverCores}, {@code
 *       executorMemory}, {@code executorCores} and {@code numExecutors} under those keys when given
 *       (they win over same-named conf keys).
 *   <li><b>files, queue, proxyUser</b> are accepted and unused (proxyUser is echoed back);
 *       <b>pyFiles, archives</b> give 400.
 *   <li><b>state</b>: SUBMITTED, STARTING → {@code starting}; RUNNING → {@code running}; SUCCEEDED →
 *       {@code success}; FAILED, LOST → {@code dead}; KILLED → {@code killed}.
 *   <li><b>appInfo</b> = {@code driverLogUrl} (the job's log file), {@code sparkUiUrl} (null), and
 *       {@code waitingFor} while the job queues for capacity. <b>log</b> = the last 10 lines.
 *   <li><b>delete</b> kills the job (grace {@link #KILL_GRACE}) and hides the batch: {@link #get} is
 *       then empty, as on Livy. Deletions are held in memory: after a restart of the adapter deleted
 *       batches are listed again (in their terminal state).
 * </ul>
 *
 * <p>{@link #close()} does not close the engine; its owner does.
 */
public final class EngineBatches implements LivyBatches {

  /** Grace a deleted batch's job gets to stop on its own before it is stopped by force. */
  public static final Duration KILL_GRACE = Duration.ofSeconds(10);

  /** Lines of log a {@link Batch} carries, as on Livy. */
  public static final int BATCH_LOG_LINES = 10;

  /** Default page size of {@link #log} when none is given, as on Livy. */
  public static final int DEFAULT_LOG_SIZE = 100;

  /** Conf keys the request's resource fields are copied into. */
  public static final List<String> RESOURCE_CONF_KEYS =
      List.of("driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors");

  private static final Duration FIRST_POLL = Duration.ofMillis(20);
  private static final Duration MAX_POLL = Duration.ofMillis(500);

  private final ComputeEngine engine;
  private final String location;
  private final Map<Integer, JobId> idsByNumber = new ConcurrentHashMap<>();
  private final Set<Integer> deleted = ConcurrentHashMap.newKeySet();
  private final Map<Integer, String> proxyUsers = new ConcurrentHashMap<>();
  private final Object createLock = new Object();

  /**
   * @param engine the engine the batches run on (not closed by {@link #close()})
   * @param location where it is, for {@link #describe()}: its work root, say
   */
  public EngineBatches(ComputeEngine engine, String location) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.location = Objects.requireNonNull(location, "location");
  }

  /** The result of {@link #createOrFind}: the batch, and whether this call created it. */
  public record Creation(Batch batch, boolean created) {}

  @Override
  public Batch create(CreateBatchRequest r) throws LivyException {
    return createOrFind(r).batch();
  }

  /**
   * {@link #create}, also telling whether the batch is new (the server answers 201) or was found by its
   * name (200).
   *
   * @throws LivyException 400 for a refused request (missing file or className, pyFiles, archives, an
   *     unknown job class, a name held by a deleted batch, or a spec the engine rejects)
   */
  public Creation createOrFind(CreateBatchRequest r) throws LivyException {
    Objects.requireNonNull(r, "request");
    if (r.file() == null) {
      throw new LivyException(400, "File is required.");
    }
    if (r.className() == null || r.className().isBlank()) {
      throw new LivyException(400, "className is required by the built-in engine (it does not read the main"
          + " class from the jar's manifest); give a built-in job " + BuiltInJobs.names() + " or a class name");
    }
    if (r.pyFiles() != null && !r.pyFiles().isEmpty()) {
      throw new LivyException(400, "pyFiles are not supported by the built-in engine (it runs JVM jobs only)");
    }
    if (r.archives() != null && !r.archives().isEmpty()) {
      throw new LivyException(400, "archives are not supported by the built-in engine");
    }
    String name = r.name() != null ? r.name() : "batch-" + UUID.randomUUID();
    if (name.isBlank()) {
      throw new LivyException(400, "name must not be blank");
    }
    synchronized (createLock) {
      List<JobStatus> all = engine.jobs();
      for (JobStatus s : all) {
        if (name.equals(s.name())) {
          return found(s, name);
        }
      }
      int before = all.isEmpty() ? 0 : all.get(all.size() - 1).number();
      JobId id;
      try {
        id = engine.submit(toSpec(r, name));
      } catch (UnknownJobClassException | IllegalArgumentException e) {
        throw new LivyException(400, e.getMessage());
      } catch (IllegalStateException e) {
        throw new LivyException(503, "the built-in engine does not accept jobs: " + e.getMessage());
      }
      JobStatus s = engine.status(id);
      idsByNumber.put(s.number(), id);
      if (s.number() <= before) {
        return found(s, name); // the engine knew the key (name) already, under another job name
      }
      if (r.proxyUser() != null) {
        proxyUsers.put(s.number(), r.proxyUser());
      }
      return new Creation(toBatch(s), true);
    }
  }

  private Creation found(JobStatus s, String name) throws LivyException {
    if (deleted.contains(s.number())) {
      throw new LivyException(400, "Duplicate session name: '" + name + "' belongs to batch " + s.number()
          + ", which was deleted; its attempt must not run again, so give a new name");
    }
    idsByNumber.put(s.number(), s.id());
    return new Creation(toBatch(s), false);
  }

  static JobSpec toSpec(CreateBatchRequest r, String name) {
    List<String> jars = new ArrayList<>();
    if (BuiltInJobs.find(r.className()).isEmpty()) {
      jars.add(r.file());
    }
    if (r.jars() != null) {
      jars.addAll(r.jars());
    }
    Map<String, String> conf = new LinkedHashMap<>();
    if (r.conf() != null) {
      r.conf().forEach((k, v) -> {
        if (k != null && v != null) {
          conf.put(k, v);
        }
      });
    }
    putIfGiven(conf, "driverMemory", r.driverMemory());
    putIfGiven(conf, "driverCores", r.driverCores());
    putIfGiven(conf, "executorMemory", r.executorMemory());
    putIfGiven(conf, "executorCores", r.executorCores());
    putIfGiven(conf, "numExecutors", r.numExecutors());
    return new JobSpec(name, r.className(), jars, r.args() == null ? List.of() : r.args(), conf, name);
  }

  private static void putIfGiven(Map<String, String> conf, String key, Object value) {
    if (value != null) {
      conf.put(key, value.toString());
    }
  }

  @Override
  public Optional<Batch> get(String idOrName) throws LivyException {
    return status(idOrName).map(this::toBatch);
  }

  /** The batch's state alone: {@code GET /batches/{id}/state}; empty when not held. */
  public Optional<LivyState> state(int id) {
    return status(id).map(s -> stateOf(s.state()));
  }

  @Override
  public BatchLog log(int id, Integer from, Integer size) throws LivyException {
    JobStatus s = status(id).orElseThrow(() -> notFound(Integer.toString(id)));
    return page(id, lines(s), from, size);
  }

  /**
   * Lines {@code [from, from + size)} of {@code lines}, with Livy's defaults ({@code
   * SessionServlet.serializeLogs}): size 100, negative size = all lines; missing or negative from = the
   * last {@code size} lines; indexes past the end give fewer or no lines.
   */
  static BatchLog page(int id, List<String> lines, Integer from, Integer size) {
    int n = lines.size();
    int sz = size == null ? DEFAULT_LOG_SIZE : size < 0 ? n : size;
    int f = from == null || from < 0 ? Math.max(0, n - sz) : from;
    int start = Math.min(f, n);
    int end = (int) Math.min(n, (long) start + sz);
    return new BatchLog(id, f, n, lines.subList(start, end));
  }

  @Override
  public BatchList list(int from, int size) {
    List<Batch> held = new ArrayList<>();
    for (JobStatus s : engine.jobs()) {
      if (!deleted.contains(s.number())) {
        idsByNumber.putIfAbsent(s.number(), s.id());
        held.add(toBatch(s));
      }
    }
    int start = Math.max(0, Math.min(from, held.size()));
    int end = size < 0 ? start : (int) Math.min(held.size(), (long) start + size);
    return new BatchList(from, held.size(), held.subList(start, end));
  }

  @Override
  public boolean delete(int id) throws LivyException {
    Optional<JobStatus> s = status(id);
    if (s.isEmpty()) {
      return false;
    }
    try {
      engine.kill(s.get().id(), KILL_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LivyException(500, "interrupted while killing batch " + id + "; it may still run");
    }
    return deleted.add(id);
  }

  /**
   * Waits with {@link ComputeEngine#await} (which returns at once when the job ends) in slices that
   * grow from 20 ms to 500 ms, so a change that is not an end is seen within one slice.
   */
  @Override
  public Optional<Batch> awaitChange(int id, String knownState, Duration maxWait)
      throws LivyException, InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
    Duration slice = FIRST_POLL;
    while (true) {
      Optional<JobStatus> s = status(id);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      String state = stateOf(s.get().state()).wireName();
      long left = deadline - System.nanoTime();
      if (!state.equals(knownState) || left <= 0) {
        return Optional.of(toBatch(s.get()));
      }
      engine.await(s.get().id(), Duration.ofNanos(Math.min(left, slice.toNanos())));
      slice = slice.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : slice.multipliedBy(2);
    }
  }

  @Override
  public String describe() {
    return "built-in engine at " + location;
  }

  /** Does nothing: the engine belongs to whoever gave it. */
  @Override
  public void close() {}

  /** The Livy state of an engine job state. */
  public static LivyState stateOf(JobState s) {
    return switch (s) {
      case SUBMITTED, STARTING -> LivyState.STARTING;
      case RUNNING -> LivyState.RUNNING;
      case SUCCEEDED -> LivyState.SUCCESS;
      case FAILED, LOST -> LivyState.DEAD;
      case KILLED -> LivyState.KILLED;
    };
  }

  static LivyException notFound(String idOrName) {
    return new LivyException(404, "Session '" + idOrName + "' not found.");
  }

  private Optional<JobStatus> status(String idOrName) {
    if (idOrName == null || idOrName.isEmpty()) {
      return Optional.empty();
    }
    if (idOrName.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return status(Integer.parseInt(idOrName));
      } catch (NumberFormatException tooLarge) {
        return Optional.empty();
      }
    }
    for (JobStatus s : engine.jobs()) {
      if (idOrName.equals(s.name()) && !deleted.contains(s.number())) {
        idsByNumber.putIfAbsent(s.number(), s.id());
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private Optional<JobStatus> status(int number) {
    if (deleted.contains(number)) {
      return Optional.empty();
    }
    JobId id = idsByNumber.get(number);
    if (id == null) {
      for (JobStatus s : engine.jobs()) {
        idsByNumber.putIfAbsent(s.number(), s.id());
        if (s.number() == number) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
    try {
      return Optional.of(engine.status(id));
    } catch (java.util.NoSuchElementException gone) {
      idsByNumber.remove(number);
      return Optional.empty();
    }
  }

  private Batch toBatch(JobStatus s) {
    Map<String, String> appInfo = new LinkedHashMap<>();
    appInfo.put(Batch.DRIVER_LOG_URL, s.logFile() == null ? null : s.logFile().toString());
    appInfo.put(Batch.SPARK_UI_URL, null);
    if (s.waitingFor() != null) {
      appInfo.put(Batch.WAITING_FOR, s.waitingFor());
    }
    List<String> lines = lines(s);
    List<String> tail = lines.subList(Math.max(0, lines.size() - BATCH_LOG_LINES), lines.size());
    return new Batch(s.number(), s.name(), null, proxyUsers.get(s.number()), stateOf(s.state()).wireName(), null,
        appInfo, tail);
  }

  private List<String> lines(JobStatus s) {
    try {
      return engine.log(s.id()).lines().toList();
    } catch (IOException | RuntimeException e) {
      return List.of("(the log of job " + s.id() + " cannot be read: " + e.getMessage() + ")");
    }
  }
}
