package dev.adf.orchestrator.testing;

import dev.adf.activities.Activity;
import dev.adf.activities.ActivityContext;
import dev.adf.activities.ActivityOutcome;
import dev.adf.activities.ActivityProvider;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A fast no-op custom activity for the scheduler tests ({@code DotNetActivity}, ADF v1's custom activity,
 * found by {@link java.util.ServiceLoader} on the test classpath): each run appends one line
 * {@code pipeline|activity|WindowStart|attempt|pid} to the file named by {@code
 * typeProperties.extendedProperties.recordTo} (one write on an append-only channel, so lines of several
 * processes never interleave), and succeeds. The set of lines is the record of which window's job ran
 * how often and where.
 *
 * <p>With {@code extendedProperties.stamp: true} each line ends with one more field, the time the run
 * was recorded in epoch microseconds ({@code …|pid|1733335555123456}), for the cluster benchmark
 * ({@code bench.cluster.AdfSystem}); without it the line is as above.
 */
public final class RecordingCustomActivity implements ActivityProvider, Activity {
  @Override
  public String type() {
    return "DotNetActivity";
  }

  @Override
  public Activity activity() {
    return this;
  }

  @Override
  public ActivityOutcome run(ActivityContext c) {
    String to = c.typeProperties().path("extendedProperties").path("recordTo").asText("");
    if (to.isEmpty()) {
      return ActivityOutcome.failedPermanently("typeProperties.extendedProperties.recordTo is not set");
    }
    JsonNode extended = c.typeProperties().path("extendedProperties");
    String line = c.pipelineName() + "|" + c.activityName() + "|" + c.windowStart() + "|" + c.attempt() + "|"
        + ProcessHandle.current().pid()
        + (extended.path("stamp").asBoolean(false) ? "|" + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) : "")
        + "\n";
    try (FileChannel ch = FileChannel.open(Path.of(to), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return ActivityOutcome.failed("cannot record the run in " + to + ": " + e);
    }
    return ActivityOutcome.success();
  }
}
