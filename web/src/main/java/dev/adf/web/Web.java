package dev.adf.web;

import io.javalin.http.Context;

/** What every page handler shares: the monitor (reads and actions), the guard and the page frame. */
final class Web {
  final Monitor monitor;
  final Guard guard;

  Web(Monitor monitor, Guard guard) {
    this.monitor = monitor;
    this.guard = guard;
  }

  Chrome chrome(String title, String nav, String command) {
    return new Chrome(title, nav, guard.csrf(), command, monitor.orchestrator().home().toString());
  }

  /**
   * Who asked, for the audit log: {@code web:ADDRESS}, plus {@code (token)} when the view requires its
   * token (every client then showed it).
   */
  String actor(Context ctx) {
    return "web:" + ctx.ip() + (guard.requiresToken() ? " (token)" : "");
  }
}
