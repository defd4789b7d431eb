package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are .NET's documented invariant-culture outputs. */
class DotNetNumberFormatTest {

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "5|D2|05", "-5|D3|-005", "12345|D|12345", "1234567|N0|`1,234,567`", "1234567|N|`1,234,567.00`",
        "1234|F|1234.00", "255|X|FF", "255|x4|00ff", "-1|X|FFFFFFFFFFFFFFFF", "1234|G|1234",
        "5|00|05", "123|0000|0123", "1234567|`#,##0`|`1,234,567`", "0|#|``", "0|0|0",
        "8005551212|(###) ###-####|(800) 555-1212", "1234567890|`#,##0,,`|`1,235`",
        "-5|00;(00)|(05)", "0|`0;-0;zero`|zero", "7|`'#'0`|#7", "42|``|42", "-42|0|-42",
        "1234|E|1.234000E+003", "1234|e2|1.23e+003", "25|C|¤25.00", "-25|C0|(¤25)",
      })
  void integers(long value, String format, String expected) {
    assertThat(DotNetNumberFormat.format(value, format)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "1234.5678|N2|`1,234.57`", "1234.5678|F|1234.57", "1234.5678|F0|1235", "2.5|F0|3", "-2.5|F0|-3",
        "0.125|0.0%|12.5%", "0.25|P|25.00 %", "1234567.891|`#,##0.00`|`1,234,567.89`", "1.5|0.##|1.5",
        "1|0.##|1", "0.5|#.##|.5", "1.50|G|1.50", "1.50||1.50", "1234.5678|E2|1.23E+003",
      })
  void decimals(String value, String format, String expected) {
    assertThat(DotNetNumberFormat.format(new BigDecimal(value), format == null ? "" : format))
        .isEqualTo(expected);
  }

  @Test
  void invalidFormats() {
    assertThatThrownBy(() -> DotNetNumberFormat.format(5, "Q2"))
        .isInstanceOf(FormatStringException.class)
        .hasMessageContaining("not a .NET standard numeric format");
    assertThatThrownBy(() -> DotNetNumberFormat.format(new BigDecimal("1.5"), "D2"))
        .isInstanceOf(FormatStringException.class)
        .hasMessageContaining("integers only");
    assertThatThrownBy(() -> DotNetNumberFormat.format(5, "0.00E+0"))
        .isInstanceOfSatisfying(FormatStringException.class, e -> assertThat(e.index()).isEqualTo(4));
  }
}
