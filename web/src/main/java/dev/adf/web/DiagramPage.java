package dev.adf.web;

import io.javalin.config.RoutesConfig;
import java.util.function.Supplier;

/** The diagram: datasets and activities as a graph (the Monitoring app's Diagram view). */
public final class DiagramPage {
  private final Supplier<Web> web;

  DiagramPage(Supplier<Web> web) {
    this.web = web;
  }

  void register(RoutesConfig r) {
    r.get("/diagram", ctx -> Html.page(ctx, "diagram.jte", web.get().chrome("Diagram", "diagram", null), ""));
  }
}
