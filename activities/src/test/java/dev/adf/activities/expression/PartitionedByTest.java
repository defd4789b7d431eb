package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionedByTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SliceVariables HOUR =
      SliceVariables.of(Instant.parse("2016-07-05T14:00:00Z"), Instant.parse("2016-07-05T15:00:00Z"));

  private static PartitionedBy parse(String json) throws Exception {
    return PartitionedBy.parse(JSON.readTree(json));
  }

  private static ExpressionException parseError(String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    return catchThrowableOfType(() -> PartitionedBy.parse(node), ExpressionException.class);
  }

  @Test
  void docsExampleReplacesTokensInFolderPathAndFileName() throws Exception {
    // "Functions and System Variables", "Example for using a system variable"
    PartitionedBy p =
        parse(
            "[{ \"name\": \"Year\", \"value\": { \"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"yyyy\" } },"
                + " { \"name\": \"Month\", \"value\": { \"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"MM\" } },"
                + " { \"name\": \"Day\", \"value\": { \"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"dd\" } },"
                + " { \"name\": \"Hour\", \"value\": { \"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"hh\" } }]");
    assertThat(p.resolve("wikidatagateway/wikisampledataout/{Year}/{Month}/{Day}", HOUR))
        .isEqualTo("wikidatagateway/wikisampledataout/2016/07/05");
    // "hh" is the 12-hour clock: the docs' example gives 02 for 14:00
    assertThat(p.resolve("{Hour}.csv", HOUR)).isEqualTo("02.csv");
    assertThat(p.definitions()).extracting(PartitionedBy.Definition::name).containsExactly("Year", "Month", "Day", "Hour");
  }

  @Test
  void keysAndNamesIgnoreCaseAndPercentFormatsWork() throws Exception {
    PartitionedBy p =
        parse(
            "[{\"Name\": \"month\", \"Value\": {\"Type\": \"datetime\", \"Date\": \"sliceend\", \"Format\": \"%M\"}},"
                + " {\"name\": \"d\", \"value\": {\"type\": \"DateTime\", \"date\": \"WindowStart\", \"format\": \"%d\"}}]");
    assertThat(p.resolve("logs/{Month}/{D}/{*}", HOUR)).isEqualTo("logs/7/5/{*}");
    assertThat(p.definition("MONTH")).map(PartitionedBy.Definition::date).contains(SystemVariable.SLICE_END);
  }

  @Test
  void dollarDollarFolderPathIsEvaluated() {
    assertThat(PartitionedBy.none().resolve("$$Text.Format('container/folder/{0:yyyyMMdd-HH}', SliceStart)", HOUR))
        .isEqualTo("container/folder/20160705-14");
    assertThat(PartitionedBy.none().resolve("plain/path", HOUR)).isEqualTo("plain/path");
    assertThat(PartitionedBy.none().resolve(null, HOUR)).isNull();
  }

  @Test
  void tokenWithoutDefinitionNamesItAndItsColumn() throws Exception {
    PartitionedBy p =
        parse("[{\"name\": \"Year\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"yyyy\"}}]");
    ExpressionException e = catchThrowableOfType(() -> p.resolve("data/{Year}/{Mnth}", HOUR), ExpressionException.class);
    assertThat(e.column()).isEqualTo(13);
    assertThat(e.problem()).startsWith("{Mnth} has no partitionedBy entry (defined: Year); add {\"name\": \"Mnth\"");
    assertThat(catchThrowableOfType(() -> p.check("data/{Mnth}"), ExpressionException.class).column()).isEqualTo(6);
    p.check("data/{Year}");
    assertThat(catchThrowableOfType(() -> PartitionedBy.none().check("{Year}"), ExpressionException.class).problem())
        .contains("there is no partitionedBy");
  }

  @Test
  void badDefinitionsSayWhichEntryAndWhatToDo() throws Exception {
    assertThat(parseError("[{\"name\": \"Y\", \"value\": {\"type\": \"Text\", \"date\": \"SliceStart\", \"format\": \"yyyy\"}}]").problem())
        .isEqualTo("partitionedBy[0] 'Y': unknown type 'Text'; the only partition type is \"DateTime\"");
    assertThat(parseError("[{\"name\": \"Y\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStrat\", \"format\": \"yyyy\"}}]").problem())
        .isEqualTo(
            "partitionedBy[0] 'Y': unknown date 'SliceStrat' (did you mean SliceStart?); use SliceStart,"
                + " SliceEnd, WindowStart or WindowEnd");
    ExpressionException format =
        parseError("[{\"name\": \"Y\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"yyyy'\"}}]");
    assertThat(format.expression()).isEqualTo("yyyy'");
    assertThat(format.column()).isEqualTo(5);
    assertThat(format.problem()).startsWith("partitionedBy[0] 'Y': the quote ' has no closing '");
    assertThat(parseError("[{\"name\": \"Y\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"H\"}}]").problem())
        .contains("%H");
    assertThat(parseError("[{\"name\": \"Y\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStart\"}}]").problem())
        .contains("no \"format\"");
    assertThat(parseError("[{\"value\": {}}]").problem()).contains("no \"name\"");
    assertThat(parseError("[{\"name\": \"Y\"}]").problem()).contains("\"value\" must be an object");
    String y = "{\"name\": \"Y\", \"value\": {\"type\": \"DateTime\", \"date\": \"SliceStart\", \"format\": \"yyyy\"}}";
    assertThat(parseError("[" + y + ", " + y.replace("\"Y\"", "\"y\"") + "]").problem())
        .contains("partitionedBy[1] 'y': the name is already defined");
    assertThat(parseError("{}").problem()).contains("must be an array");
    assertThat(PartitionedBy.parse(null).definitions()).isEmpty();
  }
}
