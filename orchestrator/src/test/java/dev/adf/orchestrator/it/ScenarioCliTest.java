package dev.adf.orchestrator.it;

import static dev.adf.orchestrator.it.CliTest.adf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.it.CliTest.Result;
import dev.adf.orchestrator.testing.Harness;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance scenarios, end to end through the CLI only ({@code deploy}, {@code run
 * --until-idle}, {@code windows --format json}, {@code runs}, {@code rerun}, {@code why}) on a fresh
 * home: H2 store, scheduler, the {@code HDInsightMapReduce} launcher and the built-in engine's blob
 * copy on the local folder store. The test only writes input files into {@code <home>/storage}, edits
 * factory JSON and reads what the CLI prints and what the copies wrote. Windows are in 2015, so the
 * real clock finds every one of them due.
 *
 * <p>Factories ({@code src/test/resources/scenarios}):
 *
 * <ul>
 *   <li>{@code chain}: pipeline Hourly (StageHour, hourly, 2015-11-16T00Z to 2015-11-17T06Z) copies
 *       the external hourly input {@code RawHourly} ({@code input/raw/yyyy/MM/dd/HH}) to {@code
 *       StagedHourly} ({@code staging/hourly/yyyy/MM/dd/HH}); pipeline Daily (PublishDay, daily,
 *       2015-11-16 to 2015-11-18) copies a day of StagedHourly, its 24 hourly slices by the default
 *       dependency period, to {@code DailyOutput} ({@code output/daily/yyyy/MM/dd}).
 *   <li>{@code single}: pipeline Curate (CopyDay, daily, one day 2015-11-16, retry 2) copies the
 *       external daily input {@code Landing} ({@code input/landing/yyyyMMdd}) to {@code Curated}
 *       ({@code output/curated/yyyyMMdd}).
 * </ul>
 */
class ScenarioCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant DAY = Instant.parse("2015-11-16T00:00:00Z");
  static final Instant NEXT_DAY = Instant.parse("2015-11-17T00:00:00Z");
  static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
  /** A data row of the {@code adf runs} table: attempt, start, end, status, then error, job, log. */
  static final Pattern RUN_ROW = Pattern.compile("^(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(.*)$");

  @TempDir Path tmp;
  Path home;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  @BeforeEach
  void homeDir() {
    home = tmp.resolve("home");
  }

  // ---- scenarios ----

  /**
   * Two pipelines chained through a dataset: 30 hourly windows copy their hour; the first daily
   * window runs once its 24 hourly input slices are Ready, after every one of them, and publishes the
   * whole day. The second daily window has only 6 of its hours inside Hourly's active period: it
   * waits, and {@code run --until-idle} still ends.
   */
  @Test
  void dailyPipelinePublishesTheDayAfterAllTwentyFourHourlyWindowsOfTheFirstPipeline() throws Exception {
    Path factory = factory("chain");
    deploy(factory);
    List<Path> inputs = new ArrayList<>();
    for (Instant h = DAY; h.isBefore(NEXT_DAY.plus(Duration.ofHours(6))); h = h.plus(Duration.ofHours(1))) {
      String hour = HOUR_PATH.format(h);
      inputs.add(put("input/raw/" + hour + "/part-00000.tsv", "hour\t" + hour + "\trow 1\nhour\t" + hour + "\trow 2\n"));
      if (h.equals(DAY.plus(Duration.ofHours(13)))) {
        inputs.add(put("input/raw/" + hour + "/logs/summary.txt", "a nested blob of hour " + hour + "\n"));
      }
    }

    Result run = ok(adf(args("run", "--until-idle")));
    assertThat(run.out()).contains("Activity windows: ", "Ready=31", "Waiting=1");

    List<JsonNode> hourly = windows("Hourly");
    assertThat(hourly).hasSize(30).allSatisfy(w -> {
      assertThat(w.get("activity").asText()).isEqualTo("StageHour");
      assertThat(w.get("status").asText()).as(w.toString()).isEqualTo("Ready");
      assertThat(w.get("attempts").asInt()).isEqualTo(1);
    });
    assertThat(hourly.get(0).get("windowStart").asText()).isEqualTo("2015-11-16T00:00:00Z");
    assertThat(hourly.get(29).get("windowEnd").asText()).isEqualTo("2015-11-17T06:00:00Z");

    List<JsonNode> daily = windows("Daily");
    assertThat(daily).hasSize(2);
    JsonNode day = daily.get(0);
    assertThat(day.get("windowStart").asText()).isEqualTo(DAY.toString());
    assertThat(day.get("windowEnd").asText()).isEqualTo(NEXT_DAY.toString());
    assertThat(day.get("status").asText()).isEqualTo("Ready");
    assertThat(day.get("attempts").asInt()).isEqualTo(1);

    // The daily attempt started after every one of its 24 hourly attempts had started. (A pass stamps
    // the attempts it starts with the time the pass began, which may be a few milliseconds before the
    // last hourly attempt recorded its end: that pass read the store after the hourly window was Ready.)
    Instant dailyStart = Instant.parse(day.get("lastRunStart").asText());
    Instant lastHourlyStart = hourly.subList(0, 24).stream()
        .map(w -> Instant.parse(w.get("lastRunStart").asText())).max(Instant::compareTo).orElseThrow();
    assertThat(dailyStart).isAfter(lastHourlyStart);
    List<Matcher> dailyRuns = runs("Daily", "PublishDay", DAY);
    assertThat(dailyRuns).hasSize(1);
    assertThat(dailyRuns.get(0).group(4)).isEqualTo("Succeeded");
    assertThat(Instant.parse(dailyRuns.get(0).group(2))).isEqualTo(dailyStart);
    // adf runs agrees for the day's last hour (each CLI call opens the database: one sample, not 24).
    List<Matcher> lastHour = runs("Hourly", "StageHour", NEXT_DAY.minus(Duration.ofHours(1)));
    assertThat(lastHour).hasSize(1);
    assertThat(lastHour.get(0).group(4)).isEqualTo("Succeeded");
    assertThat(Instant.parse(lastHour.get(0).group(3))).isBeforeOrEqualTo(dailyStart);

    // Every blob of the first day went raw -> staging (by hour) -> daily output, byte for byte.
    Path raw = storage("input/raw");
    for (Path in : inputs) {
      String rel = raw.relativize(in).toString();
      assertThat(Files.readAllBytes(storage("staging/hourly").resolve(rel))).isEqualTo(Files.readAllBytes(in));
      if (rel.startsWith("2015/11/16/")) {
        Path published = storage("output/daily/2015/11/16").resolve(rel.substring("2015/11/16/".length()));
        assertThat(Files.readAllBytes(published)).as(rel).isEqualTo(Files.readAllBytes(in));
      }
    }
    assertThat(files(storage("output/daily"))).hasSize(25);
    assertThat(storage("output/daily/2015/11/17")).doesNotExist();

    // The second day: 6 of its 24 hourly slices have a producing window; it waits, and why says so.
    JsonNode second = daily.get(1);
    assertThat(second.get("windowStart").asText()).isEqualTo(NEXT_DAY.toString());
    assertThat(second.get("status").asText()).isEqualTo("Waiting");
    assertThat(second.get("substatus").asText()).isEqualTo("DatasetDependencies");
    assertThat(second.get("attempts").asInt()).isZero();
    Result why = ok(adf(args("why", "--pipeline", "Daily", "--activity", "PublishDay", "--window", NEXT_DAY.toString())));
    assertThat(why.out()).contains("Waiting/DatasetDependencies", "input StagedHourly slice", "2015-11-17T06:00:00Z",
        "has no window of its producer Hourly/StageHour");
  }

  /**
   * An external input that lands after the first run: the window waits on it (and {@code why} names
   * the slice), the run still ends; once the files are there, the next run copies them.
   */
  @Test
  void externalInputThatAppearsLateIsPickedUpByTheNextRun() throws Exception {
    deploy(factory("single"));

    ok(adf(args("run", "--until-idle")));
    JsonNode w = only(windows("Curate"));
    assertThat(w.get("status").asText()).isEqualTo("Waiting");
    assertThat(w.get("substatus").asText()).isEqualTo("DatasetDependencies");
    assertThat(w.get("attempts").asInt()).isZero();
    Result why = ok(adf(args("why", "--pipeline", "Curate", "--activity", "CopyDay", "--window", DAY.toString())));
    assertThat(why.out().strip()).matches(java.util.regex.Pattern.quote(
        "Curate/CopyDay@2015-11-16T00:00:00Z is Waiting/DatasetDependencies: input Landing slice"
            + " [2015-11-16T00:00:00Z, 2015-11-17T00:00:00Z) is not available yet: no data found at ")
        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(check \\d, checked every minute until found as the"
        + " dataset has no externalData policy; next check at \\S+Z\\)");
    assertThat(runs("Curate", "CopyDay", DAY)).isEmpty();

    // Data for another day does not make this slice available.
    put("input/landing/20151117/early.tsv", "tomorrow\n");
    ok(adf(args("run", "--until-idle")));
    assertThat(only(windows("Curate")).get("status").asText()).isEqualTo("Waiting");

    Path a = put("input/landing/20151116/a.tsv", "id\tname\n1\tone\n");
    Path b = put("input/landing/20151116/more/b.tsv", "id\tname\n2\ttwo\n");
    ok(adf(args("run", "--until-idle")));

    w = only(windows("Curate"));
    assertThat(w.get("status").asText()).isEqualTo("Ready");
    assertThat(w.get("substatus").isNull()).isTrue();
    assertThat(w.get("attempts").asInt()).isEqualTo(1);
    assertThat(Files.readAllBytes(storage("output/curated/20151116/a.tsv"))).isEqualTo(Files.readAllBytes(a));
    assertThat(Files.readAllBytes(storage("output/curated/20151116/more/b.tsv"))).isEqualTo(Files.readAllBytes(b));
    assertThat(files(storage("output/curated"))).hasSize(2);
    assertThat(runs("Curate", "CopyDay", DAY)).singleElement()
        .satisfies(m -> assertThat(m.group(4)).isEqualTo("Succeeded"));
  }

  /**
   * A copy that fails (the launcher argument names a folder that holds nothing) is retried twice,
   * immediately, and the window ends Failed with three Failed attempts; after the pipeline is fixed
   * and redeployed, {@code rerun} and the next run make it Ready with a fourth attempt.
   */
  @Test
  void failingWindowIsRetriedThenFailsAndAfterAFixARerunMakesItReady() throws Exception {
    Path factory = factory("single");
    Path pipeline = factory.resolve("Curate.json");
    String good = Files.readString(pipeline);
    String typo = "input=wasb://input@local/landnig/{0:yyyyMMdd}";
    Files.writeString(pipeline, good.replace("input=wasb://input@local/landing/{0:yyyyMMdd}", typo));
    assertThat(Files.readString(pipeline)).contains(typo);
    deploy(factory);
    Path in = put("input/landing/20151116/part-00000.tsv", "id\tname\n1\tone\n");

    Result run = ok(adf(args("run", "--until-idle")));
    assertThat(run.out()).contains("Failed=1");
    JsonNode w = only(windows("Curate"));
    assertThat(w.get("status").asText()).isEqualTo("Failed");
    assertThat(w.get("attempts").asInt()).isEqualTo(3);
    List<Matcher> failed = runs("Curate", "CopyDay", DAY);
    assertThat(failed).extracting(m -> m.group(1)).containsExactly("1", "2", "3");
    assertThat(failed).allSatisfy(m -> {
      assertThat(m.group(4)).isEqualTo("Failed");
      assertThat(m.group(5)).contains("input/landnig/20151116", "has no blobs", "nothing to copy");
    });
    assertThat(storage("output/curated")).doesNotExist();
    // Each failed attempt names its engine job's log, which tells what the copy tried.
    Matcher log = Pattern.compile("\\(log: (\\S+)\\)").matcher(failed.get(2).group(5));
    assertThat(log.find()).isTrue();
    assertThat(Files.readString(Path.of(log.group(1)))).contains("blob copy from input/landnig/20151116");
    Result why = ok(adf(args("why", "--pipeline", "Curate", "--activity", "CopyDay", "--window", DAY.toString())));
    assertThat(why.out()).contains("is Failed", "attempt 3 failed", "has no blobs", "adf rerun");

    // A Failed window stays Failed on the next run: nothing retries it behind the user's back.
    ok(adf(args("run", "--until-idle")));
    assertThat(runs("Curate", "CopyDay", DAY)).hasSize(3);

    // Fix the cause, redeploy (the window and its history stay), rerun, run.
    Files.writeString(pipeline, good);
    Result redeploy = ok(adf(args("deploy", factory.toString())));
    assertThat(redeploy.out()).doesNotContain("No changes");
    assertThat(only(windows("Curate")).get("status").asText()).isEqualTo("Failed");
    Result rerun = ok(adf(args("rerun", "--pipeline", "Curate", "--activity", "CopyDay", "--window", DAY.toString())));
    assertThat(rerun.out()).contains("1 window(s) rerun");
    w = only(windows("Curate"));
    assertThat(w.get("status").asText()).isEqualTo("Waiting");
    assertThat(w.get("attempts").asInt()).isEqualTo(3);

    ok(adf(args("run", "--until-idle")));
    w = only(windows("Curate"));
    assertThat(w.get("status").asText()).isEqualTo("Ready");
    assertThat(w.get("attempts").asInt()).isEqualTo(4);
    List<Matcher> all = runs("Curate", "CopyDay", DAY);
    assertThat(all).extracting(m -> m.group(1)).containsExactly("1", "2", "3", "4");
    assertThat(all).extracting(m -> m.group(4)).containsExactly("Failed", "Failed", "Failed", "Succeeded");
    assertThat(Files.readAllBytes(storage("output/curated/20151116/part-00000.tsv"))).isEqualTo(Files.readAllBytes(in));
  }

  // ---- helpers ----

  /** A copy of {@code src/test/resources/scenarios/<name>} in the temp folder. */
  Path factory(String name) throws IOException, URISyntaxException {
    Path src = Path.of(ScenarioCliTest.class.getResource("/scenarios/" + name).toURI());
    Path dir = Files.createDirectories(tmp.resolve(name));
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName().toString()));
      }
    }
    return dir;
  }

  void deploy(Path factory) {
    Result r = ok(adf(args("deploy", factory.toString())));
    assertThat(r.err()).doesNotContain("error");
  }

  /** A file in the home's local blob store, {@code container/path}. */
  Path storage(String containerAndPath) {
    return home.resolve("storage").resolve(containerAndPath);
  }

  Path put(String containerAndPath, String text) throws IOException {
    Path p = storage(containerAndPath);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  /** {@code adf windows --pipeline P --oldest-first --format json}, one node per window. */
  List<JsonNode> windows(String pipeline) throws IOException {
    Result r = ok(adf(args("windows", "--pipeline", pipeline, "--oldest-first", "--format", "json")));
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(r.out()).forEach(out::add);
    return out;
  }

  static JsonNode only(List<JsonNode> windows) {
    assertThat(windows).hasSize(1);
    return windows.get(0);
  }

  /** The attempt rows of {@code adf runs}, each matched by {@link #RUN_ROW}. */
  List<Matcher> runs(String pipeline, String activity, Instant window) {
    Result r = ok(adf(args("runs", "--pipeline", pipeline, "--activity", activity, "--window", window.toString())));
    return r.out().lines().map(RUN_ROW::matcher).filter(Matcher::matches).toList();
  }

  static Result ok(Result r) {
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).doesNotContain("\tat ");
    return r;
  }

  String[] args(String... a) {
    String[] out = Arrays.copyOf(a, a.length + 2);
    out[a.length] = "--home";
    out[a.length + 1] = home.toString();
    return out;
  }
}
