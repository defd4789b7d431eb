package dev.adf.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.it.DependencyPeriodRunTest.DayJob;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress of {@code adf run --until-idle} and {@code adf deploy} as a user sees it: {@code adf}
 * started as a real child process (no terminal: stdin, stdout and stderr are pipes or files), its
 * stdout and stderr read apart. Twelve daily windows of 2015 (all due) run a {@link DayJob} each.
 */
class ProgressCliTest {
  static final int WINDOWS = 12;
  /** A run line: elapsed, then Ready, Failed, InProgress and Waiting (Skipped, None only when any). */
  static final Pattern RUN_LINE = Pattern.compile("^run (\\d+[smhd](?: \\d+[smh])?)  Ready (\\d+)(?: · | \\| )Failed (\\d+)"
      + "(?: · | \\| )InProgress (\\d+)(?: · | \\| )Waiting (\\d+)(?: \\((\\d+) due\\))?(?: · | \\| )(\\S+)"
      + "(?: · | \\| )ETA (.+)$");

  @TempDir Path tmp;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  record Child(int exit, String out, String err) {}

  /** Runs {@code adf ARGS} in its own JVM, as CrashResumeTest does, and waits (bounded) for its end. */
  Child child(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dadf.repo=" + Harness.repoRoot(),
        "-Dlogback.configurationFile=" + Harness.repoRoot().resolve("conf/logback.xml"),
        "dev.adf.orchestrator.cli.Main"));
    cmd.addAll(Arrays.asList(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("COLUMNS");
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("adf " + String.join(" ", args) + " did not end in 180 s; stderr: "
          + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path home() {
    return tmp.resolve("home");
  }

  private void deployDays(String frequency, String start, String end) {
    Path factory = TestFactory.folder(tmp.resolve("factory-" + frequency),
        "Out", TestFactory.dataset("Out", frequency, "EndOfInterval"),
        "Make", TestFactory.pipeline("Make", "[]", "Out", "{\"concurrency\": 3, \"retry\": 0}",
            "\"start\": \"" + start + "\", \"end\": \"" + end + "\"", DayJob.class));
    Result d = CliTest.adf("deploy", factory.toString(), "--home", home().toString(), "--progress", "none");
    assertThat(d.exit()).as(d.out() + d.err()).isZero();
  }

  private void rerunAll() {
    Result r = CliTest.adf("rerun", "--home", home().toString(), "--pipeline", "Make", "--activity", "Make",
        "--from", "2015-01-01T00:00:00Z", "--to", "2015-02-01T00:00:00Z");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  @Test
  void plainLinesThenTheTerminalLineThenNothing() throws Exception {
    deployDays("Day", "2015-01-01T00:00:00Z", "2015-01-13T00:00:00Z");
    Files.createDirectories(DayJob.failing(home()));
    Files.writeString(DayJob.failing(home()).resolve("2015-01-07"), "");

    // --progress=plain: a line on stderr every second and a last one; stdout keeps the summary only.
    Child plain = child("run", "--until-idle", "--home", home().toString(), "--progress=plain",
        "--progress-interval=1");
    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.out()).isEqualToIgnoringNewLines("Activity windows: Failed=1, Ready=11");
    List<Matcher> lines = plain.err().lines().filter(l -> l.startsWith("run ")).map(RUN_LINE::matcher).toList();
    assertThat(lines).isNotEmpty().allSatisfy(m -> assertThat(m.matches()).as(m.toString()).isTrue());
    int ready = 0;
    for (Matcher m : lines) {
      int r = Integer.parseInt(m.group(2));
      int sum = r + Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5));
      assertThat(sum).as("every window counted once: " + m.group()).isEqualTo(WINDOWS);
      assertThat(r).as("Ready never goes down").isGreaterThanOrEqualTo(ready);
      ready = r;
    }
    Matcher last = lines.get(lines.size() - 1);
    assertThat(last.group(2)).isEqualTo("11");
    assertThat(last.group(3)).isEqualTo("1");
    assertThat(last.group(4)).isEqualTo("0");
    assertThat(last.group(5)).isEqualTo("0");
    assertThat(last.group(8)).isEqualTo("0s");
    assertThat(Files.readString(home().resolve("logs/adf.log"))).as("the last line is logged too")
        .containsPattern("INFO .*ProgressReporter - run \\S+( \\S+)?  Ready 11");

    // --progress=tty, forced without a terminal: one line rewritten with \r, one line break at the end.
    Files.delete(DayJob.failing(home()).resolve("2015-01-07"));
    rerunAll();
    Child tty = child("run", "--until-idle", "--home", home().toString(), "--progress=tty");
    assertThat(tty.exit()).as(tty.err()).isZero();
    assertThat(tty.out()).isEqualToIgnoringNewLines("Activity windows: Ready=12");
    assertThat(tty.err()).startsWith("\r").endsWith("\n");
    assertThat(tty.err().chars().filter(c -> c == '\n').count()).as(tty.err()).isEqualTo(1);
    List<String> drawn = Arrays.stream(tty.err().strip().split("\r")).map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
    assertThat(drawn).allSatisfy(s -> assertThat(s).matches(RUN_LINE));
    Matcher end = RUN_LINE.matcher(drawn.get(drawn.size() - 1));
    assertThat(end.matches()).isTrue();
    assertThat(end.group(2)).isEqualTo("12");

    // --progress=none: nothing on stderr, not even the last line plain and tty show on a run with nothing to do.
    Child none = child("run", "--until-idle", "--home", home().toString(), "--progress=none");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(none.out()).isEqualToIgnoringNewLines("Activity windows: Ready=12");
    assertThat(none.err()).isEmpty();
  }

  @Test
  void aLongDeployDrawsItsLayoutProgressAndErasesItBeforeItsOutcome() throws Exception {
    // Ten years of hourly windows: 87,648 laid out in one transaction, some seconds.
    Path factory = TestFactory.folder(tmp.resolve("factory"),
        "Out", TestFactory.dataset("Out", "Hour", "EndOfInterval"),
        "Make", TestFactory.pipeline("Make", "[]", "Out", "{\"concurrency\": 2, \"retry\": 0}",
            "\"start\": \"2005-01-01T00:00:00Z\", \"end\": \"2015-01-01T00:00:00Z\"", DayJob.class));
    Child d = child("deploy", factory.toString(), "--home", home().toString(), "--progress=tty");
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).contains("Windows created: 87648, dropped: 0.");
    assertThat(d.err()).as("drawn at once, erased at the end").startsWith("\rdeploy 0s  ").endsWith("\r")
        .doesNotContain("\n");
    Matcher m = Pattern.compile("activity windows ([\\d,]+) of ([\\d,]+) laid out").matcher(d.err());
    int seen = 0;
    while (m.find()) {
      seen++;
      long done = Long.parseLong(m.group(1).replace(",", ""));
      assertThat(m.group(2)).isEqualTo("87,648");
      assertThat(done).isBetween(0L, 87_648L);
    }
    assertThat(seen).as("the layout takes seconds: drawn at least once (%s)", d.err()).isPositive();
    assertThat(d.err().replace("\r", "").strip()).as("only progress, no other message")
        .matches("(deploy \\d+s  .*?)+");
  }
}
