package dev.adf.orchestrator.actions;

/** A user action that cannot be done; the message says what and how to go on. Nothing was changed. */
public final class ActionException extends RuntimeException {

  /** Why it cannot be done. */
  public enum Kind {
    /** No such pipeline, activity or window: the command line names something that does not exist. */
    NOT_FOUND,
    /** The windows are in a state the action refuses (InProgress), or changed meanwhile. */
    CONFLICT
  }

  private final Kind kind;

  public ActionException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
