package dev.adf.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cores and memory one job takes from the built-in engine, read from its Spark-style conf. The
 * one rule:
 *
 * <ul>
 *   <li><b>memory</b> (the child JVM's heap, {@code -Xmx}): the first of {@code driverMemory}, {@code
 *       spark.driver.memory}, {@code executorMemory}, {@code spark.executor.memory} that is set, in
 *       Spark's format ({@code 512m}, {@code 1g}, {@code 2048} = MiB; suffixes k, m, g, t with an
 *       optional b, case-insensitive; kibibytes round up to whole MiB); default {@value
 *       #DEFAULT_MEMORY_MIB} MiB;
 *   <li><b>cores</b> ({@code -XX:ActiveProcessorCount}): {@code executorCores}, else {@code
 *       spark.executor.cores}; default {@value #DEFAULT_CORES}.
 * </ul>
 *
 * @param cores cores, at least 1
 * @param memoryMiB heap in MiB, at least {@value #MIN_MEMORY_MIB}
 */
public record JobResources(int cores, long memoryMiB) {

  public static final int DEFAULT_CORES = 1;
  public static final long DEFAULT_MEMORY_MIB = 512;
  /** Smallest heap a job may ask for, in MiB. */
  public static final long MIN_MEMORY_MIB = 8;

  /** Conf keys giving the memory, first set wins. */
  public static final List<String> MEMORY_KEYS =
      List.of("driverMemory", "spark.driver.memory", "executorMemory", "spark.executor.memory");

  /** Conf keys giving the cores, first set wins. */
  public static final List<String> CORES_KEYS = List.of("executorCores", "spark.executor.cores");

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)b?");

  public JobResources {
    if (cores < 1) {
      throw new IllegalArgumentException("a job needs at least 1 core, got " + cores);
    }
    if (memoryMiB < MIN_MEMORY_MIB) {
      throw new IllegalArgumentException("a job needs at least " + MIN_MEMORY_MIB + " MiB, got " + memoryMiB);
    }
  }

  /**
   * The resources {@code spec}'s conf asks for.
   *
   * @throws IllegalArgumentException naming the key and its value when a value is malformed or too small
   */
  public static JobResources of(JobSpec spec) {
    Map<String, String> conf = spec.conf();
    long memory = DEFAULT_MEMORY_MIB;
    for (String key : MEMORY_KEYS) {
      if (conf.containsKey(key)) {
        memory = parseMiB(conf.get(key), "conf " + key);
        if (memory < MIN_MEMORY_MIB) {
          throw new IllegalArgumentException("conf " + key + " '" + conf.get(key) + "' is below the smallest heap a job"
              + " may have (" + MIN_MEMORY_MIB + " MiB)");
        }
        break;
      }
    }
    int cores = DEFAULT_CORES;
    for (String key : CORES_KEYS) {
      if (conf.containsKey(key)) {
        String v = conf.get(key).trim();
        try {
          cores = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          cores = 0;
        }
        if (cores < 1) {
          throw new IllegalArgumentException("conf " + key + " '" + conf.get(key) + "' is not a whole number of cores >= 1");
        }
        break;
      }
    }
    return new JobResources(cores, memory);
  }

  /**
   * Parses a memory size in Spark's format into MiB: {@code 512m}, {@code 1g}, {@code 2048} (no
   * suffix = MiB), {@code 1048576k}; kibibytes round up.
   *
   * @param what names the value in the error message (e.g. "conf driverMemory")
   * @throws IllegalArgumentException naming {@code what} and the value when it is malformed
   */
  public static long parseMiB(String text, String what) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a memory size such as 512m, 1g or 2048 (MiB)");
    }
    try {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "k" -> (n + 1023) / 1024;
        case "", "m" -> n;
        case "g" -> Math.multiplyExact(n, 1024L);
        default -> Math.multiplyExact(n, 1024L * 1024);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is too large");
    }
  }

  /** "2 cores and 1024 MiB". */
  @Override
  public String toString() {
    return describe(cores, memoryMiB);
  }

  static String describe(int cores, long memoryMiB) {
    return cores + (cores == 1 ? " core" : " cores") + " and " + memoryMiB + " MiB";
  }
}
