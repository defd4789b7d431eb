package dev.adf.engine.livy;

import java.util.Locale;

/**
 * The session states of Livy ({@code SessionState.scala}; apache/incubator-livy {@code
 * docs/rest-api.md}, "Session State"). Batches only use {@code starting → running → success | dead |
 * killed}, plus {@code recovering} after a Livy restart; the rest belong to interactive sessions, and
 * a client treats {@code error} like {@code dead}.
 */
public enum LivyState {
  NOT_STARTED,
  STARTING,
  RECOVERING,
  IDLE,
  RUNNING,
  BUSY,
  SHUTTING_DOWN,
  ERROR,
  DEAD,
  KILLED,
  SUCCESS;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name on the wire: {@code not_started}, {@code shutting_down}, … */
  public String wireName() {
    return wireName;
  }

  /**
   * The state a wire name names (exact, lower case, as Livy sends it).
   *
   * @throws IllegalArgumentException for null or a name that is not a Livy state
   */
  public static LivyState parse(String wireName) {
    for (LivyState s : values()) {
      if (s.wireName.equals(wireName)) {
        return s;
      }
    }
    throw new IllegalArgumentException("'" + wireName + "' is not a Livy session state; expected one of"
        + " not_started, starting, recovering, idle, running, busy, shutting_down, error, dead, killed, success");
  }

  /** True for the states a session never leaves: success, dead, killed and error. */
  public boolean isFinal() {
    return this == SUCCESS || this == DEAD || this == KILLED || this == ERROR;
  }

  /** True only for success. */
  public boolean isSuccess() {
    return this == SUCCESS;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
