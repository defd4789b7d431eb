package dev.adf.spark.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BinPackingTest {

  private static CopyItem item(String name, long length) {
    return new CopyItem("file:/in/" + name, "file:/out/" + name, length);
  }

  @Test
  void largestFirstOntoTheLeastLoadedBin() {
    List<List<CopyItem>> bins = BinPacking.pack(
        List.of(item("a", 1), item("b", 10), item("c", 7), item("d", 5), item("e", 4)), 2);
    // 10 -> bin0; 7 -> bin1; 5 -> bin1 (7 < 10); 4 -> bin0 (10 < 12); 1 -> bin0 (14 > 12 -> bin1)
    assertThat(bins.get(0)).extracting(CopyItem::length).containsExactly(10L, 4L);
    assertThat(bins.get(1)).extracting(CopyItem::length).containsExactly(7L, 5L, 1L);
  }

  @Test
  void moreBinsThanItemsLeavesEmptyBins() {
    List<List<CopyItem>> bins = BinPacking.pack(List.of(item("a", 0)), 3);
    assertThat(bins).hasSize(3);
    assertThat(bins.get(0)).hasSize(1);
    assertThat(bins.get(1)).isEmpty();
    assertThatThrownBy(() -> BinPacking.pack(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
