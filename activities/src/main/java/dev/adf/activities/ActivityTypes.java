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

  /**
   * The built-in activity types, and those of every {@link ActivityProvider} on the classpath (a
   * provider's type never replaces a built-in one).
   */
  public static ActivityTypes builtIn() {
    Map<String, Activity> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (ActivityProvider p : java.util.ServiceLoader.load(ActivityProvider.class)) {
      m.put(p.type(), p.activity());
    }
    m.put(HDInsightMapReduceActivity.TYPE, new HDInsightMapReduceActivity());
    m.put(HDInsightSparkActivity.TYPE, new HDInsightSparkActivity());
    m.put(dev.adf.activities.copy.CopyActivity.TYPE, new dev.adf.activities.copy.CopyActivity());
    return new ActivityTypes(m);
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
