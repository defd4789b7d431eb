package dev.adf.web;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.cli.MonitoringView;

/** The web module's {@link MonitoringView}: {@link WebServer}. */
public final class WebView implements MonitoringView {
  @Override
  public Served serve(Orchestrator orchestrator, Options options) {
    return WebServer.start(orchestrator, options);
  }
}
