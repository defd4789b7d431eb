package dev.adf.engine.livy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of a batch's log: the answer to {@code GET /batches/{id}/log} (apache/incubator-livy {@code
 * docs/rest-api.md}). Livy's table calls the count {@code size}, but the server sends {@code total}.
 *
 * @param id the batch id
 * @param from the index (0-based) of the first line in {@link #log}
 * @param total how many lines the whole log has (on Livy: the lines it still holds, at most {@code
 *     livy.cache-log.size})
 * @param log the lines, at most the requested size
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchLog(int id, int from, int total, List<String> log) {
  public BatchLog {
    log = log == null ? List.of() : List.copyOf(log);
  }
}
