package dev.adf.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.adf.orchestrator.history.Deployment;
import dev.adf.orchestrator.history.EntityVersion;
import dev.adf.orchestrator.store.StoredEntity;
import dev.adf.orchestrator.validation.Secrets;
import io.javalin.config.RoutesConfig;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.function.Supplier;

/**
 * The deployed definitions (ADF's Script tab, with history): every linked service, dataset and
 * pipeline as deployed, its version, and the deployments; one entity's JSON at any version. Secrets
 * are redacted ({@link Secrets#redacted}): members under secret keys and {@code key=value} secrets
 * inside text.
 */
public final class DefinitionsPage {
  /** The most deployments and versions listed. */
  static final int MAX_LISTED = 200;

  private final Supplier<Web> web;

  DefinitionsPage(Supplier<Web> web) {
    this.web = web;
  }

  /**
   * The definitions page.
   *
   * @param deployed the entities deployed now
   * @param deployments the deployments, newest first
   * @param versions every stored version, newest first
   */
  public record Model(List<StoredEntity> deployed, List<Deployment> deployments, List<EntityVersion> versions) {}

  /**
   * One entity at one version.
   *
   * @param kind LinkedService, Dataset or Pipeline
   * @param name the name
   * @param version the version shown
   * @param json the redacted JSON, indented
   * @param versions its versions, newest first
   */
  public record Entity(String kind, String name, int version, String json, List<EntityVersion> versions) {}

  void register(RoutesConfig r) {
    r.get("/definitions", ctx -> {
      Web w = web.get();
      Model m = new Model(w.monitor.store().deployedEntities(), w.monitor.history().deployments(MAX_LISTED),
          w.monitor.history().versions(MAX_LISTED));
      Html.page(ctx, "definitions.jte", w.chrome("Definitions", "definitions", "adf deploy PATH --plan"), m);
    });
    r.get("/definitions/{kind}/{name}", ctx -> {
      Web w = web.get();
      String kind = ctx.pathParam("kind");
      String name = ctx.pathParam("name");
      List<EntityVersion> versions = w.monitor.history().versions(kind, name);
      if (versions.isEmpty()) {
        throw new NotFoundResponse("no " + kind + " named " + name + " was ever deployed");
      }
      int version = Params.integer(ctx, "version", versions.get(0).version(), 1, Integer.MAX_VALUE);
      String raw = w.monitor.history().json(kind, name, version)
          .orElseThrow(() -> new NotFoundResponse(kind + " " + name + " has no version " + version));
      Entity e = new Entity(versions.get(0).kind(), versions.get(0).name(), version, redacted(raw), versions);
      Html.page(ctx, "definition.jte", w.chrome(e.kind() + " " + e.name(), "definitions", null), e);
    });
  }

  /** The JSON with secrets redacted, indented; text that is not JSON is redacted as text. */
  static String redacted(String json) {
    try {
      JsonNode tree = Json.MAPPER.readTree(json);
      return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Secrets.redacted(tree));
    } catch (java.io.IOException e) {
      return Secrets.redact(json);
    }
  }
}
