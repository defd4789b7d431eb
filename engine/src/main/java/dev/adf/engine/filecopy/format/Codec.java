package dev.adf.engine.filecopy.format;

import java.util.Locale;

/** Compression codec of one side of a copy (ADF {@code compression.type}). */
public enum Codec {
  NONE(""), GZIP(".gz"), DEFLATE(".deflate"), BZIP2(".bz2"), ZIPDEFLATE(".zip");

  private final String extension;

  Codec(String extension) {
    this.extension = extension;
  }

  /**
   * Parses ADF's type name ignoring case; null or "" is NONE.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static Codec parse(String adfType) {
    if (adfType == null || adfType.isBlank()) {
      return NONE;
    }
    return switch (adfType.trim().toLowerCase(Locale.ROOT)) {
      case "gzip" -> GZIP;
      case "deflate" -> DEFLATE;
      case "bzip2" -> BZIP2;
      case "zipdeflate" -> ZIPDEFLATE;
      default -> throw new IllegalArgumentException("compression type '" + adfType
          + "' is not one of GZip, Deflate, BZip2, ZipDeflate");
    };
  }

  /** The file-name extension of generated names: "" / ".gz" / ".deflate" / ".bz2" / ".zip". */
  public String extension() {
    return extension;
  }
}
