package dev.adf.orchestrator.reliability;

/**
 * One mutated factory: what was changed, reproducible from {@code seed} alone
 * ({@code tools/reliability/fuzz-definitions.sh --case SEED}).
 *
 * @param seed the case's seed; {@link DefinitionMutator#mutate} with it makes the same bytes again
 * @param source the factory mutated: {@code sample}, {@code copy-sample}, {@code corpus:<folder>} or
 *     {@code corpus-file:<path>} (one corpus file validated on its own)
 * @param file the mutated file, relative to the factory folder ({@code ../config.json} for the config)
 * @param kind the mutation's kind
 * @param detail what exactly was done (the place and the value), for a person reading a failure
 */
public record Mutation(long seed, String source, String file, Kind kind, String detail) {

  /** The kinds of the issue: structure-aware (on the Jackson tree) and raw (on the file's bytes). */
  public enum Kind {
    /** An object member removed. */
    REMOVE_KEY,
    /** A value replaced by one of another JSON type (null, boolean, number, text, array, object). */
    WRONG_TYPE,
    /** A value replaced by a huge number (past long, double, Jackson's 1,000-digit limit) or digits grown. */
    HUGE_NUMBER,
    /** A value replaced by zero, a negative or a denormal number, or its digits zeroed or negated. */
    TINY_NUMBER,
    /** A value replaced by arrays or objects nested 50 to 100,000 deep (Jackson stops at 1,000). */
    DEEP_NESTING,
    /** A text value or key replaced by an odd string: empty, 100,000 characters, NUL, a lone surrogate, a newline. */
    ODD_STRING,
    /** Bytes that are not UTF-8 inserted (a lone lead or continuation byte, overlong, a surrogate), or Latin-1. */
    BROKEN_UTF8,
    /** A byte-order mark: UTF-8 (one, two, in the middle) or the file re-encoded as UTF-16/32 with or without one. */
    BOM,
    /** The file cut at a random byte (empty, in a key, inside a multi-byte character). */
    TRUNCATION
  }

  /** One line: seed, kind, source, file, detail. */
  @Override
  public String toString() {
    return String.format("seed %d  %s  %s  %s  %s", seed, kind, source, file, detail);
  }
}
