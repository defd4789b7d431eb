package dev.adf.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.DeployProblem;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.engine.filecopy.CopyPlan.Behavior;
import dev.adf.engine.filecopy.CopyPlan.Method;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Copy definition means, and what a deploy refuses, with the place and the way out. */
class CopySpecTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CSV = "{'type': 'TextFormat', 'columnDelimiter': ','}";

  final Map<String, LinkedServiceInfo> linked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  final List<DeployProblem> problems = new ArrayList<>();

  CopySpecTest() {
    linked.put("Storage", new LinkedServiceInfo("Storage", "AzureStorage", json("{'connectionString': 'UseLocalStore=true'}")));
  }

  @Test
  void blobToBlobWithTheSameFormatIsABinaryCopyAndRecursiveDefaultsToTrue() {
    CopySpec s = read("{'source': {'type': 'BlobSource'}, 'sink': {'type': 'BlobSink', 'copyBehavior': 'PreserveHierarchy'}}",
        blob("In", "c/in", CSV), blob("Out", "c/out", "{'type': 'TextFormat'}")).orElseThrow();
    assertThat(s.method).isEqualTo(Method.BINARY); // ',' is TextFormat's default columnDelimiter
    assertThat(s.recursive).isTrue();
    assertThat(s.behavior).isEqualTo(Behavior.PRESERVE_HIERARCHY);
    assertThat(problems).isEmpty();
  }

  @Test
  void onlyCompressionDiffersIsATranscodeAndDelimitersDifferIsAReserialize() {
    assertThat(read(copy("PreserveHierarchy"), blob("In", "c/in", CSV),
        blob("Out", "c/out", CSV, "{'type': 'GZip'}")).orElseThrow().method).isEqualTo(Method.TRANSCODE);
    assertThat(read(copy("PreserveHierarchy"), blob("In", "c/in", CSV),
        blob("Out", "c/out", "{'type': 'TextFormat', 'columnDelimiter': '\\t'}")).orElseThrow().method)
        .isEqualTo(Method.RESERIALIZE);
    assertThat(read(copy("PreserveHierarchy"), blob("In", "c/in", "{'type': 'TextFormat', 'skipLineCount': 2}"),
        blob("Out", "c/out", "{'type': 'TextFormat'}")).orElseThrow().method).isEqualTo(Method.RESERIALIZE);
  }

  @Test
  void anInputWithoutFormatIsCopiedAsBytesWithAWarningUnlessTheOutputWantsAHeader() {
    CopySpec s = read(copy("PreserveHierarchy"), blob("In", "c/in", null), blob("Out", "c/out", CSV)).orElseThrow();
    assertThat(s.method).isEqualTo(Method.BINARY);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.error()).isFalse();
      assertThat(p.message()).contains("copied as bytes");
    });
    problems.clear();
    assertThat(read(copy("PreserveHierarchy"), blob("In", "c/in", null),
        blob("Out", "c/out", "{'type': 'TextFormat', 'firstRowAsHeader': true}"))).isEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("no format to read rows from"));
  }

  @Test
  void jsonAvroOrcAndParquetAreRefusedNamingTheActivityTheDatasetAndWhatIsSupported() {
    for (String f : List.of("JsonFormat", "AvroFormat", "OrcFormat", "ParquetFormat")) {
      problems.clear();
      assertThat(read(copy("PreserveHierarchy"), blob("In", "c/in", "{'type': '" + f + "'}"), blob("Out", "c/out", CSV)))
          .isEmpty();
      assertThat(problems).singleElement().satisfies(p -> {
        assertThat(p.error()).isTrue();
        assertThat(p.dataset()).isEqualTo("In");
        assertThat(p.pointer()).isEqualTo("/properties/typeProperties/format/type");
        assertThat(p.message()).contains("Copy activity 'Copy1'", "input dataset 'In'", f, "TextFormat");
      });
    }
  }

  @Test
  void sqlAndTableStoresAreRefused() {
    DatasetInfo sql = new DatasetInfo("Sql", "AzureSqlTable", "Storage", json("{'tableName': 't'}"));
    assertThat(read("{'source': {'type': 'SqlSource'}, 'sink': {'type': 'BlobSink'}}", sql, blob("Out", "c/out", CSV)))
        .isEmpty();
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.error()).isTrue();
      assertThat(p.message()).contains("AzureSqlTable", "AzureBlob and FileShare");
    });
    problems.clear();
    assertThat(read("{'source': {'type': 'SqlSource'}, 'sink': {'type': 'BlobSink'}}", blob("In", "c/in", CSV),
        blob("Out", "c/out", CSV))).isEmpty();
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.pointer()).isEqualTo("/typeProperties/source/type");
      assertThat(p.message()).contains("SqlSource", "BlobSource");
    });
  }

  @Test
  void legacyAndIgnoredKeysAreAcceptedWithAWarningEach() {
    CopySpec s = read("{'source': {'type': 'BlobSource', 'blobColumnSeparators': ',', 'nullValues': 'N',"
            + " 'skipHeaderLineCount': 1, 'treatEmptyAsNull': false},"
            + " 'sink': {'type': 'BlobSink', 'writeBatchSize': 0, 'writeBatchTimeout': '00:00:00',"
            + " 'blobWriterAddHeader': true, 'copyBehavior': 'MergeFiles'},"
            + " 'cloudDataMovementUnits': 4, 'enableStaging': false, 'executionLocation': 'West US', 'parallelCopies': 8}",
        blob("In", "c/in", CSV), blob("Out", "c/out", CSV)).orElseThrow();
    assertThat(problems).noneMatch(DeployProblem::error).hasSize(10);
    assertThat(s.sourceFormat.skipLineCount()).isEqualTo(1);
    assertThat(s.sourceFormat.treatEmptyAsNull()).isFalse();
    assertThat(s.sinkFormat.firstRowAsHeader()).isTrue();
    assertThat(s.parallelCopies).isEqualTo(8);
    assertThat(s.method).isEqualTo(Method.RESERIALIZE);
  }

  @Test
  void onlyTheFirstInputIsCopiedTheOthersAreDependencies() {
    DatasetInfo other = blob("Other", "c/other", CSV);
    CopySpec s = CopySpec.read("Copy1", json(copy("PreserveHierarchy")), List.of(blob("In", "c/in", CSV), other),
        List.of(blob("Out", "c/out", CSV)), n -> Optional.ofNullable(linked.get(n)), List.of(), problems::add)
        .orElseThrow();
    assertThat(s.source.info.name()).isEqualTo("In");
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.error()).isFalse();
      assertThat(p.pointer()).isEqualTo("/inputs/1");
      assertThat(p.message()).contains("only the first, 'In', is copied");
    });
  }

  @Test
  void aMissingCopyBehaviorMeansGeneratedNamesAndSaysSo() {
    CopySpec s = read("{'source': {'type': 'BlobSource'}, 'sink': {'type': 'BlobSink'}}", blob("In", "c/in", CSV),
        blob("Out", "c/out", CSV)).orElseThrow();
    assertThat(s.behavior).isEqualTo(Behavior.FLATTEN_HIERARCHY);
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("Data.<guid>", "PreserveHierarchy"));
  }

  @Test
  void badValuesAreErrorsAtTheirPlace() {
    assertThat(read("{'source': {'type': 'BlobSource'}, 'sink': {'type': 'BlobSink', 'copyBehavior': 'Mirror'},"
        + " 'parallelCopies': 40}", blob("In", "c/in", CSV), blob("Out", "c/out", CSV, "{'type': 'Snappy'}"))).isEmpty();
    assertThat(problems).filteredOn(DeployProblem::error).extracting(DeployProblem::pointer).containsExactlyInAnyOrder(
        "/typeProperties/sink/copyBehavior", "/typeProperties/parallelCopies", "/properties/typeProperties/compression");
    problems.clear();
    assertThat(read(copy("PreserveHierarchy"), blob("In", "c/in",
        "{'type': 'TextFormat', 'quoteChar': '\\\"', 'escapeChar': '\\\\'}"), blob("Out", "c/out", CSV))).isEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("not both"));
  }

  @Test
  void aFileShareMustBeBelowAnAllowedRootAndItsFolderPathCannotLeaveIt(@TempDir Path tmp) throws Exception {
    Path share = java.nio.file.Files.createDirectories(tmp.resolve("shares/in")).toRealPath();
    linked.put("Files", new LinkedServiceInfo("Files", "OnPremisesFileServer", json("{'host': '" + share + "'}")));
    DatasetInfo fs = new DatasetInfo("Share", "FileShare", "Files", json("{'folderPath': 'daily\\\\{Day}',"
        + " 'fileFilter': '*.csv', 'partitionedBy': [{'name': 'Day', 'value': {'type': 'DateTime', 'date': 'SliceStart',"
        + " 'format': 'yyyyMMdd'}}]}"));
    String tp = "{'source': {'type': 'FileSystemSource'}, 'sink': {'type': 'BlobSink', 'copyBehavior': 'PreserveHierarchy'}}";
    assertThat(read(tp, List.of(), fs, blob("Out", "c/out", null))).isEmpty();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.dataset()).isEqualTo("Share");
      assertThat(p.message()).contains("outside the folders", "fileShare.allowedRoots", "none is allowed");
    });
    problems.clear();
    CopySpec s = read(tp, List.of(share.getParent()), fs, blob("Out", "c/out", null)).orElseThrow();
    assertThat(s.recursive).isFalse(); // FileSystemSource's default
    var slice = SliceVariables.of(Instant.parse("2016-07-12T00:00:00Z"), Instant.parse("2016-07-13T00:00:00Z"));
    var r = s.source.resolve(slice, false, linked.get("Files"), List.of(share.getParent()), null);
    assertThat(r.endpoint().container()).isEqualTo("in");
    assertThat(r.endpoint().folder()).isEqualTo("daily/20160712");
    assertThat(r.endpoint().fileFilter()).isEqualTo("*.csv");
    assertThat(r.connectionString()).isEqualTo("LocalStoreRoot=" + share.getParent());
    DatasetInfo escape = new DatasetInfo("Share", "FileShare", "Files", json("{'folderPath': '../../etc'}"));
    FileDataset bad = FileDataset.read(escape, "input", "Copy1", problems::add).orElseThrow();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> bad.resolve(slice, false, linked.get("Files"), List.of(share.getParent()), null))
        .hasMessageContaining("leaves the share");
  }

  // --- helpers

  private Optional<CopySpec> read(String tp, DatasetInfo in, DatasetInfo out) {
    return read(tp, List.of(), in, out);
  }

  private Optional<CopySpec> read(String tp, List<Path> roots, DatasetInfo in, DatasetInfo out) {
    return CopySpec.read("Copy1", json(tp), List.of(in), List.of(out), n -> Optional.ofNullable(linked.get(n)), roots,
        problems::add);
  }

  static String copy(String behavior) {
    return "{'source': {'type': 'BlobSource'}, 'sink': {'type': 'BlobSink', 'copyBehavior': '" + behavior + "'}}";
  }

  static DatasetInfo blob(String name, String folderPath, String format) {
    return blob(name, folderPath, format, null);
  }

  static DatasetInfo blob(String name, String folderPath, String format, String compression) {
    return new DatasetInfo(name, "AzureBlob", "Storage", json("{'folderPath': '" + folderPath + "'"
        + (format == null ? "" : ", 'format': " + format) + (compression == null ? "" : ", 'compression': " + compression)
        + "}"));
  }

  static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
