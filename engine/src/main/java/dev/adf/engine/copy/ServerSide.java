package dev.adf.engine.copy;

import java.util.Locale;

/** Whether a copy inside one Azure storage account may let the service move the bytes. */
public enum ServerSide {
  /**
   * Copy server-side when source and target are the same account and the copier holds its key;
   * probe each API once (Copy Blob From URL for blobs up to 256 MiB, Put Block From URL beyond) and
   * stream through the client for the rest of the copy when the service refuses it.
   */
  AUTO,
  /** Always stream the bytes through the client (the block engine). */
  NEVER;

  /**
   * Parses a conf value, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ServerSide parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "adf.copy.serverSide must be auto or never, got '" + text + "'");
    }
  }
}
