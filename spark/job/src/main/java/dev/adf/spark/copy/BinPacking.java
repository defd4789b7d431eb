package dev.adf.spark.copy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Spreads files over tasks by size: largest first, each onto the least-loaded bin (LPT). */
final class BinPacking {

  private BinPacking() {}

  /**
   * Packs {@code items} into exactly {@code bins} lists (some empty when there are fewer items);
   * ties between equally loaded bins go to the lower index, so the result is deterministic.
   *
   * @throws IllegalArgumentException when {@code bins < 1}
   */
  static List<List<CopyItem>> pack(List<CopyItem> items, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    List<List<CopyItem>> result = new ArrayList<>(bins);
    long[] load = new long[bins];
    PriorityQueue<Integer> leastLoaded = new PriorityQueue<>(
        Comparator.<Integer>comparingLong(i -> load[i]).thenComparingInt(i -> i));
    for (int i = 0; i < bins; i++) {
      result.add(new ArrayList<>());
      leastLoaded.add(i);
    }
    List<CopyItem> bySize = new ArrayList<>(items);
    bySize.sort(Comparator.comparingLong(CopyItem::length).reversed().thenComparing(CopyItem::source));
    for (CopyItem item : bySize) {
      int bin = leastLoaded.poll();
      result.get(bin).add(item);
      load[bin] += item.length();
      leastLoaded.add(bin);
    }
    return result;
  }
}
