package dev.adf.orchestrator.definition;

/** The time unit of an availability or activity scheduler ({@code frequency}). */
public enum Frequency {
  Minute,
  Hour,
  Day,
  Week,
  Month
}
