package dev.adf.orchestrator.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.LinkedService;
import dev.adf.orchestrator.window.TimeWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external blob slice check looks at the slice's own folder and file (partitionedBy, $$). */
class BlobSliceCheckTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final TimeWindow HOUR_5 =
      new TimeWindow(Instant.parse("2015-11-16T05:00:00Z"), Instant.parse("2015-11-16T06:00:00Z"));
  static final String PARTS = """
      "partitionedBy": [
        {"name": "Date", "value": {"type": "DateTime", "date": "SliceStart", "format": "yyyyMMdd"}},
        {"name": "hour", "value": {"type": "DateTime", "date": "SliceStart", "format": "HH"}}]""";

  @TempDir Path root;

  boolean available(String typeProperties, TimeWindow slice) throws Exception {
    JsonNode tp = JSON.readTree(typeProperties);
    LinkedService storage = new LinkedService("Storage", "AzureStorage",
        JSON.readTree("{\"connectionString\": \"UseLocalStore=true\"}"), null);
    Dataset ds = new Dataset("In", "AzureBlob", "Storage", tp, null, true, null, null);
    return new BlobSliceCheck(root).isAvailable(new Factory(List.of(storage), List.of(ds), List.of()), ds, slice);
  }

  void put(String containerAndPath) throws Exception {
    Path p = root.resolve(containerAndPath);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x");
  }

  @Test
  void partitionedByTokensInFolderPathNameTheSlicesFolder() throws Exception {
    String tp = "{\"folderPath\": \"in/raw/{Date}/{Hour}\", " + PARTS + "}";
    put("in/raw/20151116/04/a.tsv");
    put("in/raw/{Date}/{Hour}/literal.tsv");
    assertThat(available(tp, HOUR_5)).isFalse();
    put("in/raw/20151116/05/nested/b.tsv");
    assertThat(available(tp, HOUR_5)).isTrue();
  }

  @Test
  void partitionedByTokensInFileNameNameTheSlicesFile() throws Exception {
    String tp = "{\"folderPath\": \"in/raw\", \"fileName\": \"{Date}-{Hour}.tsv\", " + PARTS + "}";
    put("in/raw/20151116-04.tsv");
    assertThat(available(tp, HOUR_5)).isFalse();
    put("in/raw/20151116-05.tsv");
    assertThat(available(tp, HOUR_5)).isTrue();
  }

  @Test
  void aDollarDollarFolderPathIsEvaluatedForTheSlice() throws Exception {
    String tp = "{\"folderPath\": \"$$Text.Format('in/raw/{0:yyyy/MM/dd/HH}', SliceStart)\"}";
    assertThat(available(tp, HOUR_5)).isFalse();
    put("in/raw/2015/11/16/05/a.tsv");
    assertThat(available(tp, HOUR_5)).isTrue();
  }
}
