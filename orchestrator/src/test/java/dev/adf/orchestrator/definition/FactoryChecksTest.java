package dev.adf.orchestrator.definition;

import static dev.adf.orchestrator.definition.TestFiles.OUTPUT;
import static dev.adf.orchestrator.definition.TestFiles.STORAGE;
import static dev.adf.orchestrator.definition.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.config.EnvironmentConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks of the set as a whole: one producer per dataset, no cycle of activities through datasets. */
class FactoryChecksTest {

  @TempDir Path dir;

  private static String activity(String name, String input, String output) {
    return """
        { "name": "%s", "type": "HDInsightMapReduce", %s "outputs": [ { "name": "%s" } ],
          "typeProperties": { "className": "c", "jarFilePath": "j/x.jar" } }
        """.formatted(name, input == null ? "" : "\"inputs\": [ " + input + " ],", output);
  }

  private void pipeline(String name, String... activities) {
    write(dir, "p/" + name + ".json", """
        { "name": "%s", "properties": { "activities": [ %s ],
            "start": "2015-11-16T00:00:00Z", "end": "2015-11-17T00:00:00Z" } }
        """.formatted(name, String.join(",", activities)));
  }

  private void datasets(String... names) {
    write(dir, "ls/S.json", STORAGE);
    for (String n : names) {
      write(dir, "ds/" + n + ".json", OUTPUT.replace("\"name\": \"output\"", "\"name\": \"" + n + "\""));
    }
  }

  private LoadResult load() {
    return new DefinitionLoader().load(List.of(dir), EnvironmentConfig.NONE);
  }

  @Test
  void aDatasetProducedByTwoActivitiesIsAnErrorAtTheSecond() {
    datasets("x", "y");
    pipeline("P", activity("A", null, "x"));
    pipeline("Q", activity("B", null, "y"), activity("C", null, "X"));
    assertThat(load().errors()).singleElement().satisfies(e -> {
      assertThat(e.file().getFileName()).hasToString("Q.json");
      assertThat(e.pointer()).isEqualTo("/properties/activities/1/outputs/0/name");
      assertThat(e.message()).contains("dataset 'X' is already the output of activity P/A");
    });
  }

  @Test
  void activitiesWaitingForEachOtherThroughDatasetsAreACycle() {
    datasets("x", "y", "z");
    pipeline("P", activity("A", "{\"name\": \"z\"}", "x"), activity("B", "{\"name\": \"x\"}", "y"));
    pipeline("Q", activity("C", "{\"name\": \"y\"}", "z"));
    assertThat(load().errors()).singleElement().satisfies(e ->
        assertThat(e.message()).contains("cycle").contains("P/A → P/B → Q/C → P/A"));
  }

  @Test
  void anInputShiftedToAnEarlierSliceBreaksTheCycle() {
    datasets("x");
    pipeline("P", activity("A",
        "{\"name\": \"x\", \"startTime\": \"Date.AddDays(SliceStart, -1)\", \"endTime\": \"Date.AddDays(SliceEnd, -1)\"}",
        "x"));
    LoadResult r = load();
    assertThat(r.errors()).isEmpty();
    assertThat(r.factory().pipeline("P").orElseThrow().activities().get(0).dependencies())
        .containsExactly(new InputDependency("x", "Date.AddDays(SliceStart, -1)", "Date.AddDays(SliceEnd, -1)", null));
    pipeline("P", activity("A", "{\"name\": \"x\"}", "x"));
    assertThat(load().errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("P/A → P/A"));
  }

  @Test
  void aShiftThatStillCoversTheWindowDoesNotBreakTheCycle() {
    datasets("x");
    pipeline("P", activity("A", "{\"name\": \"x\", \"startTime\": \"SliceStart\"}", "x"));
    assertThat(load().errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("P/A → P/A"));
    pipeline("P", activity("A", "{\"name\": \"x\", \"startTime\": \"Date.AddDays(SliceStart, 1)\","
        + " \"endTime\": \"Date.AddDays(SliceEnd, 1)\"}", "x"));
    assertThat(load().errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("cycle"));
  }

  @Test
  void anEmptyOrInvertedDependencyPeriodIsAnError() {
    datasets("x", "y");
    pipeline("P", activity("A", null, "x"), activity("B",
        "{\"name\": \"x\", \"startTime\": \"SliceEnd\", \"endTime\": \"SliceStart\"}", "y"));
    assertThat(load().errors()).singleElement().satisfies(e -> {
      assertThat(e.pointer()).isEqualTo("/properties/activities/1/inputs/0");
      assertThat(e.message()).contains("dependency period of input 'x' is empty");
    });
  }
}
