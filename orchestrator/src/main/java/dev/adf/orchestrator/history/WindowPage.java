package dev.adf.orchestrator.history;

import dev.adf.orchestrator.store.ActivityWindow;
import java.util.List;

/**
 * One page of the activity windows list.
 *
 * @param windows the windows of the page, in the filter's order
 * @param total how many windows match the filter, over all pages
 * @param offset windows before this page
 * @param limit the page size asked for
 */
public record WindowPage(List<ActivityWindow> windows, int total, int offset, int limit) {
  public WindowPage {
    windows = List.copyOf(windows);
  }

  /** True when windows follow this page. */
  public boolean hasNext() {
    return offset + windows.size() < total;
  }
}
