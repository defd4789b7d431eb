package dev.adf.orchestrator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TypeCatalogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TP = "/properties/typeProperties";
  private final TypeCatalog catalog = TypeCatalog.adfV1();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Recorded check(Category c, String type, String typeProperties) {
    Recorded r = new Recorded();
    catalog.check(c, type, typeProperties == null ? null : json(typeProperties), TP, r);
    return r;
  }

  @Nested
  class Coverage {
    @Test
    void knowsEveryTypeOfTheArmSchemaAndTheDocumentedAdditions() {
      assertThat(catalog.names(Category.LINKED_SERVICE))
          .contains("AzureStorage", "AzureStorageSas", "HDInsight", "HDInsightOnDemand", "AzureSqlDatabase", "AzureSqlDW",
              "OnPremisesSqlServer", "AzureBatch", "AzureML", "AzureDataLakeStore", "AzureDataLakeAnalytics",
              "OnPremisesFileServer", "DocumentDb", "OnPremisesOracle", "OnPremisesMySql", "OnPremisesPostgreSql",
              "OnPremisesTeradata", "OnPremisesDb2", "OnPremisesSybase", "OnPremisesCassandra", "OnPremisesOdbc", "Hdfs",
              "Web", "OData", "Salesforce", "CustomDataSource");
      assertThat(catalog.names(Category.DATASET))
          .contains("AzureBlob", "AzureSqlTable", "AzureSqlDWTable", "AzureTable", "SqlServerTable", "FileShare",
              "AzureDataLakeStore", "DocumentDbCollection", "OracleTable", "RelationalTable", "CassandraTable", "WebTable",
              "ODataResource", "CustomDataset");
      assertThat(catalog.names(Category.ACTIVITY))
          .containsExactlyInAnyOrder("Copy", "HDInsightMapReduce", "HDInsightSpark", "HDInsightHive", "HDInsightPig",
              "HDInsightStreaming", "DotNetActivity", "SqlServerStoredProcedure", "AzureMLBatchExecution",
              "AzureMLBatchScoring", "AzureMLUpdateResource", "DataLakeAnalyticsU-SQL");
      assertThat(catalog.names(Category.COPY_SOURCE))
          .contains("BlobSource", "SqlSource", "AzureTableSource", "AzureDataLakeStoreSource", "FileSystemSource", "RelationalSource");
      assertThat(catalog.names(Category.COPY_SINK))
          .contains("BlobSink", "SqlSink", "SqlDWSink", "AzureTableSink", "AzureDataLakeStoreSink", "FileSystemSink");
      assertThat(catalog.names(Category.DATASET_FORMAT))
          .containsExactlyInAnyOrder("TextFormat", "JsonFormat", "AvroFormat", "OrcFormat", "ParquetFormat");
      assertThat(catalog.names(Category.COMPRESSION)).containsExactlyInAnyOrder("GZip", "Deflate", "BZip2", "ZipDeflate");
    }

    @Test
    void findIgnoresCaseAndEveryTypeCitesItsSource() {
      assertThat(catalog.find(Category.ACTIVITY, "hdinsightspark")).get().extracting(TypeSpec::name).isEqualTo("HDInsightSpark");
      assertThat(catalog.find(Category.DATASET, "nope")).isEmpty();
      for (Category c : Category.values()) {
        for (String name : catalog.names(c)) {
          assertThat(catalog.find(c, name).orElseThrow().source()).as("%s %s", c, name).isNotBlank();
        }
      }
    }
  }

  @Nested
  class Rules {
    @Test
    void aValidEntityHasNoProblems() {
      assertThat(check(Category.LINKED_SERVICE, "AzureStorage", "{'connectionString': 'UseDevelopmentStorage=true'}").all).isEmpty();
    }

    @Test
    void unknownTypeIsAnErrorListingKnownTypesAndTheClosest() {
      Recorded r = check(Category.DATASET, "AzureBlobb", "{}");
      assertThat(r.errors()).singleElement().satisfies(p -> {
        assertThat(p.pointer()).isEqualTo(TP);
        assertThat(p.message()).contains("unknown dataset type 'AzureBlobb'", "Did you mean 'AzureBlob'?", "AzureSqlTable, ");
      });
    }

    @Test
    void previewTypeNamesPointToTheGaName() {
      assertThat(check(Category.LINKED_SERVICE, "AzureStorageLinkedService", "{}").errors())
          .singleElement().extracting(Recorded.Problem::message).asString()
          .contains("2014 preview name", "'AzureStorage'");
    }

    @Test
    void missingRequiredKeyIsAnErrorWithAnExample() {
      Recorded r = check(Category.ACTIVITY, "HDInsightMapReduce", "{'className': 'com.example.Main'}");
      assertThat(r.errors()).singleElement().satisfies(p -> {
        assertThat(p.pointer()).isEqualTo(TP);
        assertThat(p.message()).contains("missing required key 'jarFilePath'", "\"jarFilePath\": \"jars/myjob.jar\"");
      });
    }

    @Test
    void missingTypePropertiesIsAnErrorWhenTheTypeHasRequiredKeys() {
      assertThat(check(Category.ACTIVITY, "HDInsightSpark", null).errors())
          .singleElement().extracting(Recorded.Problem::message).asString().contains("'rootPath'", "'entryFilePath'");
      assertThat(check(Category.DATASET, "CustomDataset", null).all).isEmpty();
    }

    @Test
    void oneOfGroupNeedsAtLeastOneMember() {
      assertThat(check(Category.ACTIVITY, "HDInsightHive", "{'defines': {'a': 'b'}}").errors())
          .singleElement().extracting(Recorded.Problem::message).asString()
          .contains("missing one of 'script' or 'scriptPath'");
      assertThat(check(Category.ACTIVITY, "HDInsightPig", "{'script': 'A = LOAD x;'}").all).isEmpty();
      assertThat(check(Category.ACTIVITY, "DataLakeAnalyticsU-SQL", "{'scriptPath': 's.usql', 'scriptLinkedService': 'ls'}").all).isEmpty();
    }

    @Test
    void unknownKeyIsOnlyAWarningWithASuggestion() {
      Recorded r = check(Category.DATASET, "AzureBlob", "{'folderPath': 'c/f', 'fileNam': 'x.csv'}");
      assertThat(r.errors()).isEmpty();
      assertThat(r.warnings()).singleElement().satisfies(p -> {
        assertThat(p.pointer()).isEqualTo(TP + "/fileNam");
        assertThat(p.message()).contains("unknown key 'fileNam'", "Did you mean 'fileName'?");
      });
    }

    @Test
    void wrongKindIsAnErrorShowingTheValueAndTheExpectedForm() {
      Recorded r = check(Category.LINKED_SERVICE, "HDInsightOnDemand",
          "{'clusterSize': 'four', 'timeToLive': '5 minutes', 'linkedServiceName': 'ls', 'coreConfiguration': ['x']}");
      assertThat(r.errors()).extracting(Recorded.Problem::pointer)
          .containsExactly(TP + "/clusterSize", TP + "/timeToLive", TP + "/coreConfiguration");
      assertThat(r.errors().get(0).message()).contains("'four'", "an integer, e.g. 10000");
      assertThat(r.errors().get(1).message()).contains("'5 minutes'", "[d.]hh:mm:ss");
    }

    @Test
    void enumValuesIgnoreCaseAndWrongOnesSuggest() {
      assertThat(check(Category.ACTIVITY, "HDInsightHive", "{'scriptPath': 'x', 'getDebugInfo': 'failure'}").all).isEmpty();
      assertThat(check(Category.ACTIVITY, "HDInsightHive", "{'scriptPath': 'x', 'getDebugInfo': 'Allways'}").errors())
          .singleElement().extracting(Recorded.Problem::message).asString()
          .contains("one of None, Always, Failure", "Did you mean 'Always'?");
    }

    @Test
    void adfExpressionsAreAcceptedWhereAScalarIsExpected() throws IOException {
      String copy =
          """
          {"source": {"type": "SqlSource", "sqlReaderQuery": "$$Text.Format('select {0:yyyy}', WindowStart)"},
           "sink": {"type": "SqlSink", "writeBatchSize": "$$Text.Format('{0}', 1)", "writeBatchTimeout": "$$x"}}
          """;
      Recorded r = new Recorded();
      catalog.check(Category.ACTIVITY, "Copy", JSON.readTree(copy), TP, r);
      assertThat(r.all).isEmpty();
    }

    @Test
    void numericAndBooleanTextIsAcceptedAsDotNetDid() {
      assertThat(check(Category.ACTIVITY, "Copy",
          "{'source': {'type': 'BlobSource', 'recursive': 'true'}, 'sink': {'type': 'SqlSink', 'writeBatchSize': '10000', 'writeBatchTimeout': '60.00:00:00'}}").all)
          .isEmpty();
      assertThat(check(Category.ACTIVITY, "Copy",
          "{'source': {'type': 'BlobSource'}, 'sink': {'type': 'SqlSink', 'writeBatchSize': 1.5}}").errors()).hasSize(1);
    }

    @Test
    void jsonNullCountsAsAbsent() {
      assertThat(check(Category.LINKED_SERVICE, "AzureStorage", "{'connectionString': null}").errors())
          .singleElement().extracting(Recorded.Problem::message).asString().contains("missing required key 'connectionString'");
      assertThat(check(Category.DATASET, "AzureBlob", "{'folderPath': 'c', 'format': null}").all).isEmpty();
    }

    @Test
    void keysMatchIgnoringCaseAndPointersKeepTheFileSpelling() {
      assertThat(check(Category.DATASET, "AzureBlob", "{'FolderPath': 'c/f', 'FORMAT': {'Type': 'textformat', 'ColumnDelimiter': ','}}").all).isEmpty();
      Recorded r = check(Category.DATASET, "AzureBlob", "{'FolderPath': 'c/f', 'Compression': {'Type': 'GZip', 'Level': 'Best'}}");
      assertThat(r.errors()).singleElement().extracting(Recorded.Problem::pointer).isEqualTo(TP + "/Compression/Level");
    }

    @Test
    void secretsNeverAppearInMessages() {
      Recorded r = check(Category.LINKED_SERVICE, "AzureML",
          "{'mlEndpoint': 'https://x', 'apiKey': {'value': 'TOPSECRET'}, 'servicePrincipalKey': ['TOPSECRET2']}");
      assertThat(r.errors()).hasSize(2);
      assertThat(r.all).allSatisfy(p -> assertThat(p.message()).doesNotContain("TOPSECRET").contains("***"));
      Recorded s = check(Category.LINKED_SERVICE, "AzureStorage",
          "{'connectionString': ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRETKEY']}");
      assertThat(s.errors()).singleElement().extracting(Recorded.Problem::message).asString().doesNotContain("SECRETKEY");
    }
  }

  @Nested
  class NestedShapes {
    @Test
    void copySourceAndSinkAreCheckedByTheirOwnType() {
      Recorded r = check(Category.ACTIVITY, "Copy",
          "{'source': {'type': 'BlobSorce'}, 'sink': {'type': 'BlobSink', 'copyBehavior': 'Flatten'}}");
      assertThat(r.errors()).extracting(Recorded.Problem::pointer).containsExactly(TP + "/source/type", TP + "/sink/copyBehavior");
      assertThat(r.errors().get(0).message()).contains("unknown copy source type 'BlobSorce'", "Did you mean 'BlobSource'?");
      assertThat(r.errors().get(1).message()).contains("PreserveHierarchy, FlattenHierarchy, MergeFiles");
    }

    @Test
    void copyNeedsSourceAndSinkWithAType() {
      Recorded r = check(Category.ACTIVITY, "Copy", "{'source': {'sqlReaderQuery': 'select 1'}}");
      assertThat(r.errors()).extracting(Recorded.Problem::pointer).containsExactly(TP + "/source", TP);
      assertThat(r.errors().get(0).message()).contains("needs a text \"type\"");
      assertThat(r.errors().get(1).message()).contains("missing required key 'sink'", "\"sink\": {\"type\":\"BlobSink\"}");
    }

    @Test
    void stagingSettingsAndStoredProcedureParametersHaveTheirShapes() {
      Recorded r = check(Category.ACTIVITY, "Copy",
          "{'source': {'type': 'BlobSource'}, 'enableStaging': true, 'stagingSettings': {'path': 'p'},"
              + " 'sink': {'type': 'SqlSink', 'storedProcedureParameters': {'p1': {'value': '1', 'type': 'Int'}, 'p2': {'type': 'String'}}}}");
      assertThat(r.errors()).extracting(Recorded.Problem::pointer)
          .containsExactly(TP + "/stagingSettings", TP + "/sink/storedProcedureParameters/p2");
    }

    @Test
    void datasetFormatAndCompressionAreCheckedByType() {
      assertThat(check(Category.DATASET, "AzureDataLakeStore",
          "{'folderPath': 'f', 'format': {'type': 'TextFormat', 'firstRowAsHeader': true, 'skipLineCount': '1'},"
              + " 'compression': {'type': 'ZipDeflate', 'level': 'Fastest'}}").all).isEmpty();
      Recorded r = check(Category.DATASET, "FileShare", "{'format': {'type': 'CsvFormat'}, 'compression': {'type': 'Zip'}}");
      assertThat(r.errors()).extracting(Recorded.Problem::pointer).containsExactly(TP + "/format/type", TP + "/compression/type");
      assertThat(r.errors().get(0).message()).contains("TextFormat, ", "ParquetFormat");
    }

    @Test
    void partitionedByEntriesNeedNameAndADateTimeValue() {
      assertThat(check(Category.DATASET, "AzureBlob",
          "{'folderPath': 'c/{Year}', 'partitionedBy': [{'name': 'Year', 'value': {'type': 'DateTime', 'date': 'SliceStart', 'format': 'yyyy'}}]}").all)
          .isEmpty();
      Recorded r = check(Category.DATASET, "AzureBlob",
          "{'folderPath': 'c', 'partitionedBy': [{'value': {'type': 'DateTime', 'date': 'SliceStart'}}, {'name': 'M', 'value': {'type': 'Date', 'date': 'SliceStart'}},"
              + " {'name': 'D', 'value': {'type': 'DateTime', 'format': 'dd'}}, 'x']}");
      assertThat(r.errors()).extracting(Recorded.Problem::pointer)
          .containsExactly(TP + "/partitionedBy/0", TP + "/partitionedBy/1/value/type", TP + "/partitionedBy/2/value", TP + "/partitionedBy/3");
      assertThat(r.errors().get(0).message()).contains("missing required key 'name'");
      assertThat(r.errors().get(1).message()).contains("Did you mean 'DateTime'?");
    }
  }

  @Nested
  class Entities {
    @Test
    void checkEntityFindsTypeAndTypePropertiesIgnoringCase() {
      Recorded r = new Recorded();
      catalog.checkEntity(Category.DATASET, json("{'Type': 'AzureSqlTable', 'TypeProperties': {'TableName': 5, 'x': 1}}"), "/properties", r);
      assertThat(r.all).extracting(Recorded.Problem::pointer).containsExactly("/properties/TypeProperties/x");
    }

    @Test
    void checkEntityReportsAMissingOrUnknownTypeAtTheTypeKey() {
      Recorded r = new Recorded();
      catalog.checkEntity(Category.ACTIVITY, json("{'name': 'a', 'type': 'HDInsightSparkk'}"), "/properties/activities/0", r);
      catalog.checkEntity(Category.ACTIVITY, json("{'name': 'b'}"), "/properties/activities/1", r);
      assertThat(r.errors()).extracting(Recorded.Problem::pointer)
          .containsExactly("/properties/activities/0/type", "/properties/activities/1");
      assertThat(r.errors().get(0).message()).contains("Did you mean 'HDInsightSpark'?");
    }
  }
}
