package dev.adf.activities;

import dev.adf.activities.hdinsight.HDInsightMapReduceActivity;
import dev.adf.activities.hdinsight.HDInsightSparkActivity;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The activity types this orchestrator can run, by ADF type name (case-insensitive). */
public final class ActivityTypes {
  private final Map<String, Activity> byType = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private ActivityTypes(Map<String, Activity> types) {
    byType.putAll(types);
  }

  /** The built-in activity types. */
  public static ActivityTypes builtIn() {
    return new ActivityTypes(Map.of(
        HDInsightMapReduceActivity.TYPE, new HDInsightMapReduceActivity(),
        HDInsightSparkActivity.TYPE, new HDInsightSparkActivity(),
        dev.adf.activities.copy.CopyActivity.TYPE, new dev.adf.activities.copy.CopyActivity()));
  }

  /** The built-in types plus {@code extra} (tests add their own). */
  public ActivityTypes with(String type, Activity activity) {
    var m = new TreeMap<String, Activity>(String.CASE_INSENSITIVE_ORDER);
    m.putAll(byType);
    m.put(type, activity);
    return new ActivityTypes(m);
  }

  public Optional<Activity> find(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  /** The type names that can run. */
  public Set<String> names() {
    return byType.keySet();
  }
}
