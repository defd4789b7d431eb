package dev.adf.web;

import dev.adf.orchestrator.history.AuditEntry;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.function.Supplier;

/** The audit log: every rerun, skip, pause and resume, from the CLI or this view, newest first, paged. */
public final class AuditPage {
  static final int PAGE = 100;

  private final Supplier<Web> web;

  AuditPage(Supplier<Web> web) {
    this.web = web;
  }

  /**
   * A page of the audit log.
   *
   * @param entries newest first
   * @param next the {@code before} of the next (older) page, or 0 when none
   */
  public record Model(List<AuditEntry> entries, long next) {}

  void register(RoutesConfig r) {
    r.get("/audit", ctx -> {
      long before = Params.integer(ctx, "before", 0, 0, Integer.MAX_VALUE);
      List<AuditEntry> entries = web.get().monitor.history().audit(before, PAGE);
      long next = entries.size() == PAGE ? entries.get(entries.size() - 1).id() : 0;
      Html.page(ctx, "audit.jte", web.get().chrome("Audit log", "audit", null), new Model(entries, next));
    });
  }
}
