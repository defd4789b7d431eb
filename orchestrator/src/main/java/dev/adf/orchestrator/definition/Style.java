package dev.adf.orchestrator.definition;

/**
 * When a slice is due ({@code availability.style}). ADF v1's default is {@link #EndOfInterval}: an
 * hourly 13:00–14:00 slice runs at 14:00. Source: ADF v1 "Datasets", availability.
 */
public enum Style {
  StartOfInterval,
  EndOfInterval
}
