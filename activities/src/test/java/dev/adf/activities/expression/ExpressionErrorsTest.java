package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every error is an ExpressionException with the text, the exact 1-based column and advice. */
class ExpressionErrorsTest {
  private static final SliceVariables DAY =
      SliceVariables.of(Instant.parse("2016-07-12T00:00:00Z"), Instant.parse("2016-07-13T00:00:00Z"));

  private static ExpressionException parseError(String text) {
    return catchThrowableOfType(() -> Expressions.parse(text), ExpressionException.class);
  }

  private static ExpressionException evalError(String text) {
    Expression e = Expressions.parse(text);
    return catchThrowableOfType(() -> e.evaluate(DAY), ExpressionException.class);
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String calls = "$$" + "Time.AddHours(".repeat(2000) + "SliceStart" + ", 1)".repeat(2000);
    assertThat(parseError(calls).problem()).contains("nests deeper than 64 levels");
    assertThat(parseError("$$" + "-".repeat(100_000) + "1").problem()).contains("nests deeper than 64 levels");
    String ok = "Time.AddHours(".repeat(60) + "SliceStart" + ", 1)".repeat(60);
    assertThat(Expressions.evaluateDateTime(ok, DAY)).isEqualTo(Instant.parse("2016-07-12T02:00:00Z").plusSeconds(58 * 3600));
  }

  @Test
  void unknownVariableWithDidYouMean() {
    ExpressionException e = parseError("Time.AddHours(SliceStrat, -6)");
    assertThat(e.column()).isEqualTo(15);
    assertThat(e.expression()).isEqualTo("Time.AddHours(SliceStrat, -6)");
    assertThat(e.getMessage())
        .isEqualTo(
            "in \"Time.AddHours(SliceStrat, -6)\" at column 15: unknown variable 'SliceStrat' (did you"
                + " mean SliceStart?); use SliceStart, SliceEnd, WindowStart or WindowEnd");
  }

  @Test
  void theDocsTypoWindowsStartIsCaught() {
    // "Year": "$$Text.Format('{0:yyyy}',WindowsStart)" in the docs' Example 3
    ExpressionException e = parseError("$$Text.Format('{0:yyyy}',WindowsStart)");
    assertThat(e.column()).isEqualTo(26);
    assertThat(e.problem()).contains("unknown variable 'WindowsStart'").contains("did you mean WindowStart?");
  }

  @Test
  void unbalancedParentheses() {
    assertThat(parseError("$$Text.Format('{0:yyyy}', SliceStart").column()).isEqualTo(14);
    assertThat(parseError("$$Text.Format('{0:yyyy}', SliceStart").problem())
        .contains("unbalanced parentheses").contains("never closed");
    ExpressionException extra = parseError("Date.AddDays(SliceStart, -1))");
    assertThat(extra.column()).isEqualTo(29);
    assertThat(extra.problem()).contains("no matching '('");
    assertThat(parseError("Date.AddDays(SliceStart -1)").column()).isEqualTo(25);
  }

  @Test
  void unterminatedString() {
    ExpressionException e = parseError("$$Text.Format('abc, SliceStart)");
    assertThat(e.column()).isEqualTo(15);
    assertThat(e.problem()).contains("unterminated string").contains("\\'");
  }

  @Test
  void unknownFunctionWithDidYouMean() {
    ExpressionException e = parseError("$$Text.Fromat('x')");
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.problem()).isEqualTo("unknown function 'Text.Fromat'; did you mean Text.Format?");
    assertThat(parseError("Date.AddHours(SliceStart, 1)").problem()).contains("did you mean Time.AddHours?");
    assertThat(parseError("AddDays(SliceStart, 1)").problem()).contains("did you mean Date.AddDays?");
    assertThat(parseError("Foo.Bar(1)").problem()).contains("the functions are Time.AddHours");
  }

  @Test
  void wrongArgumentCount() {
    ExpressionException e = parseError("Date.AddDays(SliceEnd, -7, 1)");
    assertThat(e.column()).isEqualTo(1);
    assertThat(e.problem())
        .isEqualTo(
            "Date.AddDays takes 2 arguments but got 3; write Date.AddDays(X: DateTime, Y: number)");
    assertThat(parseError("$$Text.Format()").problem()).contains("at least 1");
  }

  @Test
  void wrongArgumentType() {
    ExpressionException e = parseError("Time.AddHours(SliceStart, 'x')");
    assertThat(e.column()).isEqualTo(27);
    assertThat(e.problem()).contains("argument 2 (Y) of Time.AddHours must be a number but 'x' is a string");
    assertThat(parseError("Date.AddMonths(SliceStart, 1.5)").problem()).contains("must be an int but 1.5 is a decimal");
    assertThat(parseError("Date.Day('2016-07-12')").column()).isEqualTo(10);
    assertThat(parseError("-SliceStart").column()).isEqualTo(1);
    assertThat(parseError("$$Text.Format(SliceStart)").column()).isEqualTo(15);
  }

  @Test
  void formatIndexOutOfRangePointsAtTheBrace() {
    ExpressionException e = parseError("$$Text.Format('a{1}', SliceStart)");
    assertThat(e.column()).isEqualTo(17);
    assertThat(e.problem()).contains("{1} refers to argument 1 but only 1 argument follows");
  }

  @Test
  void badDateFormatPointsIntoTheString() {
    ExpressionException e = parseError("$$Text.Format('{0:fffffffff}', SliceStart)");
    assertThat(e.column()).isEqualTo(19);
    assertThat(e.problem()).contains("more than seven 'f'");
    // the escaped quote \' is two characters of text but one of the string: columns stay exact
    ExpressionException h = parseError("$$Text.Format('\\'{0:H}', SliceStart)");
    assertThat(h.column()).isEqualTo(21);
    assertThat(h.problem()).contains("%H");
    // D2 is a number format; for a DateTime .NET reads it as literal text, so only numbers fail
    assertThat(Expressions.evaluateText("$$Text.Format('{0:D2}', SliceStart)", DAY)).isEqualTo("D2");
    ExpressionException q = parseError("$$Text.Format('{0:Q2}', 5)");
    assertThat(q.column()).isEqualTo(19);
    assertThat(q.problem()).contains("not a .NET standard numeric format");
  }

  @Test
  void badCompositeFormat() {
    assertThat(parseError("$$Text.Format('a } b', SliceStart)").column()).isEqualTo(18);
    assertThat(parseError("$$Text.Format('{x}', SliceStart)").column()).isEqualTo(16);
    assertThat(parseError("$$Text.Format('{0:yyyy', SliceStart)").problem()).contains("no closing '}'");
  }

  @Test
  void misplacedSyntax() {
    assertThat(parseError("$$Text.Format('{0:yyyy}', $$SliceStart)").column()).isEqualTo(27);
    assertThat(parseError("$$").column()).isEqualTo(3);
    assertThat(parseError("$$  ").problem()).contains("empty");
    assertThat(parseError("SliceStart + 1").problem()).contains("only unary minus");
    assertThat(parseError("Text.Format(\"x\")").problem()).contains("single quotes");
    assertThat(parseError("Date.AddDays(SliceStart, 6h)").column()).isEqualTo(26);
    assertThat(parseError("Date.AddDays(SliceStart, 99999999999999999999)").problem()).contains("too large");
    assertThat(parseError("Time.AddHours").problem()).contains("is a function");
    assertThat(parseError("Date.AddDays(SliceStart, 1.)").column()).isEqualTo(27);
    assertThat(parseError("Date.AddDays(SliceStart,)").column()).isEqualTo(25);
    assertThat(parseError(null).problem()).contains("null");
  }

  @Test
  void dateTimeFromLiteralIsCheckedAtParseTime() {
    ExpressionException e = parseError("DateTime.From('next tuesday')");
    assertThat(e.column()).isEqualTo(15);
    assertThat(e.problem()).contains("cannot read 'next tuesday'").contains("ISO 8601");
    assertThat(parseError("DateTime.From('2016-02-30')").column()).isEqualTo(15);
  }

  @Test
  void evaluationErrorsCarryTheColumnToo() {
    ExpressionException range = evalError("Date.AddDays(Date.AddYears(SliceStart, 9000), 1)");
    assertThat(range.column()).isEqualTo(14);
    assertThat(range.problem()).contains("Date.AddYears gives a date-time outside the .NET DateTime range");
    assertThat(evalError("Time.AddHours(SliceStart, 9223372036854775807)").column()).isEqualTo(1);
    assertThat(evalError("Date.AddMonths(SliceStart, -9223372036854775807)").column()).isEqualTo(1);
    // a format built at run time is checked at run time, pointing at the call that built it
    ExpressionException dynamic = evalError("Text.Format(Text.Format('{{0:H}}'), SliceStart)");
    assertThat(dynamic.column()).isEqualTo(13);
    assertThat(dynamic.problem()).contains("%H");
    assertThat(evalError("Text.Format(Text.Format('{{3}}'), SliceStart)").problem()).contains("{3} refers to argument 3");
  }

  @Test
  void errorsAreReportedLeftToRight() {
    assertThat(parseError("Text.Fromat('{0}', SliceStrat)").problem()).contains("unknown function 'Text.Fromat'");
  }

  @Test
  void variablesOutsideDotNetRangeFailAtTheirColumn() {
    SliceVariables far =
        SliceVariables.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("+10000-01-02T00:00:00Z"));
    ExpressionException e =
        catchThrowableOfType(
            () -> Expressions.evaluateText("$$Text.Format('{0}', SliceStart)", far), ExpressionException.class);
    assertThat(e.column()).isEqualTo(22);
    assertThat(e.problem()).contains("outside the .NET DateTime range");
  }

  @Test
  void evaluateDateTimeNeedsADateTime() {
    assertThatThrownBy(() -> Expressions.evaluateDateTime("Date.DayOfWeek(SliceStart)", DAY))
        .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.column()).isEqualTo(1))
        .hasMessageContaining("gives an int but a DateTime is needed");
  }

  @Test
  void resolveNamesTheJsonPointer() throws Exception {
    var tree = new ObjectMapper().readTree("{\"defines\": {\"a/b\": \"$$Text.Format('{0:yyyy}', SliceStrat)\"}}");
    assertThatThrownBy(() -> Expressions.resolve(tree, DAY))
        .isInstanceOfSatisfying(
            ExpressionException.class,
            e -> {
              assertThat(e.location()).isEqualTo("/defines/a~1b");
              assertThat(e.column()).isEqualTo(27);
            })
        .hasMessageStartingWith("at /defines/a~1b: in \"$$Text.Format('{0:yyyy}', SliceStrat)\" at column 27:");
  }

  @Test
  void sliceVariablesRejectEmptyIntervals() {
    Instant t = Instant.parse("2016-07-12T00:00:00Z");
    assertThatThrownBy(() -> SliceVariables.of(t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sliceStart must be before sliceEnd");
  }
}
