package dev.adf.orchestrator.catalog;

/**
 * Receives what {@link TypeCatalog#check} finds. {@code pointer} is an RFC 6901 JSON pointer into
 * the checked file, keys spelled as in the file; messages never contain secret values.
 */
public interface ProblemSink {

  /** ADF v1 would reject the entity (unknown type, missing required key, value of the wrong kind). */
  void error(String pointer, String message);

  /** ADF v1 would accept the entity but something is likely a mistake (an unknown key). */
  void warning(String pointer, String message);
}
