package dev.adf.orchestrator.history;

import java.time.Instant;

/**
 * One user action (rerun, skip, pause, resume), from the CLI or the web view; the audit log is
 * append-only.
 *
 * @param id the entry's number (0 before it is recorded)
 * @param at when (UTC)
 * @param actor who asked: {@code cli:USER@HOST}, or {@code web:ADDRESS} (plus the authenticated user
 *     when the web view requires authentication)
 * @param action {@code rerun}, {@code rerun --upstream}, {@code skip}, {@code pause}, {@code pause
 *     --terminate} or {@code resume}
 * @param target what it applied to: the pipeline, or pipeline/activity and the windows' range
 * @param command the equivalent {@code adf ...} command line
 * @param changed how many windows it changed
 * @param result one line: what happened, or why it was refused (no secrets)
 */
public record AuditEntry(
    long id, Instant at, String actor, String action, String target, String command, int changed, String result) {}
