package dev.adf.spark.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy on a real local[2] Spark context (shared by the class) over file: paths. */
class SparkBlobCopyTest {

  private static final String SECRET = "c2VjcmV0LWtleS1ub3QtdG8tbG9n==";

  private static JavaSparkContext jsc;

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    jsc = new JavaSparkContext(new SparkConf()
        .setMaster("local[2]")
        .setAppName("SparkBlobCopyTest")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stopSpark() {
    jsc.stop();
  }

  @Test
  void copiesANestedTreeOverSeveralTasks() throws IOException {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    long bytes = write(in, "a.txt", 10) + write(in, "empty.bin", 0) + write(in, "big/large.bin", 1_500_000)
        + write(in, "d1/d2/deep.txt", 5000) + write(in, "d1/x.csv", 300) + write(in, ".hidden", 3);

    CopySummary s = SparkBlobCopy.copy(jsc, new SparkConf(false), args(in, out));

    assertThat(tree(out)).isEqualTo(tree(in));
    assertThat(s.blobs()).isEqualTo(6);
    assertThat(s.bytes()).isEqualTo(bytes);
    assertThat(s.tasks()).isEqualTo(2);
    assertThat(s.staleDeleted()).isZero();
    assertThat(s.line()).matches(
        "spark blob copy done: 6 blobs, 1\\.51 MB in \\d+\\.\\d{3} s \\(\\d+\\.\\d MB/s\\), 2 tasks");
  }

  @Test
  void aRerunDeletesStaleFilesAndOverwritesChangedOnes() throws IOException {
    Path in = tmp.resolve("in");
    Path out = tmp.resolve("out");
    write(in, "keep.txt", 100);
    write(in, "change.txt", 2000);
    write(in, "gone/old.txt", 50);
    SparkBlobCopy.copy(jsc, new SparkConf(false), args(in, out));

    Files.delete(in.resolve("gone/old.txt"));
    Files.delete(in.resolve("gone"));
    write(in, "change.txt", 700);
    write(in, "new/added.txt", 1);
    write(out, "stray/deeper/leftover.txt", 5);
    CopySummary s = SparkBlobCopy.copy(jsc, new SparkConf(false), args(in, out));

    assertThat(tree(out)).isEqualTo(tree(in));
    assertThat(s.blobs()).isEqualTo(3);
    assertThat(s.staleDeleted()).isEqualTo(2);
    assertThat(out.resolve("gone")).doesNotExist();
    assertThat(out.resolve("stray")).doesNotExist();
  }

  @Test
  void anEmptyOrMissingInputFails() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty/sub"));
    String emptyUri = tmp.resolve("empty").toUri().toString();
    assertThatThrownBy(() -> SparkBlobCopy.copy(jsc, new SparkConf(false), List.of("input=" + emptyUri, "output=" + tmp.resolve("o").toUri())))
        .isInstanceOf(IOException.class)
        .hasMessage("input " + emptyUri + " has no blobs; nothing to copy");
    assertThat(empty).exists();
    assertThatThrownBy(() -> SparkBlobCopy.copy(jsc, new SparkConf(false), List.of("input=file:/no/such/dir", "output=file:" + tmp.resolve("o"))))
        .isInstanceOf(IOException.class)
        .hasMessage("input file:/no/such/dir has no blobs; nothing to copy");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void localStoreUrisMapUnderTheLocalRoot() throws IOException {
    Path root = tmp.resolve("store");
    write(root, "data/in/one.txt", 42);
    write(root, "data/in/sub/two.txt", 7);
    SparkConf conf = new SparkConf(false).set(SparkBlobCopy.CONF_STORAGE_LOCAL_ROOT, root.toString())
        .set(SparkBlobCopy.CONF_STORAGE_CONNECTION_STRING, "UseLocalStore=true");

    CopySummary s = SparkBlobCopy.copy(jsc, conf, List.of(
        "--className", "x", "input=wasbs://data@local/in", "--output", "wasb://data@local.blob.core.windows.net/out"));

    assertThat(s.blobs()).isEqualTo(2);
    assertThat(tree(root.resolve("data/out"))).isEqualTo(tree(root.resolve("data/in")));
  }

  @Test
  void theConnectionStringSetsTheHadoopKeyAndIsNeverShown() throws IOException {
    String confKey = "fs.azure.account.key.acctx.blob.core.windows.net";
    Path in = tmp.resolve("in");
    write(in, "f.txt", 10);
    SparkConf conf = new SparkConf(false)
        .set(SparkBlobCopy.CONF_STORAGE_CONNECTION_STRING, "AccountName=acctx;AccountKey=" + SECRET);
    try {
      assertThatThrownBy(() -> SparkBlobCopy.copy(jsc, conf, List.of("--secret", SECRET, "input=" + in.toUri())))
          .isInstanceOf(IllegalArgumentException.class)
          .message().doesNotContain(SECRET);

      CopySummary s = SparkBlobCopy.copy(jsc, conf, args(in, tmp.resolve("out")));

      assertThat(jsc.hadoopConfiguration().get(confKey)).isEqualTo(SECRET);
      assertThat(s.line()).doesNotContain(SECRET);
      assertThat(s.toString()).doesNotContain(SECRET);
      assertThatThrownBy(() -> SparkBlobCopy.copy(jsc, conf, List.of("input=" + tmp.resolve("nothing").toUri(), "output=file:/x")))
          .message().doesNotContain(SECRET);
    } finally {
      jsc.hadoopConfiguration().unset(confKey);
    }
  }

  private static List<String> args(Path in, Path out) {
    return List.of("input=" + in.toUri(), "output=" + out.toUri());
  }

  /** Writes {@code length} random bytes (seeded by the name and length) to {@code dir/name}. */
  private static long write(Path dir, String name, int length) throws IOException {
    byte[] data = new byte[length];
    new Random(name.hashCode() * 31L + length).nextBytes(data);
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, data);
    return length;
  }

  /** Relative path → content (as a string of bytes, so equals compares content) of every file. */
  private static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(dir.relativize(f).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
      }
    }
    return files;
  }
}
