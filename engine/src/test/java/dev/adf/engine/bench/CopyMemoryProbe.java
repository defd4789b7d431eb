package dev.adf.engine.bench;

import dev.adf.engine.copy.BlobCopier;
import dev.adf.engine.copy.CopyResult;
import dev.adf.engine.copy.ServerSide;
import dev.adf.engine.storage.BlobStore;
import dev.adf.engine.storage.BlobStores;
import dev.adf.engine.storage.BlobLocation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One copy of container {@code large} to {@code mem-out/out} in this JVM (run with a small -Xmx by
 * {@link CopyBenchmark}), streaming ({@code serverSide=never}), then prints the heap peak (sum of
 * the heap pools' peak usage, reset after a GC before the copy) and VmHWM from /proc/self/status.
 *
 * <p>Arguments: connection string (Azurite, or {@code LocalStoreRoot=/abs}), workers.
 */
public final class CopyMemoryProbe {
  public static void main(String[] args) throws Exception {
    int workers = Integer.parseInt(args[1]);
    try (BlobStore store = BlobStores.open(args[0], null)) {
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      CopyResult r = BlobCopier.builder().workers(workers).serverSide(ServerSide.NEVER).build().copy(
          store, new BlobLocation(null, "large", ""), store, new BlobLocation(null, "mem-out", "out"), () -> false);
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM ?").replaceAll("\\s+", " ");
      System.out.printf("%s; heap peak %.1f MiB; %s%n", r.summary(), peak / 1048576.0, hwm);
      if (r.bytes() != 1024L * 1024 * 1024) {
        throw new AssertionError("copied " + r.bytes() + " bytes, expected 1 GiB");
      }
    }
  }
}
