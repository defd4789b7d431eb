package dev.adf.orchestrator.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The keys an ADF v1 object may have and which of them are required.
 *
 * @param keys known keys in documentation order
 * @param requiredGroups each group needs at least one of its keys present and not null; a plain
 *     required key is a group of one, {@code [script, scriptPath]} is a "one of" group
 */
public record ObjectShape(List<KeySpec> keys, List<List<String>> requiredGroups) {

  public ObjectShape {
    keys = List.copyOf(keys);
    requiredGroups = requiredGroups.stream().map(List::copyOf).toList();
    Map<String, KeySpec> byName = new LinkedHashMap<>();
    for (KeySpec k : keys) {
      if (byName.put(lower(k.name()), k) != null) {
        throw new IllegalArgumentException("duplicate key " + k.name());
      }
    }
  }

  /** The key spec whose name equals {@code key} ignoring case. */
  public Optional<KeySpec> key(String key) {
    return keys.stream().filter(k -> k.name().equalsIgnoreCase(key)).findFirst();
  }

  /** Known key names in documentation order. */
  public List<String> keyNames() {
    return Collections.unmodifiableList(keys.stream().map(KeySpec::name).toList());
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
