package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobLocation;
import dev.adf.engine.storage.LocalFolderBlobStore;
import dev.adf.engine.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotence, no partial blobs, listing order and progress of local folder copies. */
class LocalCopyGuaranteesTest {

  @TempDir Path root;

  private static final BlobLocation IN = new BlobLocation(null, "input", "data");
  private static final BlobLocation OUT_FOLDER = new BlobLocation(null, "output", "results");
  private static final BlobLocation OUT_CONTAINER = new BlobLocation(null, "whole", "");

  @Test
  void rerunIntoAFolderGivesTheSameOutputAndDeletesStaleBlobs() throws Exception {
    var store = new LocalFolderBlobStore(root);
    Map<String, String> expected = TestData.putMixedShape(store, "input", "data/");
    BlobCopier copier = BlobCopier.withDefaults();
    CopyResult first = copier.copy(store, IN, store, OUT_FOLDER, () -> false);
    assertThat(first.method()).isEqualTo("local staged folder");
    TestData.put(store, "output", "results/stale-from-attempt-1.csv", new byte[10]);
    TestData.put(store, "output", "results/nested/old/x.bin", new byte[5]);
    TestData.put(store, "output", "results-sibling/keep.txt", new byte[1]); // not under the prefix
    List<String> log = new CopyOnWriteArrayList<>();
    CopyResult second = copier.copy(store, IN, store, OUT_FOLDER, () -> false, log::add);
    assertThat(TestData.md5s(store, "output", "results/")).isEqualTo(expected);
    assertThat(second.staleDeleted()).isEqualTo(2);
    assertThat(log).contains("deleted 2 stale blobs under output/results/ that the source does not have");
    assertThat(store.exists("output", "results-sibling/keep.txt")).isTrue();
    assertThat(hiddenLeftovers()).isEmpty();
  }

  @Test
  void rerunIntoAWholeContainerDeletesStaleBlobsThroughTheMergeWalk() throws Exception {
    var store = new LocalFolderBlobStore(root);
    Map<String, String> expected = TestData.putMixedShape(store, "input", "data/");
    BlobCopier copier = BlobCopier.withDefaults();
    assertThat(copier.copy(store, IN, store, OUT_CONTAINER, () -> false).method()).isEqualTo("local file copy");
    TestData.put(store, "whole", "nested/stale.bin", new byte[3]);
    TestData.put(store, "whole", "zz-stale", new byte[3]);
    CopyResult again = copier.copy(store, IN, store, OUT_CONTAINER, () -> false);
    assertThat(again.staleDeleted()).isEqualTo(2);
    assertThat(TestData.md5s(store, "whole", "")).isEqualTo(expected);
    assertThat(Files.exists(root.resolve("whole/nested/stale.bin"))).isFalse();
  }

  @Test
  void aFolderCopyFailingHalfWayLeavesTheOldOutputAndNoPartialBlob() throws Exception {
    var store = new LocalFolderBlobStore(root);
    TestData.putMixedShape(store, "input", "data/");
    TestData.put(store, "output", "results/previous.csv", "old run\n".getBytes());
    assertThatThrownBy(() -> BlobCopier.builder().localThreads(1).build()
            .copy(store, IN, store, OUT_FOLDER, failAfter(4)))
        .isInstanceOf(InterruptedException.class);
    assertThat(TestData.md5s(store, "output", "results/")).containsOnlyKeys("previous.csv");
    assertThat(hiddenLeftovers()).isEmpty();
  }

  @Test
  void aPerFileCopyFailingHalfWayShowsOnlyCompleteBlobs() throws Exception {
    var store = new LocalFolderBlobStore(root);
    Map<String, String> expected = TestData.putMixedShape(store, "input", "data/");
    assertThatThrownBy(() -> BlobCopier.builder().localThreads(1).build()
            .copy(store, IN, store, OUT_CONTAINER, failAfter(4)))
        .isInstanceOf(InterruptedException.class);
    Map<String, String> visible = TestData.md5s(store, "whole", "");
    assertThat(visible).isNotEmpty().hasSizeLessThan(expected.size());
    visible.forEach((name, md5) -> assertThat(md5).as(name).isEqualTo(expected.get(name)));
    assertThat(hiddenLeftovers()).isEmpty();
  }

  @Test
  void listingsComeInUtf8ByteOrderLikeAzure() throws Exception {
    var store = new LocalFolderBlobStore(root);
    // UTF-16 order puts the emoji (surrogate 0xD83D) before U+FFFD; UTF-8 order (F0.. > EF..) after
    for (String name : List.of("a\uFFFD", "a\uD83D\uDE00", "a-b", "a/x", "a0", "B")) {
      TestData.put(store, "order", name, new byte[1]);
    }
    List<String> names = new ArrayList<>();
    store.list("order", "").forEachRemaining(i -> names.add(i.name()));
    assertThat(names).containsExactly("B", "a-b", "a/x", "a0", "a\uFFFD", "a\uD83D\uDE00");
  }

  @Test
  void logsProgressAtTheIntervalAndCountsEveryByte() throws Exception {
    var store = new LocalFolderBlobStore(root);
    TestData.putMixedShape(store, "input", "data/");
    List<String> log = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch firstLine = new java.util.concurrent.CountDownLatch(1);
    // Reads wait (bounded) for the first progress line, so the copy is still running when the 1 ms
    // timer logs: a page-cache copy can otherwise end before the timer thread first runs.
    BlobStore source = new PortOnly(store) {
      @Override
      public java.io.InputStream openRead(String c, String n) throws java.io.IOException {
        try {
          firstLine.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.openRead(c, n);
      }
    };
    CopyResult r = BlobCopier.builder().localThreads(1).progressInterval(Duration.ofMillis(1)).build()
        .copy(source, IN, store, OUT_FOLDER, () -> false, line -> {
          log.add(line);
          firstLine.countDown();
        });
    assertThat(log).anySatisfy(l -> assertThat(l).matches("copy progress: \\d+ blobs, [0-9.]+ MB in [0-9.]+ s \\([0-9.]+ MB/s so far\\)"));
    long total = 0;
    for (var it = store.list("input", "data/"); it.hasNext(); ) {
      BlobItem item = it.next();
      total += item.size();
    }
    assertThat(r.bytes()).isEqualTo(total);
    assertThat(r.summary()).startsWith(r.blobs() + " blobs, ").contains("MB/s");
  }

  /** Stops the copy after {@code n} polls: units already running complete, the rest never start. */
  private static BooleanSupplier failAfter(int n) {
    AtomicInteger polls = new AtomicInteger();
    return () -> polls.incrementAndGet() > n;
  }

  private List<Path> hiddenLeftovers() throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith(LocalFolderBlobStore.TEMP_PREFIX)).toList();
    }
  }
}
