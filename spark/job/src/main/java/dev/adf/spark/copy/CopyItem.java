package dev.adf.spark.copy;

import java.io.Serializable;

/**
 * One file to copy, shipped to a task.
 *
 * @param source the source file's Hadoop path URI
 * @param target the target file's Hadoop path URI
 * @param length the source length in bytes, from the listing
 */
record CopyItem(String source, String target, long length) implements Serializable {

  private static final long serialVersionUID = 1L;
}
