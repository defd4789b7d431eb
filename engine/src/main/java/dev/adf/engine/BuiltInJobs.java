package dev.adf.engine;

import dev.adf.engine.copy.BlobCopyJob;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The jobs built into the engine, by name and alias. */
public final class BuiltInJobs {
  private BuiltInJobs() {}

  /** The built-in blob copy job's name. */
  public static final String BLOB_COPY = "adf.BlobCopy";

  /** The job behind ADF's Copy activity ({@link dev.adf.engine.filecopy.FileCopyJob}). */
  public static final String FILE_COPY = "adf.Copy";

  /** The Azure Spark sample's main class; it copies input to output, so it runs the copy job. */
  public static final String SPARK_DEMO_ALIAS = "com.adf.spark.demo.Demo";

  private static final Map<String, Supplier<EngineJob>> JOBS =
      Map.of(BLOB_COPY, BlobCopyJob::new, SPARK_DEMO_ALIAS, BlobCopyJob::new,
          FILE_COPY, dev.adf.engine.filecopy.FileCopyJob::new);

  /** The job a main class names, when it is a built-in name or alias (exact, case-sensitive). */
  public static Optional<Supplier<EngineJob>> find(String mainClass) {
    return Optional.ofNullable(JOBS.get(mainClass));
  }

  /** Every built-in name and alias, sorted. */
  public static Set<String> names() {
    return new TreeSet<>(JOBS.keySet());
  }
}
