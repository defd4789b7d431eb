package dev.adf.activities.hdinsight;

import java.util.Locale;

/**
 * When an HDInsight activity keeps its engine job's log: the {@code getDebugInfo} typeProperty of
 * HDInsightMapReduce, HDInsightSpark, Hive, Pig and Streaming (values matched case-insensitively).
 * Source: ADF v1 "Invoke MapReduce Programs from Data Factory" and "Invoke Spark programs from Azure
 * Data Factory pipelines" ({@code None | Always | Failure}).
 *
 * <p>Default {@link #FAILURE}, not ADF's {@code None}: ADF's default is about copying logs into the
 * user's storage account, while ours keeps them in the local run history, and a Livy server forgets a
 * finished batch and its log {@code livy.server.session.state-retain.sec} (600 s) after it ends, so a
 * failed attempt's log would otherwise be lost before anyone looks.
 */
public enum DebugInfo {
  /** Never keep the log. */
  NONE,
  /** Keep the log of every attempt. */
  ALWAYS,
  /** Keep the log of attempts that did not succeed: failed, timed out, canceled. */
  FAILURE;

  /** The value when {@code getDebugInfo} is absent. */
  public static final DebugInfo DEFAULT = FAILURE;

  /**
   * Reads a {@code getDebugInfo} value.
   *
   * @param value the property's text, or null when absent ({@link #DEFAULT})
   * @param jsonPath where the value is, for the message ({@code typeProperties.getDebugInfo})
   * @throws IllegalArgumentException naming the path, the value and the allowed values when it is
   *     none of them
   */
  public static DebugInfo parse(String value, String jsonPath) {
    if (value == null) {
      return DEFAULT;
    }
    for (DebugInfo d : values()) {
      if (d.adfName().equalsIgnoreCase(value.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException(jsonPath + " '" + value + "' is not a getDebugInfo value: use None, Always"
        + " or Failure (default Failure: keep the job log of attempts that did not succeed)");
  }

  /** True when the log of an attempt that {@code succeeded} (or not) is kept. */
  public boolean keepsLogOf(boolean succeeded) {
    return this == ALWAYS || (this == FAILURE && !succeeded);
  }

  /** The spelling in ADF JSON: {@code None}, {@code Always}, {@code Failure}. */
  public String adfName() {
    String n = name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }
}
