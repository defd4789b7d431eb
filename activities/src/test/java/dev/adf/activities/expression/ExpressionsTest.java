package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The examples of "Azure Data Factory - Functions and System Variables" (ADF v1 docs) and of the
 * semantics reference §6, with their documented results. Where the page's example is wrong (Day
 * of 9/15/2013 "is 9"; 9/15/2013 minus one week "= 9/7/2013") the .NET result is asserted and
 * the comment says so.
 */
class ExpressionsTest {
  /** A Tuesday. */
  private static final SliceVariables DAY =
      SliceVariables.of(Instant.parse("2016-07-12T00:00:00Z"), Instant.parse("2016-07-13T00:00:00Z"));

  private static SliceVariables at(String start) {
    Instant s = Instant.parse(start);
    return SliceVariables.of(s, s.plusSeconds(3600));
  }

  private static Instant dateTime(String expression, SliceVariables v) {
    return Expressions.evaluateDateTime(expression, v);
  }

  @Test
  void isExpressionMeansStartsWithDollarDollar() {
    assertThat(Expressions.isExpression("$$Text.Format('{0}', SliceStart)")).isTrue();
    assertThat(Expressions.isExpression("Date.AddDays(SliceStart, -1)")).isFalse();
    assertThat(Expressions.isExpression(" $$x")).isFalse();
    assertThat(Expressions.isExpression(null)).isFalse();
  }

  @Test
  void weeklyDependencyGoesBackToSunday() {
    // semantics §6: "startTime": "Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))"
    assertThat(dateTime("Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))", DAY))
        .isEqualTo("2016-07-10T00:00:00Z");
    assertThat(dateTime("Date.AddDays(SliceEnd, -Date.DayOfWeek(SliceEnd))", DAY))
        .isEqualTo("2016-07-10T00:00:00Z");
    assertThat(dateTime("SliceEnd", DAY)).isEqualTo("2016-07-13T00:00:00Z");
  }

  @Test
  void previousDayDependency() {
    // docs Example 3
    assertThat(dateTime("Date.AddDays(SliceStart, -1)", DAY)).isEqualTo("2016-07-11T00:00:00Z");
    assertThat(dateTime("Date.AddDays(SliceEnd, -1)", DAY)).isEqualTo("2016-07-12T00:00:00Z");
  }

  @Test
  void nestedCallWithoutDollarDollar() {
    // docs IMPORTANT note; the item format has a leading space, which .NET prints.
    String text =
        "$$Text.Format('PartitionKey eq \\'my_pkey_filter_value\\' and RowKey ge \\'{0: yyyy-MM-dd"
            + " HH:mm:ss}\\'', Time.AddHours(SliceStart, -6))";
    assertThat(Expressions.evaluateText(text, DAY))
        .isEqualTo("PartitionKey eq 'my_pkey_filter_value' and RowKey ge ' 2016-07-11 18:00:00'");
    assertThat(Expressions.evaluateText("$$Text.Format('{0:yyyyMMddHH}', Time.AddHours(SliceStart, -6))", DAY))
        .isEqualTo("2016071118");
  }

  @Test
  void sqlQueryWithEscapedQuotes() {
    // docs: "$$Text.Format('SELECT * FROM MyTable WHERE StartTime = \\'{0:yyyyMMdd-HH}\\'', WindowStart)"
    // in the JSON file, i.e. \' after JSON decoding.
    String text = "$$Text.Format('SELECT * FROM MyTable WHERE StartTime = \\'{0:yyyyMMdd-HH}\\'', WindowStart)";
    assertThat(Expressions.evaluateText(text, at("2016-07-12T05:00:00Z")))
        .isEqualTo("SELECT * FROM MyTable WHERE StartTime = '20160712-05'");
    assertThat(
            Expressions.evaluateText(
                "$$Text.Format('select * from t where ts >= \\'{0:yyyy-MM-dd HH:mm}\\'', WindowStart)", DAY))
        .isEqualTo("select * from t where ts >= '2016-07-12 00:00'");
  }

  @Test
  void hiveDefinesAndStoredProcedureExamples() {
    assertThat(
            Expressions.evaluateText(
                "$$Text.Format('wasb://adfwalkthrough@acct.blob.core.windows.net/samplein/yearno={0:yyyy}/monthno={0:MM}/dayno={0:dd}/', SliceStart)",
                DAY))
        .isEqualTo("wasb://adfwalkthrough@acct.blob.core.windows.net/samplein/yearno=2016/monthno=07/dayno=12/");
    assertThat(Expressions.evaluateText("$$Text.Format('{0:yyyy-MM-dd HH:mm:ss}', SliceStart)", at("2016-08-02T03:00:00Z")))
        .isEqualTo("2016-08-02 03:00:00");
    assertThat(Expressions.evaluateText("$$Text.Format('wasb://c@a.blob.core.windows.net/{0:yyyy/MM/dd}/', SliceStart)", DAY))
        .isEqualTo("wasb://c@a.blob.core.windows.net/2016/07/12/");
  }

  @Test
  void percentSpecifiersDropLeadingZeros() {
    SliceVariables v = at("2016-07-05T00:00:00Z");
    assertThat(Expressions.evaluateText("$$Text.Format('monthno={0:%M}/dayno={0:%d}', SliceStart)", v))
        .isEqualTo("monthno=7/dayno=5");
  }

  @ParameterizedTest(name = "{0} of {1} = {2}")
  @CsvSource(delimiter = '|', value = {
    "Time.AddHours(SliceStart, 2) | 2013-09-05T12:00:00Z | 2013-09-05T14:00:00Z",
    "Time.AddMinutes(SliceStart, 15) | 2013-09-15T12:00:00Z | 2013-09-15T12:15:00Z",
    "Time.AddSeconds(SliceStart, -30) | 2013-09-15T12:00:00Z | 2013-09-15T11:59:30Z",
    "Time.AddHours(SliceStart, 1.5) | 2013-09-15T12:00:00Z | 2013-09-15T13:30:00Z",
    "Time.StartOfHour(SliceStart) | 2013-09-15T17:10:23Z | 2013-09-15T17:00:00Z",
    "Date.AddDays(SliceStart, 2) | 2013-09-15T12:00:00Z | 2013-09-17T12:00:00Z",
    "Date.AddDays(SliceStart, -2) | 2013-09-15T12:00:00Z | 2013-09-13T12:00:00Z",
    "Date.AddMonths(SliceStart, 1) | 2013-09-15T12:00:00Z | 2013-10-15T12:00:00Z",
    "Date.AddMonths(SliceStart, -1) | 2013-09-15T12:00:00Z | 2013-08-15T12:00:00Z",
    "Date.AddMonths(SliceStart, 1) | 2016-01-31T00:00:00Z | 2016-02-29T00:00:00Z",
    "Date.AddQuarters(SliceStart, 1) | 2013-09-15T12:00:00Z | 2013-12-15T12:00:00Z",
    "Date.AddWeeks(SliceStart, 1) | 2013-09-15T12:00:00Z | 2013-09-22T12:00:00Z",
    // the docs say 9/7/2013, a slip: seven days before 9/15 is 9/8
    "Date.AddWeeks(SliceStart, -1) | 2013-09-15T12:00:00Z | 2013-09-08T12:00:00Z",
    "Date.AddYears(SliceStart, 1) | 2013-09-15T12:00:00Z | 2014-09-15T12:00:00Z",
    "Date.AddYears(SliceStart, -1) | 2013-09-15T12:00:00Z | 2012-09-15T12:00:00Z",
    "Date.AddYears(SliceStart, 1) | 2016-02-29T00:00:00Z | 2017-02-28T00:00:00Z",
    "Date.EndOfDay(SliceStart) | 2013-09-15T17:10:23Z | 2013-09-15T23:59:59Z",
    "Date.EndOfMonth(SliceStart) | 2013-09-15T17:10:23Z | 2013-09-30T23:59:59Z",
    "Date.StartOfDay(SliceStart) | 2013-09-15T17:10:23Z | 2013-09-15T00:00:00Z",
    "Date.StartOfMonth(SliceStart) | 2013-09-15T17:10:23Z | 2013-09-01T00:00:00Z",
    "DateTime.From('2016-07-12T06:30:00-05:00') | 2013-09-15T00:00:00Z | 2016-07-12T11:30:00Z",
    "DateTime.From('2016-07-12') | 2013-09-15T00:00:00Z | 2016-07-12T00:00:00Z",
    "DateTime.From('9/15/2013 5:10:23 PM') | 2013-09-15T00:00:00Z | 2013-09-15T17:10:23Z",
    "time.addhours(slicestart  ,  -6 ) | 2013-09-15T00:00:00Z | 2013-09-14T18:00:00Z",
  })
  void dateTimeFunctions(String expression, String sliceStart, String expected) {
    assertThat(dateTime(expression, at(sliceStart))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} of {1} = {2}")
  @CsvSource(delimiter = '|', value = {
    // the docs say "Day of 9/15/2013 12:00:00 PM is 9", a slip: the day component is 15
    "Date.Day(SliceStart) | 2013-09-15T12:00:00Z | 15",
    "Date.DayOfWeek(SliceStart) | 2013-09-15T12:00:00Z | 0",
    "Date.DayOfWeek(SliceStart) | 2016-07-16T00:00:00Z | 6",
    "Date.DayOfYear(SliceStart) | 2015-12-01T00:00:00Z | 335",
    "Date.DayOfYear(SliceStart) | 2015-12-31T00:00:00Z | 365",
    "Date.DayOfYear(SliceStart) | 2016-12-31T00:00:00Z | 366",
    "Date.DaysInMonth(SliceStart) | 2013-09-15T12:00:00Z | 30",
    "Date.DaysInMonth(SliceStart) | 2016-02-10T12:00:00Z | 29",
    "DateTime.Ticks(SliceStart) | 1970-01-01T00:00:00Z | 621355968000000000",
    "DateTime.Ticks(SliceStart) | 2016-07-12T00:00:00Z | 636038784000000000",
    "-Date.DayOfWeek(SliceStart) | 2016-07-12T00:00:00Z | -2",
  })
  void integerFunctions(String expression, String sliceStart, long expected) {
    Value v = Expressions.parse(expression).evaluate(at(sliceStart));
    assertThat(v).isEqualTo(new Value.IntegerValue(expected));
  }

  @Test
  void compositeFormatting() {
    assertThat(Expressions.evaluateText("$$Text.Format('{0}', SliceStart)", DAY)).isEqualTo("07/12/2016 00:00:00");
    assertThat(Expressions.evaluateText("$$Text.Format('{0}', DateTime.Ticks(SliceStart))", DAY))
        .isEqualTo("636038784000000000");
    assertThat(Expressions.evaluateText("$$Text.Format('[{0,6}|{0,-6}|{1,4:D2}]', 'ab', 7)", DAY))
        .isEqualTo("[    ab|ab    |  07]");
    assertThat(Expressions.evaluateText("$$Text.Format('/cdrdata/input/{0:yyyy/MM/dd/HH}_{{*}}', WindowStart)", DAY))
        .isEqualTo("/cdrdata/input/2016/07/12/00_{*}");
    assertThat(Expressions.evaluateText("$$Text.Format('{0:N0} {1:00} {2} {3} {4}', 1234567, 5, 1.50, true, 'x')", DAY))
        .isEqualTo("1,234,567 05 1.50 True x");
    assertThat(Expressions.evaluateText("$$Text.Format('{0:yyyy}-{1:yyyy}', Date.AddYears(WindowStart, -1), WindowEnd)", DAY))
        .isEqualTo("2015-2016");
    assertThat(Expressions.evaluateText("$$Text.Format('Container/folder/', SliceStart)", DAY))
        .isEqualTo("Container/folder/");
    assertThat(Expressions.evaluateText("$$Text.Format(Text.Format('{{0:{0}}}', 'yyyy'), SliceStart)", DAY))
        .isEqualTo("2016");
    assertThat(Expressions.evaluateText("$$Text.Format('it\\'s \\\\ {0:%d}', SliceStart)", DAY))
        .isEqualTo("it's \\ 12");
  }

  @Test
  void windowAndSliceVariablesAreDistinct() {
    SliceVariables v =
        new SliceVariables(
            Instant.parse("2016-07-12T00:00:00Z"), Instant.parse("2016-07-12T01:00:00Z"),
            Instant.parse("2016-07-11T00:00:00Z"), Instant.parse("2016-07-13T00:00:00Z"));
    assertThat(Expressions.evaluateText("$$Text.Format('{0:HH} {1:HH} {2:dd} {3:dd}', SliceStart, SliceEnd, WindowStart, WindowEnd)", v))
        .isEqualTo("00 01 11 13");
  }

  @Test
  void parsedExpressionIsReusableAndTyped() {
    Expression e = Expressions.parse("$$Text.Format('{0:yyyyMMdd}', SliceStart)");
    assertThat(e.type()).isEqualTo(Value.Type.STRING);
    assertThat(e.text()).isEqualTo("$$Text.Format('{0:yyyyMMdd}', SliceStart)");
    assertThat(e.evaluateText(DAY)).isEqualTo("20160712");
    assertThat(e.evaluateText(at("2017-01-02T00:00:00Z"))).isEqualTo("20170102");
    assertThat(Expressions.parse("Date.AddDays(SliceStart, 1)").evaluateText(DAY)).isEqualTo("07/13/2016 00:00:00");
  }

  @Test
  void resolveReplacesEveryExpressionInACopy() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tree =
        mapper.readTree(
            "{\"scriptPath\": \"adfwalkthrough\\\\scripts\\\\samplehive.hql\","
                + " \"defines\": {\"Year\": \"$$Text.Format('{0:yyyy}', WindowStart)\", \"n\": 3},"
                + " \"arguments\": [\"--date\", \"$$Text.Format('{0:yyyy-MM-dd}', SliceEnd)\", null]}");
    JsonNode resolved = Expressions.resolve(tree, DAY);
    assertThat(resolved)
        .isEqualTo(
            mapper.readTree(
                "{\"scriptPath\": \"adfwalkthrough\\\\scripts\\\\samplehive.hql\","
                    + " \"defines\": {\"Year\": \"2016\", \"n\": 3},"
                    + " \"arguments\": [\"--date\", \"2016-07-13\", null]}"));
    assertThat(tree.at("/defines/Year").asText()).startsWith("$$");
    assertThat(Expressions.resolve(null, DAY)).isNull();
  }
}
