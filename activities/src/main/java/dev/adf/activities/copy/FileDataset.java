package dev.adf.activities.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.DeployProblem;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.PartitionedBy;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.engine.filecopy.CopyPlan;
import dev.adf.engine.filecopy.TextSettings;
import dev.adf.engine.filecopy.format.Codec;
import dev.adf.engine.filecopy.format.Level;
import dev.adf.engine.storage.BlobLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A file-store dataset of a Copy activity: {@code AzureBlob} on an {@code AzureStorage} linked
 * service, or {@code FileShare} on an {@code OnPremisesFileServer} linked service whose {@code host}
 * is a folder on the machine that runs the engine. Sources: ADF v1 "Azure Blob connector", "File
 * System connector", "Supported file and compression formats".
 *
 * <p>typeProperties, keys matched ignoring case: {@code folderPath} (blob: {@code container/folder};
 * file share: a folder below {@code host}, '\' or '/' separated), {@code fileName}, {@code
 * fileFilter} (FileShare, input only, not with fileName), {@code partitionedBy}, {@code format}
 * (TextFormat only; a dataset without format is copied as bytes), {@code compression} ({@code type}
 * GZip, Deflate, BZip2, ZipDeflate; {@code level} Optimal, Fastest).
 */
final class FileDataset {

  /** The two kinds of store the Copy activity runs between. */
  enum Kind { BLOB, FILE_SHARE }

  static final String BLOB_TYPE = "AzureBlob";
  static final String FILE_SHARE_TYPE = "FileShare";

  /** ADF formats this Copy cannot read or write. */
  private static final List<String> OTHER_FORMATS = List.of("JsonFormat", "AvroFormat", "OrcFormat", "ParquetFormat");

  private static final String TP = "/properties/typeProperties";

  final DatasetInfo info;
  final Kind kind;
  final String folderPath;
  final String fileName;
  final String fileFilter;
  final PartitionedBy partitionedBy;
  final TextSettings format;
  final String compression;
  final String level;

  private FileDataset(DatasetInfo info, Kind kind, String folderPath, String fileName, String fileFilter,
      PartitionedBy partitionedBy, TextSettings format, String compression, String level) {
    this.info = info;
    this.kind = kind;
    this.folderPath = folderPath;
    this.fileName = fileName;
    this.fileFilter = fileFilter;
    this.partitionedBy = partitionedBy;
    this.format = format;
    this.compression = compression;
    this.level = level;
  }

  /**
   * Reads a dataset, reporting to {@code problems} what the Copy activity cannot use.
   *
   * @param role {@code input} or {@code output}, for messages
   * @param activity the activity's name, for messages
   * @return the dataset, or empty when an error was reported
   */
  static Optional<FileDataset> read(DatasetInfo d, String role, String activity, Consumer<DeployProblem> problems) {
    String at = "Copy activity '" + activity + "': " + role + " dataset '" + d.name() + "'";
    Kind kind;
    if (BLOB_TYPE.equalsIgnoreCase(d.type())) {
      kind = Kind.BLOB;
    } else if (FILE_SHARE_TYPE.equalsIgnoreCase(d.type())) {
      kind = Kind.FILE_SHARE;
    } else {
      problems.accept(DeployProblem.datasetError(d.name(), "/properties/type", at + " is of type " + d.type()
          + "; Copy runs here between file stores only: AzureBlob and FileShare datasets"));
      return Optional.empty();
    }
    JsonNode tp = d.typeProperties();
    boolean ok = true;
    String folderPath = AdfJson.text(tp, "folderPath");
    String fileName = AdfJson.text(tp, "fileName");
    String fileFilter = AdfJson.text(tp, "fileFilter");
    if (kind == Kind.BLOB && (folderPath == null || folderPath.isBlank())) {
      problems.accept(DeployProblem.datasetError(d.name(), TP, at + " has no typeProperties.folderPath:"
          + " give it as container/folder"));
      ok = false;
    }
    if (fileFilter != null && kind == Kind.BLOB) {
      problems.accept(DeployProblem.datasetWarning(d.name(), TP + "/" + AdfJson.key(tp, "fileFilter"),
          at + ": fileFilter is a FileShare property; an AzureBlob dataset ignores it"));
      fileFilter = null;
    }
    if (fileFilter != null && fileName != null) {
      problems.accept(DeployProblem.datasetError(d.name(), TP + "/" + AdfJson.key(tp, "fileFilter"),
          at + " has both fileName and fileFilter; ADF allows one of them: remove one"));
      ok = false;
    }
    PartitionedBy partitions;
    try {
      partitions = PartitionedBy.parse(AdfJson.member(tp, "partitionedBy"));
    } catch (ExpressionException | IllegalArgumentException e) {
      return Optional.empty(); // validation reports malformed partitionedBy with its place
    }
    TextSettings format = null;
    JsonNode f = AdfJson.member(tp, "format");
    if (f != null && !f.isNull()) {
      String type = AdfJson.text(f, "type");
      String fp = TP + "/" + AdfJson.key(tp, "format");
      if (type == null || !type.equalsIgnoreCase("TextFormat")) {
        String kindOf = type == null ? "a format without type" : OTHER_FORMATS.stream()
            .filter(t -> t.equalsIgnoreCase(type)).findFirst().map(t -> t).orElse("format " + type);
        problems.accept(DeployProblem.datasetError(d.name(), fp + (type == null ? "" : "/" + AdfJson.key(f, "type")),
            at + " has " + kindOf + "; Copy reads and writes TextFormat, or files without a format (copied"
                + " as bytes): JsonFormat, AvroFormat, OrcFormat and ParquetFormat are not supported"));
        return Optional.empty();
      }
      try {
        format = TextFormats.read(f);
        format.toSpec();
      } catch (IllegalArgumentException e) {
        problems.accept(DeployProblem.datasetError(d.name(), fp, at + ": TextFormat " + e.getMessage()));
        ok = false;
      }
    }
    String compression = null;
    String level = null;
    JsonNode c = AdfJson.member(tp, "compression");
    if (c != null && !c.isNull()) {
      String cp = TP + "/" + AdfJson.key(tp, "compression");
      compression = AdfJson.text(c, "type");
      level = AdfJson.text(c, "level");
      try {
        if (Codec.parse(compression) == Codec.NONE) {
          throw new IllegalArgumentException("compression needs a type: GZip, Deflate, BZip2 or ZipDeflate");
        }
        Level.parse(level);
      } catch (IllegalArgumentException e) {
        problems.accept(DeployProblem.datasetError(d.name(), cp, at + ": " + e.getMessage()));
        ok = false;
      }
    }
    return ok ? Optional.of(new FileDataset(d, kind, folderPath, fileName, fileFilter, partitions, format,
        compression, level)) : Optional.empty();
  }

  /** The ADF type of the source that reads this dataset. */
  String sourceType() {
    return kind == Kind.BLOB ? "BlobSource" : "FileSystemSource";
  }

  /** The ADF type of the sink that writes this dataset. */
  String sinkType() {
    return kind == Kind.BLOB ? "BlobSink" : "FileSystemSink";
  }

  /**
   * Checks the dataset's linked service: AzureStorage with a connectionString for a blob, an
   * OnPremisesFileServer whose host is a folder below one of {@code roots} for a file share.
   *
   * @return the problem, or null when fine
   */
  String checkLinkedService(Optional<LinkedServiceInfo> ls, List<Path> roots) {
    String at = "dataset '" + info.name() + "'";
    if (ls.isEmpty()) {
      return null; // validation reports an unknown linked service
    }
    LinkedServiceInfo s = ls.get();
    if (kind == Kind.BLOB) {
      if (!"AzureStorage".equalsIgnoreCase(s.type())) {
        return at + " is an AzureBlob on linked service '" + s.name() + "' of type " + s.type()
            + "; Copy reads blobs through an AzureStorage linked service with a connectionString";
      }
      return blank(s.text("connectionString")) ? "linked service '" + s.name() + "' of " + at
          + " has no typeProperties.connectionString" : null;
    }
    if (!"OnPremisesFileServer".equalsIgnoreCase(s.type())) {
      return at + " is a FileShare on linked service '" + s.name() + "' of type " + s.type()
          + "; a FileShare dataset needs an OnPremisesFileServer linked service";
    }
    try {
      FileShareRoots.check(s, roots);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * This dataset as one side of a copy plan for one slice.
   *
   * @param recursive the source's recursive (ignored for a sink)
   * @param ls the dataset's linked service
   * @param effectiveFormat the format with the activity's legacy keys applied ({@link CopySpec})
   * @throws IllegalArgumentException when the resolved folderPath is empty, or leaves the file share
   * @throws ExpressionException when a partition token or expression cannot be evaluated
   */
  Resolved resolve(SliceVariables slice, boolean recursive, LinkedServiceInfo ls, List<Path> roots,
      TextSettings effectiveFormat) {
    String folder = folderPath == null ? "" : partitionedBy.resolve(folderPath, slice);
    String file = fileName == null ? null : partitionedBy.resolve(fileName, slice);
    String filter = fileFilter == null ? null : partitionedBy.resolve(fileFilter, slice);
    if (kind == Kind.BLOB) {
      BlobLocation loc = BlobLocation.parseFolderPath(folder);
      String label = "dataset '" + info.name() + "' (" + loc.container() + (loc.path().isEmpty() ? "" : "/" + loc.path())
          + (file == null ? "" : "/" + file) + ")";
      return new Resolved(new CopyPlan.Endpoint(label, loc.container(), loc.path(), file, null, recursive,
          compression, level, effectiveFormat), ls.text("connectionString"));
    }
    Path host = FileShareRoots.check(ls, roots);
    String rel = folder.replace('\\', '/');
    Path full = host.resolve(trimSlashes(rel)).normalize();
    if (!full.startsWith(host)) {
      throw new IllegalArgumentException("dataset '" + info.name() + "': folderPath '" + folder + "' leaves the share "
          + host + "; give a folder below it");
    }
    String inside = host.relativize(full).toString().replace('\\', '/');
    String label = "dataset '" + info.name() + "' (" + full + (file == null ? "" : "/" + file) + ")";
    return new Resolved(new CopyPlan.Endpoint(label, host.getFileName().toString(), inside, file, filter, recursive,
        compression, level, effectiveFormat), "LocalStoreRoot=" + host.getParent());
  }

  /**
   * One side resolved for a slice.
   *
   * @param endpoint the plan's side
   * @param connectionString the store's connection string (a secret)
   */
  record Resolved(CopyPlan.Endpoint endpoint, String connectionString) {}

  private static String trimSlashes(String p) {
    String s = p.trim();
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
