package dev.adf.spark.testjobs;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A test Spark application for the launcher's integration tests: {@code args[0]} = seconds; runs one
 * 1-partition job whose task sleeps that long, printing {@code slept i of n s} every second, then
 * returns (spark-submit exits 0).
 */
public final class SleepJob {

  private SleepJob() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("SleepJob needs the number of seconds as its first argument");
    }
    int seconds = Integer.parseInt(args[0].trim());
    try (JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setAppName("adf-test-sleep"))) {
      System.out.println("sleep job: sleeping " + seconds + " s");
      jsc.parallelize(List.of(seconds), 1).foreach(n -> {
        for (int i = 1; i <= n; i++) {
          Thread.sleep(1000);
          System.out.println("slept " + i + " of " + n + " s");
        }
      });
      System.out.println("sleep job done");
    }
  }
}
