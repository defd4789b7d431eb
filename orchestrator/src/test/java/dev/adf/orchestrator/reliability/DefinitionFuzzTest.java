package dev.adf.orchestrator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.definition.CorpusSampleFoldersTest;
import dev.adf.orchestrator.reliability.Mutation.Kind;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken definitions (issue 16), the fast part of {@code tools/reliability/fuzz-definitions.sh}:
 * {@value #CASES} mutated factories through {@code adf validate} and {@code adf deploy} in process (the
 * CLI's {@code Main.run}, what {@code main} exits with), three more in child JVMs (deep nesting, broken
 * UTF-8, an odd string), each checked by
 * {@link CliOracle}; a refused deploy keeps the deployment before it. A failure names the seed that
 * reproduces it.
 */
class DefinitionFuzzTest {
  /** Cases run in process by {@code mvn verify} (the script runs 10,000); {@code -Dadf.fuzz.count} changes it. */
  static final int CASES = 200;
  static final long SEED = 20_261_204;

  @TempDir Path tmp;

  @BeforeAll
  static void repo() {
    System.setProperty("adf.repo", Harness.repoRoot().toString());
  }

  @AfterAll
  static void clear() {
    System.clearProperty("adf.repo");
  }

  static DefinitionMutator mutator() {
    return new DefinitionMutator(Harness.repoRoot(), FuzzDefinitions.corpus(), CorpusSampleFoldersTest.SAMPLE_FOLDERS);
  }

  @Test
  void mutatedFactoriesExitZeroOrTwoWithEveryErrorLocatedInProcess() throws Exception {
    int count = Integer.getInteger("adf.fuzz.count", CASES);
    FuzzFigures figures = new FuzzFigures();
    try (DefinitionFuzzer fuzzer = new DefinitionFuzzer(mutator(), Cli.inProcess(), tmp.resolve("home"))) {
      for (int i = 0; i < count; i++) {
        long seed = FuzzDefinitions.caseSeed(SEED, i);
        figures.add(fuzzer.run(seed, tmp.resolve("case-" + seed)));
      }
    }
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    figures.print(new PrintStream(report, true, StandardCharsets.UTF_8), "tools/reliability/fuzz-definitions.sh");
    String text = report.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    assertThat(figures.failed()).as(text).isEmpty();
    assertThat(figures.byKind().keySet()).as("every kind was drawn").isEqualTo(EnumSet.allOf(Kind.class));
    assertThat(figures.byKind().values().stream().mapToLong(r -> r[3]).sum())
        .as("some mutated factories are still valid and deploy").isPositive();
  }

  @Test
  void mutatedFactoriesBehaveTheSameInChildProcesses() throws Exception {
    DefinitionMutator mutator = mutator();
    Set<Kind> wanted = EnumSet.of(Kind.DEEP_NESTING, Kind.BROKEN_UTF8, Kind.ODD_STRING);
    List<Long> seeds = new ArrayList<>();
    for (long i = 0; !wanted.isEmpty() && i < 1_000; i++) {
      long seed = FuzzDefinitions.caseSeed(SEED + 1, i);
      Kind kind = mutator.mutate(seed, tmp.resolve("probe-" + seed)).mutation().kind();
      if (wanted.remove(kind)) {
        seeds.add(seed);
      }
    }
    assertThat(wanted).as("kinds without a case among 1,000 seeds").isEmpty();
    List<String> failures = new ArrayList<>();
    try (DefinitionFuzzer fuzzer = new DefinitionFuzzer(mutator, Cli.childProcess(tmp.resolve("io")),
        tmp.resolve("home"))) {
      for (long seed : seeds) {
        DefinitionFuzzer.Outcome o = fuzzer.run(seed, tmp.resolve("case-" + seed));
        o.failures().forEach(f -> failures.add(o.mutation() + ": " + f));
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void theSameSeedMakesTheSameBytes() throws Exception {
    DefinitionMutator mutator = mutator();
    for (int i = 0; i < 20; i++) {
      long seed = FuzzDefinitions.caseSeed(SEED, i);
      DefinitionMutator.Case a = mutator.mutate(seed, tmp.resolve("a" + i));
      DefinitionMutator.Case b = mutator.mutate(seed, tmp.resolve("b" + i));
      assertThat(b.mutation()).isEqualTo(a.mutation());
      for (int f = 0; f < a.inputFiles().size(); f++) {
        assertThat(Files.readAllBytes(b.inputFiles().get(f))).isEqualTo(Files.readAllBytes(a.inputFiles().get(f)));
      }
    }
  }

  /** Today's fix: the nesting-depth error printed a thousand {@code [0]}; it names a short path and its line. */
  @Test
  void nestingPastTheLimitNamesAShortPathWithLineAndColumn() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path pipeline = factory.resolve("Pipeline/SparkSubmit.json");
    String text = Files.readString(pipeline);
    int at = text.indexOf("\"typeProperties\"") + "\"typeProperties\":".length();
    int end = text.indexOf('{', at);
    Files.writeString(pipeline, text.substring(0, end) + "[".repeat(1500) + "]".repeat(1500) + ", \"x\": "
        + text.substring(end));
    Cli.Run r = Cli.inProcess().run(Duration.ofSeconds(60), List.of("validate", "--config",
        SampleFactory.localConfig(), factory.toString()));
    assertThat(r.exit()).isEqualTo(2);
    String line = r.err().lines().filter(l -> l.startsWith("error")).findFirst().orElseThrow();
    assertThat(line).matches("error   .*SparkSubmit\\.json:\\d+:\\d+  "
        + "\\$\\.properties\\.activities\\[0]\\.typeProperties(\\[0])+…\\([\\d,]+ levels\\)…\\[0]\\[0]  "
        + "invalid JSON: arrays and objects nested deeper than 1,000 levels; .*");
    assertThat(line.length()).isLessThan(300);
    assertThat(CliOracle.check("validate", r, List.of(pipeline, Path.of(SampleFactory.localConfig())))).isEmpty();
  }

  /** A refused deploy leaves the deployment before it, as {@code adf windows} and {@code adf deploy --plan} show. */
  @Test
  void aRefusedDeployLeavesThePreviousDeploymentAsAdfWindowsShowsIt() throws Exception {
    Cli cli = Cli.inProcess();
    Duration deadline = Duration.ofSeconds(60);
    String home = tmp.resolve("home").toString();
    Path good = SampleFactory.copy(tmp.resolve("good"));
    assertThat(cli.run(deadline, List.of("deploy", good.toString(), "--config", SampleFactory.localConfig(), "--home",
        home)).exit()).isZero();
    Cli.Run before = cli.run(deadline, List.of("windows", "--home", home, "--format", "json"));
    assertThat(before.exit()).isZero();
    assertThat(before.out()).contains("SparkSubmit");

    Path bad = SampleFactory.copy(tmp.resolve("bad"));
    Path dataset = bad.resolve("Datasets/output.json");
    byte[] bytes = Files.readAllBytes(dataset);
    Files.write(dataset, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Cli.Run refused = cli.run(deadline, List.of("deploy", bad.toString(), "--config", SampleFactory.localConfig(),
        "--home", home));
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("output.json:", "Nothing was deployed");

    Cli.Run after = cli.run(deadline, List.of("windows", "--home", home, "--format", "json"));
    assertThat(after.out()).isEqualTo(before.out());
    Cli.Run plan = cli.run(deadline, List.of("deploy", "--plan", good.toString(), "--config",
        SampleFactory.localConfig(), "--home", home));
    assertThat(plan.exit()).isZero();
    assertThat(plan.out()).contains("a deploy now would change nothing");
  }
}
