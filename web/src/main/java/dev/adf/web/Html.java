package dev.adf.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the precompiled jte templates ({@code src/main/jte}, HTML auto-escaped). */
final class Html {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Html() {}

  /** Renders {@code template} with its one parameter {@code model} as the response. */
  static void render(Context ctx, String template, Object model) {
    ctx.contentType("text/html; charset=utf-8").result(string(template, model));
  }

  static String string(String template, Object model) {
    StringOutput out = new StringOutput();
    ENGINE.render(template, model, out);
    return out.toString();
  }

  /** Renders a template whose parameters are a chrome and a model. */
  static void page(Context ctx, String template, Chrome chrome, Object model) {
    StringOutput out = new StringOutput();
    ENGINE.render(template, java.util.Map.of("c", chrome, "m", model), out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }
}
