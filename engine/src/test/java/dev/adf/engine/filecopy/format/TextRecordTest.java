package dev.adf.engine.filecopy.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ADF's TextFormat read and written (ADF v1 "Supported file and compression formats", TextFormat). */
class TextRecordTest {

  static TextFormatSpec spec(char col, Character row, Character quote, Character escape, String nullValue,
      boolean header, int skip, boolean emptyAsNull) {
    return new TextFormatSpec(col, row, quote, escape, nullValue, StandardCharsets.UTF_8, header, skip, emptyAsNull);
  }

  @Test
  void defaultsReadAnyLineEndAndNullsAsAdfDoes() throws IOException {
    List<List<String>> rows = read("a,b\r\nc,\\N\rNULL,\n,d", TextFormatSpec.DEFAULTS);
    assertThat(rows).containsExactly(List.of("a", "b"), Arrays.asList("c", null), Arrays.asList(null, null),
        Arrays.asList(null, "d"));
    assertThat(read("x,,y", spec(',', null, null, null, null, false, 0, false)))
        .containsExactly(List.of("x", "", "y"));
  }

  @Test
  void aCustomRowDelimiterAndAControlCharacterColumnDelimiter() throws IOException {
    assertThat(read("a\u0001b;c\u0001d;", spec('\u0001', ';', null, null, null, false, 0, true)))
        .containsExactly(List.of("a", "b"), List.of("c", "d"));
  }

  @Test
  void quotedFieldsKeepDelimitersLineBreaksAndDoubledQuotes() throws IOException {
    assertThat(read("\"a,b\",\"line\nbreak\",\"say \"\"hi\"\"\"\n", spec(',', null, '"', null, null, false, 0, true)))
        .containsExactly(List.of("a,b", "line\nbreak", "say \"hi\""));
  }

  @Test
  void anEscapeCharacterMakesTheNextOneLiteral() throws IOException {
    assertThat(read("a\\,b,c\n", spec(',', null, null, '\\', null, false, 0, true)))
        .containsExactly(List.of("a,b", "c"));
  }

  @Test
  void skipLineCountComesBeforeTheHeader() throws IOException {
    TextRecordReader r = new TextRecordReader(new StringReader("junk\nmore junk\nid,name\n1,x\n"),
        spec(',', null, null, null, "N", true, 2, true));
    List<String> f = new ArrayList<>();
    assertThat(r.next(f)).isTrue();
    assertThat(f).containsExactly("1", "x");
    assertThat(r.header()).containsExactly("id", "name");
    assertThat(r.next(f)).isFalse();
  }

  @Test
  void aCustomNullValueIsReadAndWritten() throws IOException {
    assertThat(read("N,\\N\n", spec(',', null, null, null, "N", false, 0, true)))
        .containsExactly(Arrays.asList(null, "\\N"));
    assertThat(write(List.of(Arrays.asList("a", null)), spec('\t', '\n', null, null, "N", false, 0, true)))
        .isEqualTo("a\tN\n");
    assertThat(write(List.of(Arrays.asList("a", null)), TextFormatSpec.DEFAULTS)).isEqualTo("a,\\N\r\n");
  }

  @Test
  void theWriterQuotesOrEscapesWhatNeedsItAndOtherwiseSaysWhatToSet() throws IOException {
    assertThat(write(List.of(List.of("a,b", "say \"hi\"", "plain")), spec(',', '\n', '"', null, null, false, 0, true)))
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",plain\n");
    assertThat(write(List.of(List.of("a,b")), spec(',', '\n', null, '\\', null, false, 0, true))).isEqualTo("a\\,b\n");
    assertThatThrownBy(() -> write(List.of(List.of("a,b")), spec(',', '\n', null, null, null, false, 0, true)))
        .isInstanceOf(IOException.class).hasMessageContaining("record 1").hasMessageContaining("quoteChar");
  }

  @Test
  void encodingsAndByteOrderMarks() throws IOException {
    for (String name : List.of("windows-1250", "Shift_JIS")) {
      Charset cs = Charset.forName(name);
      String text = name.startsWith("w") ? "Łódź,Žluťoučký\n" : "東京,大阪\n";
      TextFormatSpec s = new TextFormatSpec(',', null, null, null, null, cs, false, 0, true);
      var reader = new TextRecordReader(TextRecordReader.open(new ByteArrayInputStream(text.getBytes(cs)), s), s);
      List<String> f = new ArrayList<>();
      assertThat(reader.next(f)).isTrue();
      assertThat(String.join(",", f) + "\n").isEqualTo(text);
    }
    ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
    utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
    utf16.write("a,ü\n".getBytes(StandardCharsets.UTF_16LE));
    var r = new TextRecordReader(TextRecordReader.open(new ByteArrayInputStream(utf16.toByteArray()),
        TextFormatSpec.DEFAULTS), TextFormatSpec.DEFAULTS);
    List<String> f = new ArrayList<>();
    assertThat(r.next(f)).isTrue();
    assertThat(f).containsExactly("a", "ü");
  }

  @Test
  void csvToTsvCountsRowsAndNamesUnnamedColumnsAsAdf() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextTranscoder.Counts n = TextTranscoder.transcode(new ByteArrayInputStream("1,x\n2,y\n".getBytes(StandardCharsets.UTF_8)),
        TextFormatSpec.DEFAULTS, out, spec('\t', '\n', null, null, null, true, 0, true), true, () -> false);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Prop_0\tProp_1\n1\tx\n2\ty\n");
    assertThat(n.rowsRead()).isEqualTo(2);
    assertThat(n.rowsWritten()).isEqualTo(2);
  }

  @Test
  void quoteAndEscapeTogetherAreRefusedAndAnUnclosedQuoteNamesTheLine() {
    assertThatThrownBy(() -> spec(',', null, '"', '\\', null, false, 0, true)).hasMessageContaining("not both");
    assertThatThrownBy(() -> read("a\nb\n\"open,c\n", spec(',', null, '"', null, null, false, 0, true)))
        .isInstanceOf(IOException.class).hasMessageContaining("line 3");
  }

  private static List<List<String>> read(String text, TextFormatSpec spec) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (TextRecordReader r = new TextRecordReader(new StringReader(text), spec)) {
      List<String> f = new ArrayList<>();
      while (r.next(f)) {
        rows.add(new ArrayList<>(f));
      }
    }
    return rows;
  }

  private static String write(List<List<String>> rows, TextFormatSpec spec) throws IOException {
    StringWriter w = new StringWriter();
    try (TextRecordWriter out = new TextRecordWriter(w, spec)) {
      for (List<String> r : rows) {
        out.write(r);
      }
    }
    return w.toString();
  }
}
