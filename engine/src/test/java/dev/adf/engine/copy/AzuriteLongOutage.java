package dev.adf.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.engine.JobId;
import dev.adf.engine.JobSpec;
import dev.adf.engine.JobState;
import dev.adf.engine.JobStatus;
import dev.adf.engine.testing.TestData;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Azurite outages against the Azure SDK's <em>default</em> retry policy (4 tries, 4 s exponential:
 * about 44 s), too slow for {@code mvn verify}: not a {@code *Test}, so surefire does not run it;
 * {@code tools/reliability/data-path-faults.sh} does (selecting these two methods), with the fast
 * cases of {@link AzuriteRestartTest}. Prints one {@code adf.reliability} line per run.
 */
class AzuriteLongOutage extends AzuriteRestartTest {

  /** SIGKILLed and kept down until the job ends: it must end FAILED once the SDK's retries are spent. */
  @Test
  void killedAndKeptDownTheCopyFailsAfterTheSdksRetries() throws Exception {
    String out = "long-down";
    JobSpec job = blobCopyWithDefaultRetries(out);
    JobId id = engine.submit(job);
    awaitTrue(() -> count(out, "") >= MANY / 10, "the copy to reach a tenth of the blobs");
    AZURITE.kill();
    long t0 = System.nanoTime();
    JobStatus s = engine.await(id, WAIT);
    Duration toFailure = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(s.state()).as(engine.log(id)).isEqualTo(JobState.FAILED);
    assertStoreNamed(s, engine.log(id), out);
    System.out.println("adf.reliability azurite-long-down secondsToFailure=" + toFailure.toMillis() / 1000.0
        + " error=" + s.error());
    AZURITE.start();
    rerunGivesTheSameBytes(job, out, many);
  }

  /** SIGKILLed and restarted after 20 s, within the SDK's ~44 s of retries. */
  @Test
  void killedForTwentySecondsTheCopyGoesOnOrItsVerificationFailsIt() throws Exception {
    String out = "down-20s";
    JobSpec job = blobCopyWithDefaultRetries(out);
    JobId id = engine.submit(job);
    awaitTrue(() -> count(out, "") >= MANY / 10, "the copy to reach a tenth of the blobs");
    AZURITE.kill();
    long t0 = System.nanoTime();
    awaitTrue(() -> System.nanoTime() - t0 >= Duration.ofSeconds(20).toNanos() || engine.status(id).state().isTerminal(),
        "20 s");
    boolean endedWhileDown = engine.status(id).state().isTerminal();
    AZURITE.start();
    JobStatus s = engine.await(id, WAIT);
    if (s.state() == JobState.SUCCEEDED) {
      assertThat(TestData.md5s(store, out, "r/")).isEqualTo(many);
    } else {
      assertThat(s.state()).isEqualTo(JobState.FAILED);
      rerunGivesTheSameBytes(job, out, many);
    }
    System.out.println("adf.reliability azurite-down-20s outcome=" + s.state() + " endedWhileDown=" + endedWhileDown
        + (s.error() == null ? "" : " error=" + s.error()));
  }

  /**
   * The Copy activity's job, SIGKILLed and restarted at once, default retries: a SUCCEEDED copy must
   * have every file (Azurite forgets blobs acknowledged in its last seconds before a SIGKILL).
   */
  @Test
  void aCopyActivityKilledAndRestartedAtOnceNeverSucceedsWithFilesMissing() throws Exception {
    String out = "cp-quick-kill";
    JobSpec job = fileCopyWithDefaultRetries("many", out);
    JobId id = engine.submit(job);
    awaitTrue(() -> count(out, "") >= MANY / 10, "the copy to reach a tenth of the blobs");
    AZURITE.kill();
    AZURITE.start();
    JobStatus s = engine.await(id, WAIT);
    int listed = count(out, "r/");
    System.out.println("adf.reliability copy-activity-kill-within-retries outcome=" + s.state() + " listed=" + listed
        + "/" + MANY + (s.error() == null ? "" : " error=" + s.error()));
    if (s.state() == JobState.SUCCEEDED) {
      assertThat(TestData.md5s(store, out, "r/")).isEqualTo(many);
    } else {
      assertThat(s.state()).isEqualTo(JobState.FAILED);
      rerunGivesTheSameBytes(job, out, many);
    }
  }
}
