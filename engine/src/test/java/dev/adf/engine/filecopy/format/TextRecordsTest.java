package dev.adf.engine.filecopy.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader's bulk path (runs of ordinary characters, fields taken whole from its buffer) and the writer's. */
class TextRecordsTest {
  static final TextFormatSpec CSV = TextFormatSpec.DEFAULTS;
  static final TextFormatSpec QUOTED = new TextFormatSpec(',', null, '"', null, null, StandardCharsets.UTF_8, false, 0, true);
  static final TextFormatSpec ESCAPED = new TextFormatSpec(';', '|', null, '\\', "N", StandardCharsets.UTF_8, false, 0, false);

  static List<List<String>> read(String text, TextFormatSpec spec) throws IOException {
    TextRecordReader r = new TextRecordReader(new StringReader(text), spec);
    List<List<String>> out = new ArrayList<>();
    List<String> f = new ArrayList<>();
    while (r.next(f)) {
      out.add(new ArrayList<>(f));
    }
    return out;
  }

  @Test
  void fieldsAcrossTheBufferBoundaryAreWhole() throws IOException {
    // 64 Ki chars per buffer: fields of 7 and 1,000 chars with delimiters and \r\n landing on every offset
    StringBuilder text = new StringBuilder();
    List<List<String>> want = new ArrayList<>();
    for (int i = 0; text.length() < 3 * 65536; i++) {
      String a = "a".repeat(1 + i % 7);
      String b = "b" + "x".repeat((i * 37) % 1000);
      text.append(a).append(',').append(b).append(',').append(i % 5 == 0 ? "" : "c" + i).append(i % 2 == 0 ? "\r\n" : "\n");
      want.add(Arrays.asList(a, b, i % 5 == 0 ? null : "c" + i));
    }
    assertThat(read(text.toString(), CSV)).isEqualTo(want);
  }

  @Test
  void quotesEscapesNullsAndACustomRowDelimiter() throws IOException {
    assertThat(read("a,\"b,\"\"c\"\"\",d\"e\",\\N,NULL,\r\n\"\"x,\"\"\n", QUOTED)).isEqualTo(List.of(
        Arrays.asList("a", "b,\"c\"", "d\"e\"", null, null, null), Arrays.asList("x", "")));
    assertThat(read("ab\\;c;N;\\|d\n;|e;;", ESCAPED)).isEqualTo(List.of(
        Arrays.asList("ab;c", null, "|d\n", ""), Arrays.asList("e", "", "")));
    assertThatThrownBy(() -> read("abc\\", ESCAPED)).hasMessageContaining("escape character ends the input");
  }

  @Test
  void theWriterQuotesOrEscapesWhatNeedsIt() throws IOException {
    StringWriter s = new StringWriter();
    TextRecordWriter w = new TextRecordWriter(s, QUOTED);
    w.write(Arrays.asList("plain", "a,b", "say \"hi\"", null, "x".repeat(5000), "l\nf"));
    TextRecordWriter e = new TextRecordWriter(s, ESCAPED);
    e.write(Arrays.asList("a;b", "c|d", "e\\f", null, ""));
    assertThat(s.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\\N," + "x".repeat(5000) + ",\"l\nf\"\r\n"
        + "a\\;b;c\\|d;e\\\\f;N;|");
    TextRecordWriter none = new TextRecordWriter(new StringWriter(), CSV);
    assertThatThrownBy(() -> none.write(List.of("a,b"))).hasMessageContaining("neither quoteChar nor escapeChar");
  }
}
