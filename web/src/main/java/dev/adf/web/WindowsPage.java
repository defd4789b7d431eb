package dev.adf.web;

import dev.adf.orchestrator.history.WindowFilter;
import dev.adf.orchestrator.history.Pulse;
import dev.adf.orchestrator.history.WindowPage;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The activity windows list (ADF's Activity Windows list and its system views Recent, Failed, In
 * progress): filters in the URL, one page at a time, newest first, multi-select for rerun and skip.
 * {@code /windows/rows} is the live fragment: the table body, re-rendered only when the history changed.
 */
public final class WindowsPage {
  private final Supplier<Web> web;

  WindowsPage(Supplier<Web> web) {
    this.web = web;
  }

  void register(RoutesConfig r) {
    r.get("/windows", this::page);
    r.get("/windows/rows", this::rows);
  }

  /**
   * What the list template shows.
   *
   * @param filter the parsed filter
   * @param page the windows of this page
   * @param query the filter as a query string (no page), for links
   * @param pipelines deployed pipeline names, for the filter's choices
   * @param activities deployed activity names
   * @param token the history's change token when the page was rendered (the live fragment's {@code since})
   * @param live true while something runs: the rows poll for changes
   * @param title the page title (the system view's name)
   */
  public record Model(WindowFilter filter, WindowPage page, String query, List<String> pipelines,
      List<String> activities, String token, boolean live, String title) {
    public List<String> statuses() {
      return Arrays.stream(WindowStatus.values()).map(Enum::name).toList();
    }

    public List<String> substatuses() {
      return Arrays.stream(WindowSubstatus.values()).map(WindowSubstatus::adfName).distinct().toList();
    }

    public boolean statusOn(String s) {
      return filter.statuses().stream().anyMatch(x -> x.name().equals(s));
    }

    public boolean substatusOn(String s) {
      return filter.substatuses().stream().anyMatch(x -> x.adfName().equals(s));
    }

    public int pageNumber() {
      return filter.offset() / filter.limit() + 1;
    }

    /** The live fragment's URL: this page's rows, re-rendered only after a change. */
    public String rowsUrl() {
      return "/windows/rows?" + query + (query.isEmpty() ? "" : "&") + "page=" + pageNumber() + "&since=" + token;
    }

    public String pageUrl(int n) {
      return "/windows?" + query + (query.isEmpty() ? "" : "&") + "page=" + n;
    }

    /** A range action is offered when one activity and a WindowStart range are chosen. */
    public boolean rangeSelected() {
      return filter.pipeline() != null && filter.activity() != null && filter.from() != null && filter.to() != null;
    }
  }

  private Model model(Context ctx, Pulse pulse) {
    Web w = web.get();
    WindowFilter f = Params.windowFilter(ctx);
    WindowPage page = w.monitor.history().windows(f);
    var view = w.monitor.factory();
    List<String> pipelines = view.factory().pipelines().stream().map(p -> p.name()).sorted().toList();
    List<String> activities = view.activities().stream().map(a -> a.activity().name()).distinct().sorted().toList();
    String view1 = Params.text(ctx, "view");
    String title = view1 == null ? "Activity windows" : switch (view1.toLowerCase(java.util.Locale.ROOT)) {
      case "recent" -> "Recent activity windows";
      case "failed" -> "Failed activity windows";
      default -> "In-progress activity windows";
    };
    boolean live = pulse.active() > 0 || page.windows().stream().anyMatch(x -> x.state().status() == WindowStatus.InProgress);
    return new Model(f, page, query(f), pipelines, activities, pulse.token(), live, title);
  }

  private void page(Context ctx) {
    Model m = model(ctx, web.get().monitor.history().pulse());
    Html.page(ctx, "windows.jte", web.get().chrome(m.title(), "windows", command(m.filter())), m);
  }

  private void rows(Context ctx) {
    String since = Params.text(ctx, "since");
    var pulse = web.get().monitor.history().pulse();
    if (since != null && since.equals(pulse.token()) && pulse.active() == 0) {
      ctx.status(204); // nothing changed: htmx keeps the rows as they are
      return;
    }
    Html.render(ctx, "windows-rows.jte", model(ctx, pulse));
  }

  /** The filter as a query string, without the page number. */
  static String query(WindowFilter f) {
    List<String> parts = new ArrayList<>();
    if (f.pipeline() != null) {
      parts.add("pipeline=" + Fmt.q(f.pipeline()));
    }
    if (f.activity() != null) {
      parts.add("activity=" + Fmt.q(f.activity()));
    }
    f.statuses().stream().sorted().forEach(s -> parts.add("status=" + s.name()));
    f.substatuses().stream().map(WindowSubstatus::adfName).distinct().sorted().forEach(s -> parts.add("substatus=" + s));
    if (f.from() != null) {
      parts.add("from=" + Fmt.q(f.from().toString()));
    }
    if (f.to() != null) {
      parts.add("to=" + Fmt.q(f.to().toString()));
    }
    if (f.order() != WindowFilter.Order.NEWEST) {
      parts.add("order=" + f.order().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (f.limit() != WindowFilter.DEFAULT_LIMIT) {
      parts.add("size=" + f.limit());
    }
    return String.join("&", parts);
  }

  /** The equivalent {@code adf windows} command line. */
  static String command(WindowFilter f) {
    StringBuilder b = new StringBuilder("adf windows");
    if (f.pipeline() != null) {
      b.append(" --pipeline ").append(Fmt.arg(f.pipeline()));
    }
    if (f.activity() != null) {
      b.append(" --activity ").append(Fmt.arg(f.activity()));
    }
    if (!f.statuses().isEmpty()) {
      b.append(" --status ").append(String.join(",", f.statuses().stream().sorted().map(Enum::name).toList()));
    }
    if (!f.substatuses().isEmpty()) {
      b.append(" --substatus ").append(String.join(",",
          f.substatuses().stream().map(WindowSubstatus::adfName).distinct().sorted().toList()));
    }
    if (f.from() != null) {
      b.append(" --from ").append(f.from());
    }
    if (f.to() != null) {
      b.append(" --to ").append(f.to());
    }
    if (f.order() == WindowFilter.Order.OLDEST) {
      b.append(" --oldest-first");
    } else if (f.order() == WindowFilter.Order.RECENT) {
      b.append(" --recent");
    }
    return b.toString();
  }
}
