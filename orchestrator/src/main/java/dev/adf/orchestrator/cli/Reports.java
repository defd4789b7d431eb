package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.validation.Problem;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** Prints problems the same way for validate, deploy and quickstart. */
final class Reports {
  private Reports() {}

  /**
   * Prints each problem on its own line (errors on stderr, warnings on stdout) and a summary.
   *
   * @return {@link ExitCodes#INVALID} when any problem is an error, else OK
   */
  static int printProblems(CommandLine cli, List<Problem> problems, int files, String okWord) {
    PrintWriter out = cli.getOut();
    PrintWriter err = cli.getErr();
    long errors = problems.stream().filter(Problem::isError).count();
    long warnings = problems.size() - errors;
    for (Problem p : problems) {
      (p.isError() ? err : out).println((p.isError() ? "error   " : "warning ") + p.render());
    }
    String summary = files + " file" + (files == 1 ? "" : "s") + ", " + errors + " error"
        + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s");
    if (errors > 0) {
      err.println(summary + ": invalid");
    } else {
      out.println(summary + ": " + okWord);
    }
    out.flush();
    err.flush();
    return errors > 0 ? ExitCodes.INVALID : ExitCodes.OK;
  }
}
