package dev.adf.activities.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.adf.activities.AdfJson;
import dev.adf.activities.DatasetInfo;
import dev.adf.activities.DeployProblem;
import dev.adf.activities.LinkedServiceInfo;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.engine.filecopy.CopyPlan.Behavior;
import dev.adf.engine.filecopy.CopyPlan.Method;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-to-file Copy activities of the real ADF v1 corpus ({@code shared/corpus/adfv1}), read from
 * their files as written, and what they mean here for one slice (golden cases of
 * reference/copy-activity.md §4: (a) CSV → TSV over {@code %M}/{@code %d}/{@code %HH} partitions, (b)
 * a folder into one named file, (d) a FileShare without format into a TextFormat blob).
 */
class CorpusCopyTest {
  static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();
  static final Path ADF = corpus().resolve("Azure__Azure-DataFactory");

  final List<DeployProblem> problems = new ArrayList<>();

  @Test
  void a_blobCopySampleReserializesCsvToTsvOnDotNetPartitionsIncludingTheHourPrintedTwice() throws IOException {
    Path dir = ADF.resolve("Samples/JSON/Blob_Copy_All_Cloud_Dest_Sample");
    JsonNode activity = activity(dir.resolve("Pipelines/AzureBlobToAllDestSamplePipeline.json"), "AzureBlobtoBlob");
    DatasetInfo in = dataset(dir.resolve("Tables/AzureBlobSource.json"));
    DatasetInfo out = dataset(dir.resolve("Tables/AzureBlobDest.json"));
    CopySpec s = spec(activity, in, out, List.of()).orElseThrow();
    assertThat(s.method).isEqualTo(Method.RESERIALIZE);
    assertThat(s.behavior).isEqualTo(Behavior.FLATTEN_HIERARCHY); // no copyBehavior: generated names
    assertThat(problems).noneMatch(DeployProblem::error)
        .anySatisfy(p -> assertThat(p.message()).contains("blobColumnSeparators", "ignored"));
    var slice = SliceVariables.of(Instant.parse("2015-06-05T05:00:00Z"), Instant.parse("2015-06-05T06:00:00Z"));
    var source = s.source.resolve(slice, true, storage(), List.of(), s.sourceFormat).endpoint();
    var sink = s.sink.resolve(slice, false, storage(), List.of(), s.sinkFormat).endpoint();
    // .NET: %M → 6, %d → 5, %HH → %H then H: the unpadded hour twice
    assertThat(source.container()).isEqualTo("MyContainer");
    assertThat(source.folder()).isEqualTo("MyFolder/yearno=2015/monthno=6/dayno=5");
    assertThat(source.fileName()).isEqualTo("55.csv"); // the key is spelled "filename" in the corpus
    assertThat(sink.folder()).isEqualTo("MyFolder/yearno=2015/monthno=6/dayno=5/hourno=55");
    assertThat(source.format().columnDelimiter()).isEqualTo(",");
    assertThat(sink.format().columnDelimiter()).isEqualTo("\t");
    assertThat(sink.format().rowDelimiter()).isEqualTo("\n");
  }

  @Test
  void b_twitterSampleCopiesAFolderIntoOneNamedFileAsBytes() throws IOException {
    Path dir = ADF.resolve("Samples/TwitterAnalysisSample");
    JsonNode pipeline = read(dir.resolve("Pipelines/AnalyzeContosoTwitterFeed.json"));
    JsonNode activity = null;
    for (JsonNode a : AdfJson.member(pipeline.get("properties"), "activities")) {
      if ("CopyTweets".equals(a.get("name").asText())) {
        activity = a;
      }
    }
    // a preview-era file: "transformation" holds what GA calls typeProperties, "location" the dataset's
    DatasetInfo in = dataset(dir.resolve("Tables/ContosoTwitterAggregation.json"));
    DatasetInfo out = dataset(dir.resolve("Tables/ContosoTweetsBlob.json"));
    CopySpec s = CopySpec.read("CopyTweets", activity.get("transformation"), List.of(in), List.of(out),
        n -> Optional.of(storage()), List.of(), problems::add).orElseThrow();
    assertThat(s.method).isEqualTo(Method.BINARY);
    var slice = SliceVariables.of(Instant.parse("2015-06-05T05:00:00Z"), Instant.parse("2015-06-05T05:15:00Z"));
    var source = s.source.resolve(slice, true, storage(), List.of(), s.sourceFormat).endpoint();
    var sink = s.sink.resolve(slice, false, storage(), List.of(), s.sinkFormat).endpoint();
    assertThat(source.container() + "/" + source.folder()).isEqualTo("twitteranalysis/twitter/aggregate");
    assertThat(source.fileName()).isNull();
    assertThat(sink.folder()).isEqualTo("twitter/aggregate/TweetsBlob");
    assertThat(sink.fileName()).isEqualTo("Tweets.csv");
  }

  @Test
  void d_fileShareWithoutFormatIntoATextFormatBlobIsABinaryCopyWithAWarning(@TempDir Path tmp) throws IOException {
    Path dir = ADF.resolve("V1-V2Migration/sampledatasets/V1");
    JsonNode activity = activity(dir.resolve("Pipeline/adf_First_Pipeline.json"), "FileSystemtoBlob");
    DatasetInfo in = dataset(dir.resolve("Dataset/adf_FileSystemInput.json"));
    DatasetInfo out = dataset(dir.resolve("Dataset/adf_AzureBlobOutput.json"));
    // The corpus's host is a UNC name (\\test.company.com), which is not a folder here: the deploy says so.
    LinkedServiceInfo unc = fileServer(read(dir.resolve("LinkedService/LS-FileServer.json")));
    assertThat(spec(activity, in, out, List.of(tmp), unc)).isEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("\\\\test.company.com", "absolute path"));
    problems.clear();
    // Pointed at a folder (as an environment config would), it is a binary copy.
    Path share = Files.createDirectories(tmp.resolve("fileserver")).toRealPath();
    LinkedServiceInfo local = new LinkedServiceInfo("LS-FileServer", "OnPremisesFileServer",
        JSON.readTree("{\"host\": \"" + share + "\"}"));
    CopySpec s = spec(activity, in, out, List.of(share), local).orElseThrow();
    assertThat(s.method).isEqualTo(Method.BINARY);
    assertThat(s.recursive).isFalse();
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("copied as bytes"));
    var slice = SliceVariables.of(Instant.parse("2019-10-29T06:00:00Z"), Instant.parse("2019-10-30T06:00:00Z"));
    var source = s.source.resolve(slice, false, local, List.of(share), s.sourceFormat).endpoint();
    assertThat(source.container()).isEqualTo("fileserver");
    assertThat(source.folder()).isEqualTo("FTFData/conduent");
  }

  // --- helpers

  private Optional<CopySpec> spec(JsonNode activity, DatasetInfo in, DatasetInfo out, List<Path> roots) {
    return spec(activity, in, out, roots, null);
  }

  private Optional<CopySpec> spec(JsonNode activity, DatasetInfo in, DatasetInfo out, List<Path> roots,
      LinkedServiceInfo fileServer) {
    return CopySpec.read(activity.get("name").asText(), activity.get("typeProperties"), List.of(in), List.of(out),
        n -> Optional.of(n.toLowerCase().contains("file") && fileServer != null ? fileServer : storage()), roots,
        problems::add);
  }

  private static LinkedServiceInfo storage() {
    return new LinkedServiceInfo("StorageLinkedService", "AzureStorage",
        JSON.createObjectNode().put("connectionString", "UseLocalStore=true"));
  }

  private static LinkedServiceInfo fileServer(JsonNode file) {
    JsonNode p = file.get("properties");
    return new LinkedServiceInfo(AdfJson.text(file, "name"), p.get("type").asText(), p.get("typeProperties"));
  }

  private static JsonNode activity(Path pipeline, String name) throws IOException {
    for (JsonNode a : read(pipeline).get("properties").get("activities")) {
      if (name.equals(a.get("name").asText())) {
        return a;
      }
    }
    throw new AssertionError(name + " is not in " + pipeline);
  }

  /** A GA dataset (typeProperties) or a preview one (location), as activities see it. */
  private static DatasetInfo dataset(Path file) throws IOException {
    JsonNode root = read(file);
    JsonNode p = root.get("properties");
    JsonNode tp = p.has("typeProperties") ? p.get("typeProperties") : p.get("location");
    String type = p.has("type") ? p.get("type").asText() : "AzureBlob"; // AzureBlobLocation → AzureBlob
    String ls = p.has("linkedServiceName") ? p.get("linkedServiceName").asText() : tp.get("linkedServiceName").asText();
    return new DatasetInfo(root.get("name").asText(), type, ls, tp);
  }

  private static JsonNode read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  private static Path corpus() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus/adfv1");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("shared/corpus/adfv1 is not above " + Path.of("").toAbsolutePath()
        + ": the corpus is test input; check out ../shared beside the repository");
  }
}
