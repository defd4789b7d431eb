package dev.adf.engine.livy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of the batches a server holds: the answer to {@code GET /batches?from=&size=}
 * (apache/incubator-livy {@code docs/rest-api.md}), ordered by id.
 *
 * @param from the index (0-based) of the first batch in {@link #sessions} among all held batches
 * @param total how many batches the server holds in all (not the page size)
 * @param sessions the page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchList(int from, int total, List<Batch> sessions) {
  public BatchList {
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
  }
}
