package dev.adf.orchestrator.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Closest-name suggestions for misspelt types, keys and enum values. */
public final class Names {

  private Names() {}

  /**
   * The known name closest to {@code given} (ignoring case) when it is plausibly a misspelling:
   * edit distance at most a third of the longer name (at least 2), or one name containing the other.
   */
  public static Optional<String> closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      String kl = k.toLowerCase(Locale.ROOT);
      int d = distance(g, kl);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String bl = best.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, Math.max(g.length(), bl.length()) / 3);
    if (bestDistance <= limit) {
      return Optional.of(best);
    }
    return known.stream()
        .filter(k -> k.length() >= 4 && (g.contains(k.toLowerCase(Locale.ROOT)) || k.toLowerCase(Locale.ROOT).contains(g)))
        .max((a, b) -> Integer.compare(a.length(), b.length()));
  }

  /** Levenshtein distance (Apache Commons Text). */
  static int distance(String a, String b) {
    return LevenshteinDistance.getDefaultInstance().apply(a, b);
  }
}
