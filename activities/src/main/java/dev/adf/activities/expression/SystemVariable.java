package dev.adf.activities.expression;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The ADF v1 system variables. {@code WindowStart}/{@code WindowEnd} bound the activity window,
 * {@code SliceStart}/{@code SliceEnd} the output slice; ADF v1 required the activity scheduler to
 * equal the output availability, so they normally hold the same instants. All are UTC.
 */
public enum SystemVariable {
  SLICE_START("SliceStart"),
  SLICE_END("SliceEnd"),
  WINDOW_START("WindowStart"),
  WINDOW_END("WindowEnd");

  /** The names for messages: {@code SliceStart, SliceEnd, WindowStart or WindowEnd}. */
  public static final String ALL_NAMES = "SliceStart, SliceEnd, WindowStart or WindowEnd";

  private final String adfName;

  SystemVariable(String adfName) {
    this.adfName = adfName;
  }

  /** The name as ADF writes it, e.g. {@code SliceStart}. */
  public String adfName() {
    return adfName;
  }

  /** This variable's value in {@code variables}. */
  public Instant valueIn(SliceVariables variables) {
    return switch (this) {
      case SLICE_START -> variables.sliceStart();
      case SLICE_END -> variables.sliceEnd();
      case WINDOW_START -> variables.windowStart();
      case WINDOW_END -> variables.windowEnd();
    };
  }

  /** The variable named {@code name}, ignoring case; empty when there is none. */
  public static Optional<SystemVariable> byName(String name) {
    for (SystemVariable v : values()) {
      if (v.adfName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** {@code " (did you mean SliceStart?)"} for a near miss of a variable name, else empty. */
  static String didYouMean(String name) {
    String best = Suggestions.closest(name, java.util.Arrays.stream(values()).map(SystemVariable::adfName).toList());
    return best == null ? "" : " (did you mean " + best + "?)";
  }
}
