package dev.adf.orchestrator.catalog;

import java.util.ArrayList;
import java.util.List;

/** A {@link ProblemSink} that keeps what it receives, for assertions. */
final class Recorded implements ProblemSink {

  record Problem(boolean error, String pointer, String message) {
    @Override
    public String toString() {
      return (error ? "ERROR " : "WARNING ") + pointer + "  " + message;
    }
  }

  final List<Problem> all = new ArrayList<>();

  @Override
  public void error(String pointer, String message) {
    all.add(new Problem(true, pointer, message));
  }

  @Override
  public void warning(String pointer, String message) {
    all.add(new Problem(false, pointer, message));
  }

  List<Problem> errors() {
    return all.stream().filter(Problem::error).toList();
  }

  List<Problem> warnings() {
    return all.stream().filter(p -> !p.error()).toList();
  }
}
