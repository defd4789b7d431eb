package dev.adf.web;

/**
 * What every page's frame shows besides its content.
 *
 * @param title the page title
 * @param nav which navigation entry is current ({@code overview}, {@code diagram}, {@code windows},
 *     {@code definitions}, {@code audit})
 * @param csrf the CSRF token htmx sends with every request
 * @param command the equivalent {@code adf ...} command line, or null
 * @param home the orchestrator's home folder, for the header
 */
public record Chrome(String title, String nav, String csrf, String command, String home) {
  /** The {@code hx-headers} JSON of the body (the token is URL-safe base64: no quoting needed). */
  public String hxHeaders() {
    return "{\"" + Guard.CSRF_HEADER + "\": \"" + csrf + "\"}";
  }
}
