package dev.adf.orchestrator.definition;

/** Which ready windows of one activity go first ({@code policy.executionPriorityOrder}). */
public enum ExecutionPriorityOrder {
  OldestFirst,
  NewestFirst
}
