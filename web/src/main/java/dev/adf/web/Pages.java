package dev.adf.web;

import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;

/** Every route of the web view, one class per page or concern. */
final class Pages {
  private final Supplier<Web> web;

  Pages(Supplier<Web> web) {
    this.web = web;
  }

  void register(RoutesConfig r) {
    new OverviewPage(web).register(r);
    new DiagramPage(web).register(r);
    new WindowsPage(web).register(r);
    new WindowPage(web).register(r);
    new LogPage(web).register(r);
    new DefinitionsPage(web).register(r);
    new AuditPage(web).register(r);
    new ActionRoutes(web).register(r);
    new Api(web).register(r);
  }
}
