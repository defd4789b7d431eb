package dev.adf.engine.filecopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.filecopy.CopyPlan.Behavior;
import dev.adf.engine.filecopy.CopyPlan.Method;
import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.LocalFolderBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Copy job's plan executor on the real local folder store: ADF v1's recursive × copyBehavior
 * table (Azure Blob connector, "recursive and copyBehavior examples"), names, reruns, compression
 * and re-serialization.
 */
class FileCopyTest {
  static final String GEN = "Data.0f8fad5b-d9cb-469f-a165-70867728950e";

  @TempDir Path root;
  BlobStore store;

  @BeforeEach
  void tree() throws IOException {
    store = new LocalFolderBlobStore(root);
    // ADF's example tree: Folder1/{File1, File2, Subfolder1/{File3, File4, File5}}
    for (String f : List.of("File1", "File2", "Subfolder1/File3", "Subfolder1/File4", "Subfolder1/File5")) {
      put("src", "Folder1/" + f, f.substring(f.lastIndexOf('/') + 1) + "\n");
    }
  }

  @ParameterizedTest(name = "recursive={0}, {1}")
  @CsvSource({
      "true,  PRESERVE_HIERARCHY, 5, 'File1,File2,Subfolder1/File3,Subfolder1/File4,Subfolder1/File5'",
      "true,  FLATTEN_HIERARCHY,  5, ''",
      "true,  MERGE_FILES,        1, ''",
      "false, PRESERVE_HIERARCHY, 2, 'File1,File2'",
      "false, FLATTEN_HIERARCHY,  2, ''",
      "false, MERGE_FILES,        1, ''"})
  void adfRecursiveTimesCopyBehaviorTable(boolean recursive, Behavior behavior, int files, String preserved)
      throws Exception {
    CopyOutcome o = run(plan(source(recursive), sink(null, null), behavior, Method.BINARY));
    Map<String, String> out = contents("dst", "Folder1/");
    assertThat(out).hasSize(files);
    assertThat(o.filesWritten()).isEqualTo(files);
    assertThat(o.filesRead()).isEqualTo(recursive ? 5 : 2);
    assertThat(o.copyBehavior()).isEqualTo(behavior.adfName());
    switch (behavior) {
      case PRESERVE_HIERARCHY -> assertThat(out.keySet()).containsExactly(preserved.split(","));
      case FLATTEN_HIERARCHY -> {
        assertThat(out.keySet()).allMatch(n -> n.matches(java.util.regex.Pattern.quote(GEN) + "\\.[0-9a-f-]{36}"));
        assertThat(out.values()).containsExactlyInAnyOrderElementsOf(
            recursive ? List.of("File1\n", "File2\n", "File3\n", "File4\n", "File5\n") : List.of("File1\n", "File2\n"));
      }
      case MERGE_FILES -> {
        assertThat(out.keySet()).containsExactly(GEN);
        assertThat(out.get(GEN)).isEqualTo(recursive ? "File1\nFile2\nFile3\nFile4\nFile5\n" : "File1\nFile2\n");
      }
    }
  }

  @Test
  void aRerunReplacesItsOwnGeneratedFilesDeletesItsStaleOnesAndLeavesOtherWindowsAlone() throws Exception {
    CopyPlan p = plan(source(true), sink(null, null), Behavior.FLATTEN_HIERARCHY, Method.BINARY);
    run(p);
    put("dst", "Folder1/Data.other-window-guid.txt", "another window's output\n");
    Map<String, String> first = contents("dst", "Folder1/");
    store.delete("src", "Folder1/Subfolder1/File5");
    CopyOutcome again = run(p);
    Map<String, String> second = contents("dst", "Folder1/");
    assertThat(again.staleDeleted()).isEqualTo(1);
    assertThat(second).hasSize(5).containsEntry("Data.other-window-guid.txt", "another window's output\n");
    assertThat(first.keySet()).containsAll(second.keySet());
    assertThat(second.values()).doesNotContain("File5\n");
  }

  @Test
  void aBinaryCopyIntoAnExistingFolderReplacesItsFilesKeepsTheOthersAndLeavesNoStagingBehind() throws Exception {
    CopyPlan p = plan(source(true), sink(null, null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    run(p); // a new folder: staged, swapped in
    put("dst", "Folder1/Other", "not from this copy\n");
    put("dst", "Folder1/Subfolder1/File3", "old\n");
    put("src", "Folder1/Subfolder1/File3", "new File3\n");
    run(p); // an existing folder: file by file
    Map<String, String> out = contents("dst", "Folder1/");
    assertThat(out).hasSize(6).containsEntry("Other", "not from this copy\n").containsEntry("Subfolder1/File3", "new File3\n");
    try (var files = java.nio.file.Files.walk(root.resolve("dst"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(LocalFolderBlobStore.TEMP_PREFIX));
    }
  }

  @Test
  void aBinaryCopyOntoAFolderOfTheSameNameFailsNamingItAndLeavesNoStagingBehind() throws Exception {
    put("dst", "Folder1/File2/inner", "a folder where a file goes\n");
    CopyPlan p = plan(source(false), sink(null, null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    assertThatThrownBy(() -> run(p)).isInstanceOf(IOException.class).hasMessageContaining("a folder of that name");
    try (var files = java.nio.file.Files.walk(root.resolve("dst"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(LocalFolderBlobStore.TEMP_PREFIX));
    }
  }

  @Test
  void aNamedSourceFileAndANamedSinkFile() throws Exception {
    CopyPlan p = plan(new CopyPlan.Endpoint("in", "src", "Folder1/Subfolder1", "File4", null, false, null, null, null),
        sink("result.txt", null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    run(p);
    assertThat(contents("dst", "Folder1/")).containsExactly(Map.entry("result.txt", "File4\n"));
  }

  @Test
  void aFolderPathThatIsAFileIsThatFile() throws Exception {
    CopyPlan p = plan(new CopyPlan.Endpoint("in", "src", "Folder1/File2", null, null, true, null, null, null),
        sink(null, null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    run(p);
    assertThat(contents("dst", "Folder1/")).containsExactly(Map.entry("File2", "File2\n"));
  }

  @Test
  void severalFilesIntoOneNamedFileWithoutMergeFilesIsRefusedWithWhatToDo() {
    CopyPlan p = plan(source(false), sink("all.txt", null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    assertThatThrownBy(() -> run(p)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("File1, File2").hasMessageContaining("MergeFiles");
  }

  @Test
  void mergeFilesIntoANamedFile() throws Exception {
    run(plan(source(false), sink("all.txt", null), Behavior.MERGE_FILES, Method.BINARY));
    assertThat(contents("dst", "Folder1/")).containsExactly(Map.entry("all.txt", "File1\nFile2\n"));
  }

  @Test
  void anEmptySourceFailsWithAdfsMeaningAndTheResolvedPath() {
    CopyPlan p = plan(new CopyPlan.Endpoint("dataset 'In' (src/nothing/here)", "src", "nothing/here", null, null, true,
        null, null, null), sink(null, null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    assertThatThrownBy(() -> run(p)).isInstanceOf(NoSourceFilesException.class)
        .hasMessageContaining("UserErrorSourceBlobNotExist").hasMessageContaining("src/nothing/here/")
        .hasMessageContaining("BlobCount: 0");
  }

  @Test
  void fileFilterKeepsMatchingNames() throws Exception {
    put("src", "Folder1/a.csv", "a\n");
    put("src", "Folder1/b.csv", "b\n");
    put("src", "Folder1/c.tsv", "c\n");
    CopyPlan p = plan(new CopyPlan.Endpoint("in", "src", "Folder1", null, "?.csv", false, null, null, null),
        sink(null, null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    run(p);
    assertThat(contents("dst", "Folder1/").keySet()).containsExactly("a.csv", "b.csv");
  }

  @Test
  void aSinkInsideTheSourceOnTheSameStoreIsRefused() {
    CopyPlan p = plan(source(true), new CopyPlan.Endpoint("out", "src", "Folder1/copy", null, null, false, null, null,
        null), Behavior.PRESERVE_HIERARCHY, Method.BINARY);
    assertThatThrownBy(() -> new FileCopy(BlobCopier.withDefaults()).run(p, store, store, true, () -> false, l -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("copy the copy");
  }

  @Test
  void compressionIsAddedOnTheStreamAndNamedWithItsExtension() throws Exception {
    CopyPlan p = plan(source(false), sink(null, "GZip"), Behavior.FLATTEN_HIERARCHY, Method.TRANSCODE);
    CopyOutcome o = run(p);
    List<String> names = new ArrayList<>(contents("dst", "Folder1/").keySet());
    assertThat(names).hasSize(2).allMatch(n -> n.endsWith(".gz"));
    List<String> plain = new ArrayList<>();
    for (String n : names) {
      try (InputStream in = new GZIPInputStream(store.openRead("dst", "Folder1/" + n))) {
        plain.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(plain).containsExactlyInAnyOrder("File1\n", "File2\n");
    assertThat(o.method()).isEqualTo("transcode");
    assertThat(o.dataRead()).isEqualTo(12);
    assertThat(o.dataWritten()).isGreaterThan(20); // gzip headers
  }

  @Test
  void compressionIsChangedOnTheStreamGzipInBzip2Out() throws Exception {
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write("compressed twice\n".getBytes(StandardCharsets.UTF_8));
    }
    store.write("z", "in/a.gz", new ByteArrayInputStream(gz.toByteArray()), gz.size());
    CopyPlan p = new CopyPlan(new CopyPlan.Endpoint("in", "z", "in", null, null, true, "GZip", null, null),
        new CopyPlan.Endpoint("out", "z", "out", null, null, false, "BZip2", "Fastest", null),
        Behavior.PRESERVE_HIERARCHY, Method.TRANSCODE, GEN, 0);
    run(p);
    try (InputStream in = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
        store.openRead("z", "out/a.gz"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("compressed twice\n");
    }
  }

  @Test
  void parallelCopiesCapsTheFilesInFlightAndStillCopiesThemAll() throws Exception {
    for (int i = 0; i < 40; i++) {
      put("many", "in/f" + i, "file " + i + "\n");
    }
    CopyPlan p = new CopyPlan(new CopyPlan.Endpoint("in", "many", "in", null, null, true, null, null, null),
        new CopyPlan.Endpoint("out", "many", "out", null, null, false, "GZip", null, null),
        Behavior.PRESERVE_HIERARCHY, Method.TRANSCODE, GEN, 1);
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    BlobStore watching = new dev.adf.engine.copy.PortOnly(store) {
      @Override
      public InputStream openRead(String c, String n) throws IOException {
        threads.add(Thread.currentThread().getName());
        return super.openRead(c, n);
      }
    };
    CopyOutcome o = new FileCopy(BlobCopier.withDefaults()).run(p, watching, store, false, () -> false, l -> {});
    assertThat(o.filesWritten()).isEqualTo(40);
    assertThat(threads).hasSize(1);
  }

  @Test
  void csvIsReserializedAsTsvAndMergedWithOneHeader() throws Exception {
    put("csv", "in/a.csv", "id,name\n1,\"x, y\"\n2,z\n");
    put("csv", "in/b.csv", "id,name\n3,w\n");
    TextSettings csv = new TextSettings(",", null, "\"", null, null, null, true, 0, true);
    TextSettings tsv = new TextSettings("\t", "\n", null, null, null, null, true, 0, true);
    CopyPlan p = new CopyPlan(new CopyPlan.Endpoint("in", "csv", "in", null, null, true, null, null, csv),
        new CopyPlan.Endpoint("out", "csv", "out", "all.tsv", null, false, null, null, tsv), Behavior.MERGE_FILES,
        Method.RESERIALIZE, GEN, 0);
    CopyOutcome o = run(p);
    assertThat(text("csv", "out/all.tsv")).isEqualTo("id\tname\n1\tx, y\n2\tz\n3\tw\n");
    assertThat(o.rowsRead()).isEqualTo(3);
    assertThat(o.rowsCopied()).isEqualTo(3);
    assertThat(o.method()).isEqualTo("re-serialize");
  }

  @Test
  void aZipDeflateSourceIsReadAsItsEntries() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("one.txt"));
      z.write("1\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("sub/two.txt"));
      z.write("2\n".getBytes(StandardCharsets.UTF_8));
    }
    store.write("zips", "in/archive.zip", new ByteArrayInputStream(zip.toByteArray()), zip.size());
    CopyPlan p = new CopyPlan(new CopyPlan.Endpoint("in", "zips", "in", null, null, true, "ZipDeflate", null, null),
        new CopyPlan.Endpoint("out", "zips", "out", null, null, false, null, null, null), Behavior.PRESERVE_HIERARCHY,
        Method.TRANSCODE, GEN, 0);
    CopyOutcome o = run(p);
    assertThat(contents("zips", "out/")).containsOnly(Map.entry("one.txt", "1\n"), Map.entry("sub/two.txt", "2\n"));
    assertThat(o.filesRead()).isEqualTo(1);
    assertThat(o.filesWritten()).isEqualTo(2);
  }

  @Test
  void thePlanTravelsAsJson() {
    TextSettings tsv = new TextSettings("\t", "\n", null, null, "N", "windows-1250", true, 1, false);
    CopyPlan p = new CopyPlan(new CopyPlan.Endpoint("in", "c", "a/b", "f.txt", null, true, "GZip", "Fastest", tsv),
        sink(null, "BZip2"), Behavior.MERGE_FILES, Method.TRANSCODE, GEN, 4);
    assertThat(CopyPlan.fromJson(p.toJson())).isEqualTo(p);
    assertThatThrownBy(() -> CopyPlan.fromJson("{\"source\": 1}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a copy plan");
  }

  // --- helpers

  private CopyOutcome run(CopyPlan p) throws Exception {
    return new FileCopy(BlobCopier.withDefaults()).run(p, store, store, false, () -> false, l -> {});
  }

  private static CopyPlan.Endpoint source(boolean recursive) {
    return new CopyPlan.Endpoint("in", "src", "Folder1", null, null, recursive, null, null, null);
  }

  private static CopyPlan.Endpoint sink(String fileName, String compression) {
    return new CopyPlan.Endpoint("out", "dst", "Folder1", fileName, null, false, compression, null, null);
  }

  private static CopyPlan plan(CopyPlan.Endpoint in, CopyPlan.Endpoint out, Behavior b, Method m) {
    return new CopyPlan(in, out, b, m, GEN, 0);
  }

  private void put(String container, String name, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    store.write(container, name, new ByteArrayInputStream(b), b.length);
  }

  private String text(String container, String name) throws IOException {
    try (InputStream in = store.openRead(container, name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Relative name → content of every blob under the prefix. */
  private Map<String, String> contents(String container, String prefix) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<BlobItem> it = store.list(container, prefix); it.hasNext(); ) {
      String name = it.next().name();
      out.put(name.substring(prefix.length()), text(container, name));
    }
    return out;
  }
}
