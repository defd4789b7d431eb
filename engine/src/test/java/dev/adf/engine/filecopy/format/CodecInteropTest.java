package dev.adf.engine.filecopy.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ADF's compression types against what other tools write and read (ADF v1 "Supported file and
 * compression formats"). The vectors below were written by {@code bzip2 -c}, Python's {@code
 * zlib.compress} (zlib framing), {@code zlib.compressobj(wbits=-15)} (raw deflate) and {@code zip}; the
 * gzip checks run the real {@code gzip}, which every Debian system has.
 */
class CodecInteropTest {
  static final String TEXT = "hello, adf\nline 2\n";
  static final String BZIP2 = "QlpoOTFBWSZTWdzb1ycAAAXZAAAQQAQQACdloAAxANABBGT0aanQKXmCJKjOKPi7kinChIbm3rk4";
  static final String ZLIB = "eJzLSM3JyddRSExJ48rJzEtVMOICADrkBZo=";
  static final String RAW_DEFLATE = "y0jNycnXUUhMSePKycxLVTDiAgA=";
  static final String ZIP = "UEsDBAoAAAAAAFB4g1139s7pEgAAABIAAAAFABwAdi50eHRVVAkAA4iEEWuIhBFrdXgLAAEEAAAAAAQAAAAAaGVsbG8s"
      + "IGFkZgpsaW5lIDIKUEsBAh4DCgAAAAAAUHiDXXf2zukSAAAAEgAAAAUAGAAAAAAAAQAAAKSBAAAAAHYudHh0VVQFAAOIhBFrdXgLAAEEAAAAAAQAAA"
      + "AAUEsFBgAAAAABAAEASwAAAFEAAAAAAA==";

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Codec.class)
  void everyCodecAndLevelRoundTripsBinaryData(Codec codec) throws IOException {
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    for (Level level : Level.values()) {
      Compression c = new Compression(codec, level);
      assertThat(decode(c, encode(c, data))).isEqualTo(data);
    }
  }

  @Test
  void readsWhatBzip2PythonZlibAndZipWrote() throws IOException {
    assertThat(text(Codec.BZIP2, Base64.getDecoder().decode(BZIP2))).isEqualTo(TEXT);
    assertThat(text(Codec.DEFLATE, Base64.getDecoder().decode(ZLIB))).isEqualTo(TEXT);
    assertThat(text(Codec.DEFLATE, Base64.getDecoder().decode(RAW_DEFLATE))).isEqualTo(TEXT);
    try (ZipEntries z = new ZipEntries(new ByteArrayInputStream(Base64.getDecoder().decode(ZIP)))) {
      assertThat(z.next()).isEqualTo("v.txt");
      assertThat(new String(z.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
      assertThat(z.next()).isNull();
    }
  }

  @Test
  void deflateIsWrittenWithZlibFraming() throws IOException {
    byte[] out = encode(new Compression(Codec.DEFLATE, Level.OPTIMAL), TEXT.getBytes(StandardCharsets.UTF_8));
    assertThat(out[0] & 0xff).isEqualTo(0x78); // CMF: deflate, 32 KiB window
    assertThat(((out[0] & 0xff) << 8 | (out[1] & 0xff)) % 31).isZero();
  }

  @Test
  void gzipInteropsWithTheGzipToolIncludingConcatenatedMembers() throws Exception {
    byte[] ours = encode(new Compression(Codec.GZIP, Level.FASTEST), TEXT.getBytes(StandardCharsets.UTF_8));
    Path gz = Files.write(tmp.resolve("ours.gz"), ours);
    assertThat(run("gzip", "-dc", gz.toString())).isEqualTo(TEXT);
    Path plain = Files.writeString(tmp.resolve("theirs.txt"), TEXT);
    byte[] theirs = runBytes("gzip", "-6c", plain.toString());
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(theirs);
    two.write(theirs);
    assertThat(text(Codec.GZIP, two.toByteArray())).isEqualTo(TEXT + TEXT);
  }

  @Test
  void anEmptyGzipFileReadsAsNothingAndACorruptOneFailsWithAnIOException() throws IOException {
    byte[] empty = encode(new Compression(Codec.GZIP, Level.OPTIMAL), new byte[0]);
    assertThat(decode(new Compression(Codec.GZIP, Level.OPTIMAL), empty)).isEmpty();
    byte[] bad = encode(new Compression(Codec.GZIP, Level.OPTIMAL), TEXT.getBytes(StandardCharsets.UTF_8));
    bad[12] ^= 0x55;
    assertThatThrownBy(() -> decode(new Compression(Codec.GZIP, Level.OPTIMAL), bad)).isInstanceOf(IOException.class);
  }

  @Test
  void adfNamesAndExtensions() {
    assertThat(Codec.parse("gzip")).isEqualTo(Codec.GZIP);
    assertThat(Codec.parse("ZipDeflate").extension()).isEqualTo(".zip");
    assertThat(Codec.parse(null)).isEqualTo(Codec.NONE);
    assertThat(Level.parse("Fastest").zlibLevel()).isEqualTo(1);
    assertThat(Level.parse(null).zlibLevel()).isEqualTo(6);
    assertThatThrownBy(() -> Codec.parse("Snappy")).hasMessageContaining("GZip, Deflate, BZip2, ZipDeflate");
    assertThatThrownBy(() -> Level.parse("Best")).hasMessageContaining("Optimal or Fastest");
  }

  private static byte[] encode(Compression c, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = c.encode(out, "data.bin")) {
      enc.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] decode(Compression c, byte[] data) throws IOException {
    try (InputStream in = c.decode(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }

  private static String text(Codec codec, byte[] data) throws IOException {
    return new String(decode(new Compression(codec, Level.OPTIMAL), data), StandardCharsets.UTF_8);
  }

  private static String run(String... cmd) throws Exception {
    return new String(runBytes(cmd), StandardCharsets.UTF_8);
  }

  private static byte[] runBytes(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
    return out;
  }
}
