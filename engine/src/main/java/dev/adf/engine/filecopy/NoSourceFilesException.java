package dev.adf.engine.filecopy;

import java.io.IOException;

/**
 * The source of a copy selects no file. ADF v1 fails such a slice ({@code UserErrorSourceBlobNotExist:
 * The required Blob is missing … BlobCount: 0}); the message names the resolved place and the
 * selection, so a user sees which slice's path was empty.
 */
public final class NoSourceFilesException extends IOException {
  NoSourceFilesException(CopyPlan.Endpoint side, String store) {
    super("UserErrorSourceBlobNotExist: no file to copy in " + side.label() + ": "
        + side.container() + "/" + side.prefix() + (side.fileName() == null ? "" : side.fileName())
        + (side.fileName() == null ? " (recursive=" + side.recursive()
            + (side.fileFilter() == null ? "" : ", fileFilter=" + side.fileFilter()) + ")" : "")
        + " in " + store + "; BlobCount: 0. Check that the slice's input exists at that path");
  }
}
