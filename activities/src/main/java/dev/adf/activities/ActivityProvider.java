package dev.adf.activities;

/**
 * An activity type from outside this project, found on the classpath with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/dev.adf.activities.ActivityProvider} file naming the class): ADF v1's
 * custom activities run in the user's own code, and so do these. {@link ActivityTypes#builtIn()}
 * adds every provider found; a provider's type never replaces a built-in one.
 */
public interface ActivityProvider {
  /** The ADF type name the activity answers to in a pipeline's JSON (matched case-insensitively). */
  String type();

  /** The activity; called once per {@link ActivityTypes#builtIn()}. */
  Activity activity();
}
