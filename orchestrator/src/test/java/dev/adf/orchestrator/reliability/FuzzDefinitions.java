package dev.adf.orchestrator.reliability;

import dev.adf.orchestrator.definition.CorpusSampleFoldersTest;
import dev.adf.orchestrator.testing.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The long run of {@code tools/reliability/fuzz-definitions.sh}: {@code COUNT} mutated factories (case
 * {@code i} has seed {@link #caseSeed}{@code (BASE, i)}) through {@code adf validate} and {@code adf
 * deploy} in this JVM, then the figures. {@code --case SEED} runs one case and keeps its folder.
 *
 * <p>Usage: {@code FuzzDefinitions [--count N] [--seed BASE] [--case SEED] [--work DIR]}; exit 1 when a
 * case failed.
 */
public final class FuzzDefinitions {
  private FuzzDefinitions() {}

  /** The seed of case {@code i} of a run with seed {@code base} (SplitMix64 of their sum). */
  public static long caseSeed(long base, long i) {
    long z = base + (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  public static void main(String[] args) throws IOException {
    long count = 10_000;
    long base = 20_261_204;
    Long only = null;
    Path work = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--count" -> count = Long.parseLong(args[++i]);
        case "--seed" -> base = Long.parseLong(args[++i]);
        case "--case" -> only = Long.parseLong(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.setProperty("adf.repo", Harness.repoRoot().toString());
    Path root = work != null ? Files.createDirectories(work) : Files.createTempDirectory("adf-fuzz-");
    DefinitionMutator mutator = new DefinitionMutator(Harness.repoRoot(), corpus(), CorpusSampleFoldersTest.SAMPLE_FOLDERS);
    @SuppressWarnings("resource") // ends with System.exit
    DefinitionFuzzer fuzzer = new DefinitionFuzzer(mutator, Cli.inProcess(), root.resolve("home"));
    FuzzFigures figures = new FuzzFigures();
    String reproduce = "tools/reliability/fuzz-definitions.sh";
    if (only != null) {
      Path dir = root.resolve("case-" + only);
      DefinitionFuzzer.Outcome o = fuzzer.run(only, dir);
      figures.add(o);
      System.out.println(o.mutation());
      System.out.println("files: " + dir);
      System.out.println("--- adf validate: exit " + o.validate().exit() + ", " + o.validate().millis() + " ms");
      System.out.print(o.validate().out() + o.validate().err());
      System.out.println("--- adf deploy: exit " + o.deploy().exit() + ", " + o.deploy().millis() + " ms");
      System.out.print(o.deploy().out() + o.deploy().err());
      System.out.println("---");
      o.failures().forEach(f -> System.out.println("FAILED " + f));
      System.out.println(o.failures().isEmpty() ? "passed" : "failed");
      System.exit(o.failures().isEmpty() ? 0 : 1);
    }
    System.out.printf("seed %d, %,d cases, work folder %s%n", base, count, root);
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      long seed = caseSeed(base, i);
      Path dir = root.resolve("case-" + seed);
      DefinitionFuzzer.Outcome o = fuzzer.run(seed, dir);
      figures.add(o);
      if (o.failures().isEmpty()) {
        delete(dir);
      } else {
        System.out.println("failed: " + o.mutation() + ": " + o.failures().get(0));
      }
      if ((i + 1) % 500 == 0) {
        System.out.printf("%,d cases, %,d failed, %d s%n", i + 1, figures.failed().size(),
            (System.nanoTime() - start) / 1_000_000_000L);
        try (java.io.PrintStream partial = new java.io.PrintStream(root.resolve("figures.txt").toFile(),
            java.nio.charset.StandardCharsets.UTF_8)) {
          figures.print(partial, reproduce);
        }
      }
    }
    System.out.printf("%nwall time %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
    figures.print(System.out, reproduce);
    System.exit(figures.failed().isEmpty() ? 0 : 1);
  }

  static Path corpus() {
    for (Path dir = Harness.repoRoot(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus/adfv1");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/corpus/adfv1 above " + Harness.repoRoot());
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
