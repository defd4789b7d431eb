package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.storage.BlobItem;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.testing.AzuriteExtension;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample pipeline end to end against a real Azurite through the Azure Storage Blob SDK: the
 * environment config points StorageLinkedService at Azurite, the built-in engine's copy job copies
 * input/data to output/results, and every blob arrives byte-identical.
 */
class AzuriteSampleRunTest {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  @TempDir Path tmp;

  @Test
  void sampleCopiesEveryBlobThroughTheAzureSdk() throws Exception {
    String cs = AZURITE.connectionString();
    Map<String, String> expected = new TreeMap<>();
    try (BlobStore store = BlobStores.open(cs, tmp.resolve("unused"))) {
      Path data = SampleFactory.inputData();
      for (Path f : Files.walk(data).filter(Files::isRegularFile).toList()) {
        String name = "data/" + data.relativize(f).toString().replace('\\', '/');
        byte[] bytes = Files.readAllBytes(f);
        store.write("input", name, new ByteArrayInputStream(bytes), bytes.length);
        expected.put(name.substring("data/".length()), md5(bytes));
      }
      // One blob larger than a copy block (8 MiB), so the block path is exercised too.
      byte[] big = new byte[9 * 1024 * 1024 + 123];
      new Random(42).nextBytes(big);
      store.write("input", "data/big/blob.bin", new ByteArrayInputStream(big), big.length);
      expected.put("big/blob.bin", md5(big));
    }

    try (Harness h = new Harness(tmp.resolve("home"), Instant.parse("2026-01-01T00:00:00Z"))) {
      h.deploy(SampleFactory.copy(tmp.resolve("f")), SampleFactory.config(tmp.resolve("azurite.json"), cs));
      h.runUntilIdle();
      ActivityWindow w = h.windows().get(0);
      assertThat(w.state().status()).as("attempts: %s", h.attempts(w)).isEqualTo(WindowStatus.Ready);
    }

    Map<String, String> copied = new TreeMap<>();
    try (BlobStore store = BlobStores.open(cs, tmp.resolve("unused"))) {
      for (Iterator<BlobItem> it = store.list("output", "results/"); it.hasNext(); ) {
        BlobItem b = it.next();
        try (InputStream in = store.openRead("output", b.name())) {
          copied.put(b.name().substring("results/".length()), md5(in.readAllBytes()));
        }
      }
    }
    assertThat(copied).isEqualTo(expected);
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }
}
