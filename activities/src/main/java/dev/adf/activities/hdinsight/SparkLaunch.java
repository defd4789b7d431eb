package dev.adf.activities.hdinsight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark application a launcher's arguments describe, as {@code spark-submit} would read them.
 * The Azure Spark sample runs Spark through HDInsightMapReduce: a launcher class receives
 * {@code --jarFile}/{@code --appFile} (the application jar), {@code --mainClass}/{@code --class}, memory
 * and core options and then the application's own arguments ({@code input=…}, {@code output=…}).
 *
 * @param mainClass the application's main class, or null when the arguments name none (then the
 *     activity is a plain MapReduce program)
 * @param appJar the application jar, or null
 * @param jars extra jars ({@code --jars a,b})
 * @param conf Spark settings: {@code driverMemory}, {@code executorMemory}, {@code executorCores},
 *     {@code numExecutors}, plus any {@code --conf k=v}
 * @param appArgs the application arguments: everything the launcher does not consume, in order
 */
public record SparkLaunch(
    String mainClass, String appJar, List<String> jars, Map<String, String> conf, List<String> appArgs) {

  /** Launcher options that take a value and are consumed (not passed to the application). */
  private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

  static {
    for (String o : List.of("mainclass", "class")) {
      OPTIONS.put(o, "mainClass");
    }
    for (String o : List.of("jarfile", "appfile")) {
      OPTIONS.put(o, "appJar");
    }
    OPTIONS.put("jars", "jars");
    OPTIONS.put("conf", "conf");
    for (String o : List.of("drivermemory", "driver_memory", "driver-memory")) {
      OPTIONS.put(o, "driverMemory");
    }
    for (String o : List.of("executormemory", "executor_memory", "executor-memory")) {
      OPTIONS.put(o, "executorMemory");
    }
    for (String o : List.of("executorcores", "executor_cores", "executor-cores")) {
      OPTIONS.put(o, "executorCores");
    }
    for (String o : List.of("numexecutors", "num_executors", "num-executors")) {
      OPTIONS.put(o, "numExecutors");
    }
    for (String o :
        List.of("master", "driverextraclasspath", "sparkhome", "extrafiles", "files",
            "connectionstring", "deploy-mode", "name", "queue", "packages")) {
      OPTIONS.put(o, "ignored");
    }
  }

  /**
   * Reads launcher arguments. {@code --option value} pairs the launcher knows are consumed; anything
   * else (including {@code key=value} and unknown options) goes to the application unchanged.
   * {@code --connectionString} is consumed and dropped: storage comes from the linked services, and
   * the value must never reach a log.
   *
   * @throws IllegalArgumentException when a known option has no value after it
   */
  public static SparkLaunch parse(List<String> arguments) {
    String mainClass = null;
    String appJar = null;
    List<String> jars = new ArrayList<>();
    Map<String, String> conf = new LinkedHashMap<>();
    List<String> appArgs = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String arg = arguments.get(i);
      String key = arg.startsWith("--") ? arg.substring(2).toLowerCase(Locale.ROOT) : null;
      String role = key == null ? null : OPTIONS.get(key);
      if (role == null) {
        appArgs.add(arg);
        continue;
      }
      if (i + 1 >= arguments.size()) {
        throw new IllegalArgumentException("launcher argument " + arg + " needs a value after it");
      }
      String value = arguments.get(++i);
      switch (role) {
        case "mainClass" -> mainClass = value;
        case "appJar" -> appJar = value;
        case "jars" -> {
          for (String j : value.split(",")) {
            if (!j.isBlank()) {
              jars.add(j.trim());
            }
          }
        }
        case "conf" -> {
          int eq = value.indexOf('=');
          if (eq > 0) {
            conf.put(value.substring(0, eq), value.substring(eq + 1));
          }
        }
        case "ignored" -> { }
        default -> conf.put(role, value);
      }
    }
    return new SparkLaunch(mainClass, appJar, jars, conf, appArgs);
  }

  public SparkLaunch {
    jars = List.copyOf(jars);
    conf = Map.copyOf(conf);
    appArgs = List.copyOf(appArgs);
  }
}
