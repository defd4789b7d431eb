package dev.adf.engine.livy;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;

/** Jobs of the Livy tests, loaded by class name. */
public final class LivyTestJobs {
  private LivyTestJobs() {}

  /** Prints "line 0" … "line N-1", N being its first argument, and succeeds. */
  public static final class Lines implements EngineJob {
    @Override
    public int run(JobContext c) {
      int n = Integer.parseInt(c.args().get(0));
      for (int i = 0; i < n; i++) {
        c.log().println("line " + i);
      }
      return 0;
    }
  }
}
