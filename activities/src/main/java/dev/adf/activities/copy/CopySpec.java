package dev.adf.activities.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.DeployProblem;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.engine.filecopy.CopyPlan.Behavior;
import dev.adf.engine.filecopy.CopyPlan.Method;
import dev.adf.engine.filecopy.TextSettings;
import dev.adf.engine.filecopy.format.Codec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Copy activity's definition, checked and reduced to what the engine needs: the source and sink
 * datasets, {@code recursive}, the effective {@code copyBehavior}, {@code parallelCopies} and the
 * method (binary, transcode, re-serialize). Read the same way at deploy ({@link CopyActivity#check})
 * and for every attempt, so what deployed is what runs. Source: ADF v1 "Copy Activity" / "Data
 * movement activities", "Azure Blob connector", "File System connector".
 *
 * <ul>
 *   <li>{@code source.type} BlobSource (AzureBlob input; recursive default true) or FileSystemSource
 *       (FileShare input; recursive default false); {@code sink.type} BlobSink (AzureBlob output) or
 *       FileSystemSink (FileShare output).
 *   <li>Only the first input is copied; the others are dependencies only (ADF: "only the data from the
 *       first dataset is copied"). Exactly one output.
 *   <li>{@code copyBehavior} PreserveHierarchy, FlattenHierarchy or MergeFiles; absent means
 *       FlattenHierarchy's generated names, as ADF v1 generated {@code Data.<guid>} names without it
 *       (a warning says so).
 *   <li>Legacy keys: {@code blobWriterAddHeader} writes a header (as the output's firstRowAsHeader);
 *       {@code skipHeaderLineCount} skips that many lines (as the input's skipLineCount, unless the
 *       dataset sets one) and {@code treatEmptyAsNull} on the source applies when the dataset does not
 *       set it; {@code blobColumnSeparators} and {@code nullValues} are preview-era keys and ignored:
 *       each with a warning. {@code cloudDataMovementUnits}, {@code enableStaging}, {@code
 *       executionLocation}, {@code writeBatchSize} and {@code writeBatchTimeout} are accepted and have
 *       no effect here (a warning per key). A {@code translator} with {@code columnMappings} is refused.
 *   <li>Method: same TextFormat (ADF's defaults written out) or no format on one side, and the same
 *       compression → binary; only compression differs → transcode; formats differ → re-serialize.
 * </ul>
 */
final class CopySpec {
  final FileDataset source;
  final FileDataset sink;
  final boolean recursive;
  final Behavior behavior;
  final int parallelCopies;
  final Method method;
  final TextSettings sourceFormat;
  final TextSettings sinkFormat;

  private CopySpec(FileDataset source, FileDataset sink, boolean recursive, Behavior behavior, int parallelCopies,
      Method method, TextSettings sourceFormat, TextSettings sinkFormat) {
    this.source = source;
    this.sink = sink;
    this.recursive = recursive;
    this.behavior = behavior;
    this.parallelCopies = parallelCopies;
    this.method = method;
    this.sourceFormat = sourceFormat;
    this.sinkFormat = sinkFormat;
  }

  private static final String TP = "/typeProperties";

  /**
   * Reads and checks a Copy activity.
   *
   * @param linkedService finds a linked service by name (case-insensitive)
   * @param roots the allowed FileShare roots
   * @param problems receives every error and warning
   * @return the spec, or empty when an error was reported
   */
  static Optional<CopySpec> read(String activity, JsonNode tp, List<DatasetInfo> inputs, List<DatasetInfo> outputs,
      Function<String, Optional<LinkedServiceInfo>> linkedService, List<Path> roots, Consumer<DeployProblem> problems) {
    String at = "Copy activity '" + activity + "'";
    boolean[] failed = {false};
    Consumer<DeployProblem> sink = p -> {
      failed[0] |= p.error();
      problems.accept(p);
    };
    JsonNode src = AdfJson.member(tp, "source");
    JsonNode snk = AdfJson.member(tp, "sink");
    if (src == null || !src.isObject()) {
      sink.accept(DeployProblem.activityError(TP, at + " has no typeProperties.source: give {\"type\": \"BlobSource\"}"
          + " or {\"type\": \"FileSystemSource\"}"));
    }
    if (snk == null || !snk.isObject()) {
      sink.accept(DeployProblem.activityError(TP, at + " has no typeProperties.sink: give {\"type\": \"BlobSink\"}"
          + " or {\"type\": \"FileSystemSink\"}"));
    }
    if (inputs.isEmpty() || outputs.size() != 1) {
      sink.accept(DeployProblem.activityError("", at + " has " + inputs.size() + " input(s) and " + outputs.size()
          + " output(s); Copy copies its first input into exactly one output"));
    }
    if (failed[0]) {
      return Optional.empty();
    }
    if (inputs.size() > 1) {
      sink.accept(DeployProblem.activityWarning("/inputs/1", at + " has " + inputs.size() + " inputs: only the first, '"
          + inputs.get(0).name() + "', is copied; the others are dependencies only (as in ADF)"));
    }
    Optional<FileDataset> in = FileDataset.read(inputs.get(0), "input", activity, sink);
    Optional<FileDataset> out = FileDataset.read(outputs.get(0), "output", activity, sink);
    for (Optional<FileDataset> d : List.of(in, out)) {
      d.ifPresent(ds -> {
        String problem = ds.checkLinkedService(linkedService.apply(ds.info.linkedServiceName()), roots);
        if (problem != null) {
          sink.accept(DeployProblem.datasetError(ds.info.name(), "/properties/linkedServiceName", at + ": " + problem));
        }
      });
    }
    String sourceType = AdfJson.text(src, "type");
    String sinkType = AdfJson.text(snk, "type");
    String sp = TP + "/" + AdfJson.key(tp, "source");
    String kp = TP + "/" + AdfJson.key(tp, "sink");
    in.ifPresent(d -> {
      if (!d.sourceType().equalsIgnoreCase(sourceType)) {
        sink.accept(DeployProblem.activityError(sp + "/type", at + " has source type " + sourceType + " for input '"
            + d.info.name() + "' (" + d.info.type() + "); Copy between file stores reads it with " + d.sourceType()
            + " (BlobSource for AzureBlob, FileSystemSource for FileShare; SQL, table and other stores are not"
            + " supported here)"));
      }
    });
    out.ifPresent(d -> {
      if (!d.sinkType().equalsIgnoreCase(sinkType)) {
        sink.accept(DeployProblem.activityError(kp + "/type", at + " has sink type " + sinkType + " for output '"
            + d.info.name() + "' (" + d.info.type() + "); Copy between file stores writes it with " + d.sinkType()
            + " (BlobSink for AzureBlob, FileSystemSink for FileShare)"));
      }
      if (d.fileFilter != null) {
        sink.accept(DeployProblem.datasetWarning(d.info.name(), "/properties/typeProperties",
            at + ": fileFilter of output '" + d.info.name() + "' is ignored (ADF: input only)"));
      }
    });
    boolean recursive = bool(src, "recursive", "FileSystemSource".equalsIgnoreCase(sourceType) ? false : true,
        sp + "/recursive", at, sink);
    Behavior behavior = behavior(snk, kp, at, sink);
    int parallel = parallelCopies(tp, at, sink);
    for (String key : List.of("cloudDataMovementUnits", "enableStaging", "stagingSettings", "executionLocation",
        "enableSkipIncompatibleRow", "redirectIncompatibleRowSettings")) {
      if (AdfJson.member(tp, key) != null) {
        sink.accept(DeployProblem.activityWarning(TP + "/" + AdfJson.key(tp, key), at + ": " + key
            + " has no effect here: the built-in engine copies on this machine"));
      }
    }
    for (String key : List.of("writeBatchSize", "writeBatchTimeout")) {
      if (AdfJson.member(snk, key) != null) {
        sink.accept(DeployProblem.activityWarning(kp + "/" + AdfJson.key(snk, key), at + ": sink " + key
            + " applies to table sinks and has no effect on a file sink"));
      }
    }
    for (String key : List.of("blobColumnSeparators", "nullValues")) {
      if (AdfJson.member(src, key) != null) {
        sink.accept(DeployProblem.activityWarning(sp + "/" + AdfJson.key(src, key), at + ": source " + key
            + " is a preview-era key and is ignored: the input dataset's format governs"));
      }
    }
    JsonNode translator = AdfJson.member(tp, "translator");
    if (translator != null && AdfJson.member(translator, "columnMappings") != null) {
      sink.accept(DeployProblem.activityError(TP + "/" + AdfJson.key(tp, "translator"), at + ": translator"
          + " columnMappings are not supported by Copy between file stores here: remove the translator (columns"
          + " are copied in order)"));
    }
    if (failed[0] || in.isEmpty() || out.isEmpty()) {
      return Optional.empty();
    }
    TextSettings sourceFormat = legacySource(in.get().format, src, sp, at, sink);
    TextSettings sinkFormat = legacySink(out.get().format, snk, kp, at, sink);
    Method method = method(in.get(), out.get(), sourceFormat, sinkFormat, at, sink);
    if (failed[0]) {
      return Optional.empty();
    }
    return Optional.of(new CopySpec(in.get(), out.get(), recursive, behavior, parallel, method, sourceFormat, sinkFormat));
  }

  private static Method method(FileDataset in, FileDataset out, TextSettings sf, TextSettings kf, String at,
      Consumer<DeployProblem> sink) {
    boolean sameCodec = Codec.parse(in.compression) == Codec.parse(out.compression);
    if (sf == null || kf == null) {
      if (sf == null && kf != null && kf.firstRowAsHeader()) {
        sink.accept(DeployProblem.datasetError(out.info.name(), "/properties/typeProperties/format",
            at + ": output '" + out.info.name() + "' writes a header (firstRowAsHeader), but input '" + in.info.name()
                + "' has no format to read rows from: give the input a TextFormat, or drop the output's header"));
      } else if (sf != null || kf != null) {
        FileDataset with = sf != null ? in : out;
        sink.accept(DeployProblem.datasetWarning(with.info.name(), "/properties/typeProperties/format", at + ": only '"
            + with.info.name() + "' has a format, so the files are copied as bytes, unchanged; give both datasets a"
            + " TextFormat to convert rows"));
      }
      return sameCodec ? Method.BINARY : Method.TRANSCODE;
    }
    boolean sameFormat = sf.skipLineCount() == 0
        && TextFormats.normalized(sf, false).equals(TextFormats.normalized(kf, false));
    if (!sameFormat) {
      return Method.RESERIALIZE;
    }
    return sameCodec ? Method.BINARY : Method.TRANSCODE;
  }

  private static TextSettings legacySource(TextSettings f, JsonNode src, String sp, String at,
      Consumer<DeployProblem> sink) {
    JsonNode skip = AdfJson.member(src, "skipHeaderLineCount");
    JsonNode empty = AdfJson.member(src, "treatEmptyAsNull");
    if (skip == null && empty == null) {
      return f;
    }
    if (f == null) {
      sink.accept(DeployProblem.activityWarning(sp, at + ": source skipHeaderLineCount/treatEmptyAsNull are ignored:"
          + " the input has no TextFormat"));
      return null;
    }
    int lines = f.skipLineCount();
    if (skip != null) {
      sink.accept(DeployProblem.activityWarning(sp + "/" + AdfJson.key(src, "skipHeaderLineCount"), at
          + ": source skipHeaderLineCount is a legacy key; use the input format's skipLineCount"
          + (lines == 0 ? " (applied as skipLineCount " + skip.asInt() + ")" : " (the dataset's skipLineCount wins)")));
      if (lines == 0) {
        lines = Math.max(0, skip.asInt());
      }
    }
    boolean treat = f.treatEmptyAsNull();
    if (empty != null) {
      sink.accept(DeployProblem.activityWarning(sp + "/" + AdfJson.key(src, "treatEmptyAsNull"), at
          + ": source treatEmptyAsNull is a legacy key; use the input format's treatEmptyAsNull"));
      treat = empty.asBoolean(treat);
    }
    return new TextSettings(f.columnDelimiter(), f.rowDelimiter(), f.quoteChar(), f.escapeChar(), f.nullValue(),
        f.encodingName(), f.firstRowAsHeader(), lines, treat);
  }

  private static TextSettings legacySink(TextSettings f, JsonNode snk, String kp, String at,
      Consumer<DeployProblem> sink) {
    JsonNode header = AdfJson.member(snk, "blobWriterAddHeader");
    if (header == null || !header.asBoolean(false) || f == null) {
      return f;
    }
    sink.accept(DeployProblem.activityWarning(kp + "/" + AdfJson.key(snk, "blobWriterAddHeader"), at
        + ": sink blobWriterAddHeader is a legacy key; use the output format's firstRowAsHeader (applied)"));
    return new TextSettings(f.columnDelimiter(), f.rowDelimiter(), f.quoteChar(), f.escapeChar(), f.nullValue(),
        f.encodingName(), true, f.skipLineCount(), f.treatEmptyAsNull());
  }

  private static Behavior behavior(JsonNode snk, String kp, String at, Consumer<DeployProblem> sink) {
    String v = AdfJson.text(snk, "copyBehavior");
    if (v == null) {
      sink.accept(DeployProblem.activityWarning(kp, at + ": sink copyBehavior is not set, so files get generated"
          + " names Data.<guid>… as in ADF v1 (FlattenHierarchy); set PreserveHierarchy to keep the source's names"));
      return Behavior.FLATTEN_HIERARCHY;
    }
    for (Behavior b : Behavior.values()) {
      if (b.adfName().equalsIgnoreCase(v.trim())) {
        return b;
      }
    }
    sink.accept(DeployProblem.activityError(kp + "/" + AdfJson.key(snk, "copyBehavior"), at + ": copyBehavior '" + v
        + "' is not one of PreserveHierarchy, FlattenHierarchy, MergeFiles"));
    return Behavior.FLATTEN_HIERARCHY;
  }

  private static int parallelCopies(JsonNode tp, String at, Consumer<DeployProblem> sink) {
    JsonNode v = AdfJson.member(tp, "parallelCopies");
    if (v == null || v.isNull()) {
      return 0;
    }
    if (v.isIntegralNumber() && v.asInt() >= 1 && v.asInt() <= 32) {
      return v.asInt();
    }
    sink.accept(DeployProblem.activityError(TP + "/" + AdfJson.key(tp, "parallelCopies"), at + ": parallelCopies must"
        + " be a whole number from 1 to 32, got " + v));
    return 0;
  }

  private static boolean bool(JsonNode node, String key, boolean dflt, String pointer, String at,
      Consumer<DeployProblem> sink) {
    JsonNode v = AdfJson.member(node, key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    String t = v.asText().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return t.equals("true");
    }
    sink.accept(DeployProblem.activityError(pointer, at + ": " + key + " must be true or false, got " + v));
    return dflt;
  }
}
