package dev.adf.engine;

import java.util.Objects;

/** An engine job's identity, unique within one engine. */
public record JobId(String value) {
  public JobId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
