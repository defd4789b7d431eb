package dev.adf.activities;

import java.util.Objects;

/**
 * A problem an activity type finds in its definition at deploy time ({@link Activity#check}), before
 * any window runs: the orchestrator locates it in the file (line, column) and refuses the deploy on
 * an error.
 *
 * @param dataset null for the activity itself, else the name of the dataset (input or output) the
 *     pointer is in
 * @param pointer a JSON pointer inside the activity ({@code /typeProperties/sink/copyBehavior}) or
 *     inside the dataset's file ({@code /properties/typeProperties/format/type})
 * @param message what is wrong and what to do, naming the activity and dataset
 * @param error true for an error (the deploy is refused), false for a warning
 */
public record DeployProblem(String dataset, String pointer, String message, boolean error) {
  public DeployProblem {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  /** An error in the activity at {@code pointer}. */
  public static DeployProblem activityError(String pointer, String message) {
    return new DeployProblem(null, pointer, message, true);
  }

  /** A warning in the activity at {@code pointer}. */
  public static DeployProblem activityWarning(String pointer, String message) {
    return new DeployProblem(null, pointer, message, false);
  }

  /** An error in dataset {@code dataset}'s file at {@code pointer}. */
  public static DeployProblem datasetError(String dataset, String pointer, String message) {
    return new DeployProblem(dataset, pointer, message, true);
  }

  /** A warning in dataset {@code dataset}'s file at {@code pointer}. */
  public static DeployProblem datasetWarning(String dataset, String pointer, String message) {
    return new DeployProblem(dataset, pointer, message, false);
  }
}
