package dev.adf.orchestrator;

import dev.adf.orchestrator.config.EnvironmentConfig;
import dev.adf.orchestrator.definition.DefinitionLoader;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.LoadResult;
import dev.adf.orchestrator.definition.LocatedJson;
import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loading definitions for the CLI: files plus an optional environment config. */
public final class Definitions {
  private Definitions() {}

  /**
   * What was loaded.
   *
   * @param factory the definitions, or null when any problem is an error
   * @param problems every problem, in file order
   * @param files every JSON file read
   */
  public record Loaded(Factory factory, List<Problem> problems, List<Path> files) {
    /** An error at a JSON pointer of a file that was read, with its line and column. */
    public Problem problemAt(Path file, String pointer, String message) {
      try {
        return LocatedJson.read(file).problem(Problem.Severity.ERROR, pointer, message);
      } catch (Exception e) {
        return Problem.error(file, pointer, 0, 0, message);
      }
    }
  }

  /**
   * Loads and validates.
   *
   * @param paths folders (recursively) or files of ADF JSON
   * @param configFile an environment config file, or null for none
   */
  public static Loaded load(List<Path> paths, Path configFile) {
    return load(paths, configFile, DefinitionLoader.Scope.SET);
  }

  /**
   * Loads and validates {@code scope}: {@link DefinitionLoader.Scope#EACH} checks each file on its own
   * (no references), {@link DefinitionLoader.Scope#SET} also the files as one factory.
   */
  public static Loaded load(List<Path> paths, Path configFile, DefinitionLoader.Scope scope) {
    return load(paths, configFile, scope, System::getenv);
  }

  /** As {@link #load(List, Path, DefinitionLoader.Scope)}, {@code ${env:…}} looked up in {@code env}. */
  public static Loaded load(List<Path> paths, Path configFile, DefinitionLoader.Scope scope,
      java.util.function.Function<String, String> env) {
    EnvironmentConfig config = configFile == null ? EnvironmentConfig.NONE : EnvironmentConfig.load(configFile, env);
    LoadResult r = new DefinitionLoader().load(paths, config, scope);
    List<Path> files = new ArrayList<>(r.files());
    return new Loaded(r.factory(), r.problems(), files);
  }
}
