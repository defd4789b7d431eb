package dev.adf.spark.testjobs;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A test Spark application for the launcher's integration tests: runs one job whose task throws
 * {@code IllegalStateException("}{@value #MESSAGE}{@code ")}, so the driver fails with a stack trace
 * whose root cause is that line (spark-submit exits non-zero).
 */
public final class FailJob {

  /** The message of the task's exception. */
  public static final String MESSAGE = "the test job failed on purpose";

  private FailJob() {}

  public static void main(String[] args) throws Exception {
    try (JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setAppName("adf-test-fail"))) {
      jsc.parallelize(List.of(1), 1).foreach(n -> {
        throw new IllegalStateException(MESSAGE);
      });
    }
  }
}
