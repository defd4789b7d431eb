package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Expected strings are .NET's documented outputs ("Custom/Standard date and time format strings")
 * for 2009-06-15T13:45:30.6175425 UTC, invariant culture.
 */
class DotNetDateFormatTest {
  private static final Instant T = Instant.parse("2009-06-15T13:45:30.6175425Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "%d|15", "dd|15", "ddd|Mon", "dddd|Monday", "ddddd|Monday",
        "%f|6", "ff|61", "fff|617", "ffff|6175", "fffff|61754", "ffffff|617542", "fffffff|6175425",
        "%F|6", "FF|61", "FFF|617", "FFFF|6175", "FFFFF|61754", "FFFFFF|617542", "FFFFFFF|6175425",
        "%g|A.D.", "gg|A.D.",
        "%h|1", "hh|01", "hhh|01", "%H|13", "HH|13",
        "%K|Z", "%m|45", "mm|45", "%M|6", "MM|06", "MMM|Jun", "MMMM|June",
        "%s|30", "ss|30", "%t|P", "tt|PM",
        "%y|9", "yy|09", "yyy|2009", "yyyy|2009", "yyyyy|02009",
        "%z|+0", "zz|+00", "zzz|+00:00",
        "yyyy/MM/dd|2009/06/15", "yyyyMMddHH|2009061513", "yyyyMMdd-HH|20090615-13",
        "yyyy-MM-dd HH:mm:ss|2009-06-15 13:45:30", "`yyyy-MM-dd'T'HH:mm:ss.fffK`|2009-06-15T13:45:30.617Z",
        "`'year' yyyy`|year 2009", "`\"day\" d`|day 15", "`\\d\\d dd`|dd 15", "`h:mm tt`|1:45 PM",
        "`yyyy-MM-ddTHH`|2009-06-15T13", "`MMM d, yyyy`|Jun 15, 2009",
      })
  void customSpecifiers(String format, String expected) {
    assertThat(DotNetDateFormat.format(T, format)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "d|06/15/2009",
        "D|Monday, 15 June 2009",
        "f|Monday, 15 June 2009 13:45",
        "F|Monday, 15 June 2009 13:45:30",
        "g|06/15/2009 13:45",
        "G|06/15/2009 13:45:30",
        "M|June 15",
        "m|June 15",
        "O|2009-06-15T13:45:30.6175425Z",
        "o|2009-06-15T13:45:30.6175425Z",
        "R|Mon, 15 Jun 2009 13:45:30 GMT",
        "r|Mon, 15 Jun 2009 13:45:30 GMT",
        "s|2009-06-15T13:45:30",
        "t|13:45",
        "T|13:45:30",
        "u|2009-06-15 13:45:30Z",
        "U|Monday, 15 June 2009 13:45:30",
        "Y|2009 June",
        "y|2009 June",
      })
  void standardFormats(String format, String expected) {
    assertThat(DotNetDateFormat.format(T, format)).isEqualTo(expected);
  }

  /** Found by the definition fuzzer (seed 2350626026806978912): a long literal took minutes (quadratic). */
  @Test
  void aLongRunOfLiteralCharactersIsCopiedAsIs() {
    String literal = "x".repeat(100_000);
    assertThat(DotNetDateFormat.format(T, "yyyy" + literal + "MM")).isEqualTo("2009" + literal + "06");
  }

  @Test
  void nullOrEmptyFormatIsG() {
    assertThat(DotNetDateFormat.format(T, null)).isEqualTo("06/15/2009 13:45:30");
    assertThat(DotNetDateFormat.format(T, "")).isEqualTo("06/15/2009 13:45:30");
  }

  @Test
  void upperFDropsTrailingZerosAndThePointBeforeThem() {
    Instant whole = Instant.parse("2009-06-15T13:45:30Z");
    assertThat(DotNetDateFormat.format(whole, "HH:mm:ss.FFF")).isEqualTo("13:45:30");
    assertThat(DotNetDateFormat.format(Instant.parse("2009-06-15T13:45:30.05Z"), "ss.FFF"))
        .isEqualTo("30.05");
    assertThat(DotNetDateFormat.format(Instant.parse("2009-06-15T13:45:30.005Z"), "ss.FF"))
        .isEqualTo("30");
  }

  @Test
  void midnightAndNoonOnTheTwelveHourClock() {
    assertThat(DotNetDateFormat.format(Instant.parse("2016-07-12T00:05:00Z"), "hh:mm tt"))
        .isEqualTo("12:05 AM");
    assertThat(DotNetDateFormat.format(Instant.parse("2016-07-12T12:05:00Z"), "h:mm t"))
        .isEqualTo("12:05 P");
  }

  @Test
  void percentHHPrintsTheUnpaddedHourTwiceAsDotNetDoes() {
    // "%HH" is "%H" then "H": a pattern from the corpus; .NET gives "55" at 05:00.
    assertThat(DotNetDateFormat.format(Instant.parse("2016-07-12T05:00:00Z"), "%HH")).isEqualTo("55");
  }

  @Test
  void invalidFormatsAreRejectedWithThePosition() {
    assertThatThrownBy(() -> DotNetDateFormat.format(T, "H"))
        .isInstanceOf(FormatStringException.class)
        .hasMessageContaining("not a .NET standard date/time format")
        .hasMessageContaining("%H");
    assertThatThrownBy(() -> DotNetDateFormat.format(T, "ss.ffffffff"))
        .isInstanceOfSatisfying(FormatStringException.class, e -> assertThat(e.index()).isEqualTo(3))
        .hasMessageContaining("more than seven 'f'");
    assertThatThrownBy(() -> DotNetDateFormat.format(T, "yyyy'MM"))
        .isInstanceOfSatisfying(FormatStringException.class, e -> assertThat(e.index()).isEqualTo(4))
        .hasMessageContaining("no closing");
    assertThatThrownBy(() -> DotNetDateFormat.format(T, "yy%"))
        .isInstanceOfSatisfying(FormatStringException.class, e -> assertThat(e.index()).isEqualTo(2));
    assertThatThrownBy(() -> DotNetDateFormat.format(T, "%%"))
        .isInstanceOf(FormatStringException.class);
    assertThatThrownBy(() -> DotNetDateFormat.format(T, "yy\\"))
        .isInstanceOf(FormatStringException.class);
  }

  @Test
  void outsideDotNetRangeIsRejected() {
    assertThatThrownBy(() -> DotNetDateFormat.format(Instant.parse("+10000-01-01T00:00:00Z"), "yyyy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the .NET DateTime range");
    assertThat(DotNetDateFormat.format(DotNetDateFormat.MIN, "yyyy-MM-dd")).isEqualTo("0001-01-01");
    assertThat(DotNetDateFormat.format(DotNetDateFormat.MAX, "o")).isEqualTo("9999-12-31T23:59:59.9999999Z");
  }
}
