package dev.adf.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code adf validate} (the set as a whole) over every complete sample folder of the corpus — a folder
 * holding pipelines together with their datasets and linked services — resolves every reference: no
 * "does not exist" error. Entities whose own files fail (placeholders, …) are not reported again as
 * missing, so what remains would be a real unresolved name.
 */
public class CorpusSampleFoldersTest {

  /** Found by listing, for each GA pipeline, the nearest folder that also holds datasets and linked services. */
  public static final List<String> SAMPLE_FOLDERS = List.of(
      "Azure__Azure-DataFactory/Samples/JSON/AzureSql_Copy_All_Cloud_Dest_Sample",
      "Azure__Azure-DataFactory/Samples/JSON/AzureSql_Copy_OnPremSqlServer_dest_sample",
      "Azure__Azure-DataFactory/Samples/JSON/AzureTable_Copy_All_Cloud_Dest_Sample",
      "Azure__Azure-DataFactory/Samples/JSON/Blob_Copy_All_Cloud_Dest_Sample",
      "Azure__Azure-DataFactory/Samples/JSON/OnPremSqlServer_Copy_AzureSql_dest_sample",
      "Azure__Azure-DataFactory/Samples/JSON/OnpremSqlServer_Copy_Blob_dest_sample",
      "Azure__Azure-DataFactory/Samples/Spark/Spark-ADF/src/ADFjsons",
      "Azure__Azure-DataFactory/SamplesV1/ADFWalkthrough",
      "Azure__Azure-DataFactory/SamplesV1/HttpDataDownloaderSample",
      "Azure__Azure-DataFactory/SamplesV1/JSON/MapReduce_Activity_Sample",
      "Azure__Azure-DataFactory/SamplesV1/ReferenceDataRefreshForASAJobs/Data Factory JSONs",
      "Azure__Azure-DataFactory/SamplesV1/TwitterAnalysisSample-AzureMLBatchScoringActivity",
      "Azure__Azure-DataFactory/SamplesV1/TwitterAnalysisSample-CustomC#Activity",
      "Azure__cortana-intelligence-churn-prediction-solution/Technical Deployment Guide/resource/AzureDataFactory",
      "Azure__cortana-intelligence-energy-demand-forecasting/Manual Deployment Guide/Azure Data Factory",
      "Azure__cortana-intelligence-personalized-offers-retail/Technical Deployment Guide/ADF",
      "Azure__cortana-intelligence-population-health-management/Spark/Manual Deployment Guide/Data Factory",
      "Azure__cortana-intelligence-price-analytics/Technical Deployment Guide/adf",
      "Azure__cortana-intelligence-price-optimization/Manual Deployment Guide/Scripts/Azure Data Factory - ADLS");

  /**
   * Folders that look like samples but are not complete, or have a broken reference in the original:
   * validation must name exactly these missing entities.
   */
  static final Map<String, Set<String>> INCOMPLETE = Map.of(
      // the pipeline's input is named AzureBlobInput, the dataset file AzureBlobSource (a bug in the sample)
      "Azure__Azure-DataFactory/Samples/JSON/Blob_Copy_OnpremSqlServer_Dest_Sample", Set.of("AzureBlobInput"),
      // the storage linked service is only in ../../ADFjsons
      "Azure__Azure-DataFactory/Samples/Spark/Spark-ADF/src/main/resources", Set.of("StorageLinkedService"),
      // uses a dataset of the enclosing walkthrough (complete as a whole, see SAMPLE_FOLDERS)
      "Azure__Azure-DataFactory/SamplesV1/ADFWalkthrough/OnPremises",
      Set.of("MarketingCampaignEffectivenessBlobTable"),
      // a dataset names LS-FileServer, the linked service is LS_FileServer (a bug in the sample)
      "Azure__Azure-DataFactory/V1-V2Migration/sampledatasets/V1", Set.of("LS-FileServer"),
      // uses the linked services of the sibling AzureDataFactory folder
      "Azure__cortana-intelligence-churn-prediction-solution/Technical Deployment Guide/resource/AzureDataFactoryRetrain",
      Set.of("AzureSqlDWLinkedService", "AzureStorageLinkedService"),
      // the tutorial's storage linked service and SQL DW dataset are created in its other parts
      "BlueGranite__Cortana-Intelligence-Gallery-Content/Tutorials/Data-Lake",
      Set.of("AzureStorageLinkedService", "AzureSqlDWAggregated"));

  @Test
  void incompleteFoldersNameExactlyTheEntitiesTheyLack() {
    Path corpus = TestFiles.corpus();
    SoftAssertions soft = new SoftAssertions();
    INCOMPLETE.forEach((folder, missing) -> {
      LoadResult r = new DefinitionLoader().load(List.of(corpus.resolve(folder)), EnvironmentConfig.NONE);
      Set<String> named = r.errors().stream().filter(p -> p.message().contains("does not exist"))
          .map(p -> p.message().replaceFirst("^[a-z ]+ '([^']+)' does not exist.*$", "$1"))
          .collect(Collectors.toSet());
      soft.assertThat(named).as(folder).isEqualTo(missing);
    });
    soft.assertAll();
  }

  @Test
  void everyCompleteSampleFolderResolvesAllReferences() {
    Path corpus = TestFiles.corpus();
    SoftAssertions soft = new SoftAssertions();
    for (String folder : SAMPLE_FOLDERS) {
      LoadResult r = new DefinitionLoader().load(List.of(corpus.resolve(folder)), EnvironmentConfig.NONE);
      assertThat(r.files()).as(folder).isNotEmpty();
      List<Problem> unresolved = r.errors().stream().filter(p -> p.message().contains("does not exist")).toList();
      soft.assertThat(unresolved).as(folder + unresolved.stream().map(Problem::render)
          .collect(Collectors.joining("\n  ", "\n  ", ""))).isEmpty();
    }
    soft.assertAll();
  }
}
