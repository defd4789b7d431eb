package dev.adf.engine.filecopy.format;

import java.util.Locale;

/** ADF {@code compression.level}: Optimal → zlib level 6, Fastest → 1 (.NET CompressionLevel). */
public enum Level {
  OPTIMAL(6), FASTEST(1);

  private final int zlib;

  Level(int zlib) {
    this.zlib = zlib;
  }

  /** @throws IllegalArgumentException for a value other than Optimal or Fastest; null is OPTIMAL */
  public static Level parse(String adfLevel) {
    if (adfLevel == null || adfLevel.isBlank()) {
      return OPTIMAL;
    }
    return switch (adfLevel.trim().toLowerCase(Locale.ROOT)) {
      case "optimal" -> OPTIMAL;
      case "fastest" -> FASTEST;
      default -> throw new IllegalArgumentException("compression level '" + adfLevel + "' is not Optimal or Fastest");
    };
  }

  public int zlibLevel() {
    return zlib;
  }
}
