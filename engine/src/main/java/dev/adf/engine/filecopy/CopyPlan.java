package dev.adf.engine.filecopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.engine.filecopy.format.Codec;
import java.util.Objects;

/**
 * What one Copy attempt does, in the engine's terms: which files of the source store to read, how to
 * name them in the sink store, and how their bytes change on the way. The Copy activity (module
 * activities) builds it from ADF's datasets for one slice; the engine ({@link FileCopy}) executes it
 * and knows nothing of datasets. It travels as JSON in the job's arguments ({@link #toJson}, {@link
 * #fromJson}); the stores' connection strings travel in the job's secret conf, never here.
 *
 * @param source where the files come from; its {@code fileFilter} and {@code recursive} select them
 * @param sink where they go; its {@code fileName}, when set, names the one output file
 * @param copyBehavior how source names map to sink names (ADF {@code copyBehavior})
 * @param method how the bytes move: {@link Method#BINARY} needs the same compression on both sides
 *     (the planner chooses it only when the formats are equal too, or one side has none)
 * @param generatedName the stem of names this copy generates, {@code Data.<guid>} (ADF v1: "the
 *     generated name is Data.&lt;Guid&gt;.txt"); the same for every attempt of one window, so a rerun
 *     replaces its own files instead of adding new ones
 * @param parallelCopies most files copied at once (ADF {@code parallelCopies}, 1..32), or 0 for the
 *     engine's default
 */
public record CopyPlan(
    Endpoint source, Endpoint sink, Behavior copyBehavior, Method method, String generatedName, int parallelCopies) {

  /** ADF v1 {@code copyBehavior} of BlobSink / FileSystemSink. */
  public enum Behavior {
    /** Same relative path and name as in the source folder. */
    PRESERVE_HIERARCHY("PreserveHierarchy"),
    /** Every file in the first level of the sink folder, under a generated name. */
    FLATTEN_HIERARCHY("FlattenHierarchy"),
    /** All source files into one sink file (the sink's fileName, else a generated name). */
    MERGE_FILES("MergeFiles");

    private final String adfName;

    Behavior(String adfName) {
      this.adfName = adfName;
    }

    /** The ADF spelling: {@code PreserveHierarchy}, {@code FlattenHierarchy}, {@code MergeFiles}. */
    public String adfName() {
      return adfName;
    }
  }

  /** How the bytes of a file move (ADF v1 "Considerations for serialization and deserialization"). */
  public enum Method {
    /** Byte for byte: same format settings and compression on both sides (or none). */
    BINARY("binary"),
    /** Decompressed and compressed again; the bytes in between unchanged (only compression differs). */
    TRANSCODE("transcode"),
    /** Text records parsed with the source's TextFormat and written with the sink's. */
    RESERIALIZE("re-serialize");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    /** {@code binary}, {@code transcode} or {@code re-serialize}. */
    public String label() {
      return label;
    }
  }

  /**
   * One side of the copy.
   *
   * @param label the dataset and its resolved place, for messages ({@code dataset 'In' (rawdata/2015/06)})
   * @param container the container (blob) or the share folder's container in the engine's local store
   * @param folder the folder inside the container, '/'-separated, no leading or trailing '/'; "" for
   *     the container itself
   * @param fileName one file in {@code folder} (case-sensitive), or null for every file
   * @param fileFilter source only: a wildcard on file names ({@code *} any run, {@code ?} one
   *     character; ADF FileShare {@code fileFilter}), or null
   * @param recursive source only: whether files in subfolders of {@code folder} are read
   * @param compression ADF compression type ({@code GZip}, {@code Deflate}, {@code BZip2}, {@code
   *     ZipDeflate}) or null for none
   * @param level ADF compression level ({@code Optimal}, {@code Fastest}) or null (Optimal)
   * @param format the TextFormat, or null when the dataset has no format (bytes as they are)
   */
  public record Endpoint(String label, String container, String folder, String fileName, String fileFilter,
      boolean recursive, String compression, String level, TextSettings format) {
    public Endpoint {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(container, "container");
      folder = folder == null ? "" : folder;
      Codec.parse(compression);
    }

    /** The prefix that lists everything below {@link #folder}: "" or {@code "folder/"}. */
    public String prefix() {
      return folder.isEmpty() ? "" : folder + "/";
    }
  }

  /**
   * @throws IllegalArgumentException when a part is missing, a binary copy would change the bytes, a
   *     re-serialization lacks a TextFormat, or parallelCopies is outside 0..32
   */
  public CopyPlan {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(copyBehavior, "copyBehavior");
    Objects.requireNonNull(method, "method");
    if (parallelCopies < 0 || parallelCopies > 32) {
      throw new IllegalArgumentException("parallelCopies must be within 1..32 (ADF v1), got " + parallelCopies);
    }
    if (method == Method.BINARY && Codec.parse(source.compression()) != Codec.parse(sink.compression())) {
      throw new IllegalArgumentException("a binary copy needs the same compression on both sides");
    }
    if (method == Method.RESERIALIZE && (source.format() == null || sink.format() == null)) {
      throw new IllegalArgumentException("re-serializing needs a TextFormat on both sides");
    }
    if (generatedName == null || generatedName.isBlank() || generatedName.contains("/")) {
      throw new IllegalArgumentException("generatedName must be a file name stem such as Data.<guid>, got '"
          + generatedName + "'");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The plan as one line of JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a copy plan as JSON", e);
    }
  }

  /**
   * Reads a plan written by {@link #toJson}.
   *
   * @throws IllegalArgumentException when the text is not a valid plan, saying what is wrong
   */
  public static CopyPlan fromJson(String json) {
    try {
      return JSON.readValue(json, CopyPlan.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException("not a copy plan: " + cause.getMessage(), e);
    }
  }
}
