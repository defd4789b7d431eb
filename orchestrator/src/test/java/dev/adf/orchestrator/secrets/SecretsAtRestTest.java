package dev.adf.orchestrator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.StoredEntity;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.validation.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets at rest on a real store (this class: the H2 file; {@link SecretsAtRestPostgresTest}: the
 * tests' PostgreSQL server): the sample deployed with a storage account key from {@code ${env:…}}, a
 * literal cluster password and a literal account key in a launcher argument. None of them is in a
 * table or in a byte of the database's files; the reference is resolved by the process that runs the
 * attempt; an unchanged deploy changes nothing; a missing variable or a wrong key fails the attempt
 * (and the deploy) with a clear message, never the secret.
 */
class SecretsAtRestTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY_VARIABLE = "ADF_TEST_ACCOUNT_KEY";

  @TempDir Path tmp;

  /** The settings of the store under test: the embedded H2 file. */
  Settings settings() {
    return Settings.defaults();
  }

  /** Every file the database wrote (for H2 its file under the home). */
  List<Path> databaseFiles(Path home) throws Exception {
    try (Stream<Path> s = Files.walk(home.resolve("db"))) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The stored entity versions, read with plain JDBC. */
  List<String> storedJson(Harness h) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = connection(h); var rs = c.createStatement().executeQuery("SELECT json FROM entity_version")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  Connection connection(Harness h) throws Exception {
    if (settings().store() != null) {
      return DriverManager.getConnection(settings().store().url(), settings().store().user(),
          settings().store().password());
    }
    return DriverManager.getConnection("jdbc:h2:file:" + h.orchestrator.home().resolve("db/adf") + ";AUTO_SERVER=TRUE",
        "adf", "");
  }

  static String random(String prefix, int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  static String randomKey() {
    byte[] b = new byte[64];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The local config: the storage key from the environment, a literal password and argument key. */
  Path config(String name, String password, String argumentKey) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(Harness.repoRoot().resolve("conf/environments/local.json").toFile());
    ((ObjectNode) root.path("StorageLinkedService").get(0))
        .put("value", "UseLocalStore=true;AccountName=devacct;AccountKey=${env:" + KEY_VARIABLE + "}");
    for (var n : root.path("HDInsightLinkedService")) {
      if (n.path("name").asText().endsWith(".password")) {
        ((ObjectNode) n).put("value", password);
      }
    }
    ((ObjectNode) root.path("SparkSubmit").get(0))
        .put("value", "UseLocalStore=true;AccountName=devacct;AccountKey=" + argumentKey);
    Path file = tmp.resolve(name);
    Files.writeString(file, JSON.writeValueAsString(root));
    return file;
  }

  /** What of {@code secrets} the bytes hold: as UTF-8, UTF-16 and base64 of the UTF-8. */
  static List<String> found(byte[] bytes, Map<String, String> secrets) {
    String latin = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    secrets.forEach((value, name) -> {
      for (var form : Map.of(value, "", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)),
          " (base64)", new String(value.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1), " (UTF-16)",
          new String(value.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1), " (UTF-16LE)").entrySet()) {
        if (latin.contains(form.getKey())) {
          out.add(name + form.getValue());
        }
      }
    });
    return out;
  }

  @Test
  void noSecretReachesTheStoreAReferenceIsResolvedWhenTheAttemptRunsAndAnUnchangedDeployChangesNothing()
      throws Exception {
    String accountKey = randomKey();
    String rotatedKey = randomKey();
    String password = random("Pw", 12);
    String argumentKey = randomKey();
    Map<String, String> secrets = Map.of(accountKey, "the storage account key (from the environment)",
        rotatedKey, "the rotated storage account key", password, "the cluster password",
        argumentKey, "the account key in the launcher argument");
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path config = config("secret.json", password, argumentKey);
    Map<String, String> env = new HashMap<>(Map.of(KEY_VARIABLE, accountKey));
    Path home = tmp.resolve("home");

    try (Harness h = new Harness(home, NOW, 2, settings(), env::get)) {
      assertThat(new Deployer(h.orchestrator).plan(List.of(factory), config).outcome().added()).hasSize(5);
      assertThat(home.resolve("keys/secret.key")).as("a plan leaves no key file").doesNotExist();
      h.deploy(factory, config);

      // Not in the tables, and not in any byte of the database's files.
      List<String> stored = storedJson(h);
      assertThat(stored).hasSize(5).allSatisfy(j -> assertThat(found(j.getBytes(StandardCharsets.UTF_8), secrets))
          .isEmpty());
      String storage = stored.stream().filter(j -> j.contains("AzureStorage")).findFirst().orElseThrow();
      assertThat(storage).as("the reference, as the config wrote it")
          .contains("\"env:UseLocalStore=true;AccountName=devacct;AccountKey=${env:" + KEY_VARIABLE + "}\"");
      assertThat(stored).anySatisfy(j -> assertThat(j).contains("HDInsight").contains("\"enc:v1:"));
      checkpoint(h);
      for (Path f : databaseFiles(home)) {
        assertThat(found(bytesOf(f), secrets)).as(f.toString()).isEmpty();
      }
      Path keyFile = home.resolve("keys/secret.key");
      assertThat(keyFile).exists();

      // The history shows them redacted; the reference as its template.
      String shown = Secrets.redacted(JSON.readTree(storage)).toString();
      assertThat(shown).contains("AccountKey=${env:" + KEY_VARIABLE + "}").doesNotContain(accountKey);

      // An unchanged deploy (and its plan) change nothing, though every sealing uses a new nonce.
      Deployer.Report plan = new Deployer(h.orchestrator).plan(List.of(factory), config);
      assertThat(plan.outcome().added()).isEmpty();
      assertThat(plan.outcome().changed()).isEmpty();
      assertThat(h.deploy(factory, config).outcome().deployment()).as("nothing deployed").isZero();
      // A rotated variable is no change either: the reference is what was deployed.
      env.put(KEY_VARIABLE, rotatedKey);
      assertThat(new Deployer(h.orchestrator).plan(List.of(factory), config).outcome().changed()).isEmpty();
      // A changed literal secret is a change, shown by name only.
      Deployer.Report changed = new Deployer(h.orchestrator).plan(List.of(factory), config("other.json",
          random("Pw", 12), argumentKey));
      assertThat(changed.outcome().changed()).containsExactly("LinkedService HDInsightLinkedService");

      // The attempt runs with the value of its own process's environment (rotated since the deploy).
      assertThat(h.orchestrator.deployedFactory().factory().linkedService("StorageLinkedService").orElseThrow()
          .typeProperties().path("connectionString").asText()).endsWith("AccountKey=" + rotatedKey);
      SampleFactory.putInput(h.orchestrator.storageRoot());
      h.runUntilIdle();
      assertThat(h.windows()).singleElement().satisfies(w -> assertThat(w.state().status()).isEqualTo(WindowStatus.Ready));
      checkpoint(h);
      for (Path f : databaseFiles(home)) {
        assertThat(found(bytesOf(f), secrets)).as(f + " after the run").isEmpty();
      }
    }

    // A scheduler whose environment lacks the variable fails the attempt, naming it.
    Map<String, String> without = new HashMap<>();
    try (Harness h = new Harness(home, NOW, 2, settings(), without::get)) {
      rerun(h);
      h.runUntilIdle();
      var attempts = h.attempts(h.windows().get(0));
      var last = attempts.get(attempts.size() - 1);
      assertThat(last.status()).isEqualTo(AttemptStatus.Failed);
      assertThat(last.error()).contains("LinkedService 'StorageLinkedService'")
          .contains("environment variable '" + KEY_VARIABLE + "' is not set").contains("adf rerun");
      assertThat(found(last.error().getBytes(StandardCharsets.UTF_8), secrets)).isEmpty();
    }

    // Another key (a process given another ADF_SECRET_KEY): the attempt fails naming both key ids, and a
    // deploy is refused; with --replace-secrets it seals with the new key and the attempt runs again.
    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);
    Map<String, String> otherEnv = new HashMap<>(Map.of(KEY_VARIABLE, accountKey,
        SecretKeys.KEY_VARIABLE, Base64.getEncoder().encodeToString(otherKey)));
    try (Harness h = new Harness(home, NOW, 2, settings(), otherEnv::get)) {
      rerun(h);
      h.runUntilIdle();
      var attempts = h.attempts(h.windows().get(0));
      assertThat(attempts.get(attempts.size() - 1).error())
          .containsAnyOf("LinkedService 'HDInsightLinkedService'", "Pipeline 'SparkSubmit'").contains("cannot be opened")
          .contains("this process has key " + h.orchestrator.secretKeys().existing().keyId())
          .contains("$ADF_SECRET_KEY").doesNotContain(password);

      Deployer.Report refused = new Deployer(h.orchestrator).deploy(List.of(factory), config);
      assertThat(refused.refused()).isTrue();
      assertThat(refused.problems()).filteredOn(Problem::isError).map(Problem::render)
          .anySatisfy(m -> assertThat(m).contains("cannot open").contains("--replace-secrets"))
          .allSatisfy(m -> assertThat(m).doesNotContain(password));
      Deployer.Report replaced = new Deployer(h.orchestrator, true).deploy(List.of(factory), config);
      assertThat(replaced.refused()).isFalse();
      assertThat(replaced.outcome().changed()).contains("LinkedService HDInsightLinkedService", "Pipeline SparkSubmit");
      assertThat(h.orchestrator.deployedFactory().unavailableSecrets()).isEmpty();
      rerun(h);
      h.runUntilIdle();
      assertThat(h.windows()).singleElement().satisfies(w -> assertThat(w.state().status()).isEqualTo(WindowStatus.Ready));
    }
  }

  @Test
  void anExternalSliceWhoseLinkedServiceSecretCannotBeOpenedIsNotCheckedAndSaysWhy() throws Exception {
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path config = config("secret.json", random("Pw", 12), randomKey());
    Path home = tmp.resolve("home");
    Map<String, String> env = new HashMap<>(Map.of(KEY_VARIABLE, randomKey()));
    try (Harness h = new Harness(home, NOW, 2, settings(), env::get)) {
      h.deploy(factory, config);
    }
    try (Harness h = new Harness(home, NOW, 2, settings(), n -> null)) {
      SampleFactory.putInput(h.orchestrator.storageRoot());
      h.pass();
      var w = h.windows().get(0);
      assertThat(w.state().status()).isEqualTo(WindowStatus.Waiting);
      assertThat(h.pass.explain(w, h.clock.instant())).hasValueSatisfying(b -> assertThat(b.reason())
          .contains("cannot be checked").contains("'" + KEY_VARIABLE + "' is not set"));
      assertThat(h.orchestrator.store().datasetSlice("input", w.key().windowStart()))
          .as("no availability check was made or counted").isEmpty();
    }
  }

  @Test
  void versionsStoredInClearByAnEarlierVersionAreSealedAtTheNextDeployWhichShowsNoChange() throws Exception {
    String password = random("Pw", 12);
    String argumentKey = randomKey();
    String accountKey = randomKey();
    Map<String, String> secrets = Map.of(password, "the cluster password", argumentKey, "the argument key");
    Path factory = SampleFactory.copy(tmp.resolve("f"));
    Path config = config("secret.json", password, argumentKey);
    Map<String, String> env = Map.of(KEY_VARIABLE, accountKey);
    try (Harness h = new Harness(tmp.resolve("home"), NOW, 2, settings(), env::get)) {
      // What an earlier version stored: every entity's JSON after config, in clear.
      var loaded = dev.adf.orchestrator.Definitions.load(List.of(factory), config,
          dev.adf.orchestrator.definition.DefinitionLoader.Scope.SET, env::get);
      List<StoredEntity> clear = new ArrayList<>();
      for (var e : loaded.factory().entities()) {
        String kind = e instanceof dev.adf.orchestrator.definition.LinkedService ? "LinkedService"
            : e instanceof dev.adf.orchestrator.definition.Dataset ? "Dataset" : "Pipeline";
        clear.add(new StoredEntity(kind, e.name(), 0, e.source().path().getFileName().toString(), e.source().json(),
            sha256(e.source().json())));
      }
      var layout = new dev.adf.orchestrator.schedule.FactoryView(loaded.factory()).layout(NOW, NOW);
      h.orchestrator.store().deploy(clear, layout, "an earlier version", NOW);
      assertThat(storedJson(h)).anySatisfy(j -> assertThat(j).contains(password));

      // Its plan shows no change for the entities whose content is the same (the password, the argument).
      Deployer.Report plan = new Deployer(h.orchestrator).plan(List.of(factory), config);
      assertThat(plan.outcome().changed()).as("only the value that is now a reference")
          .containsExactly("LinkedService StorageLinkedService");
      Deployer.Report deployed = h.deploy(factory, config);
      assertThat(deployed.outcome().changed()).isEqualTo(plan.outcome().changed());
      assertThat(storedJson(h)).hasSize(6).allSatisfy(j -> assertThat(found(j.getBytes(StandardCharsets.UTF_8),
          secrets)).isEmpty());
      // Version 1 of the storage linked service held the account key in clear: sealed too.
      assertThat(storedJson(h)).noneMatch(j -> j.contains(accountKey));
      assertThat(h.deploy(factory, config).outcome().deployment()).isZero();
    }
    // The bytes the clear rows had may stay in the database's free pages (H2) or WAL (PostgreSQL) until
    // compacted or recycled; the documented remedy removes them (ARCHITECTURE "Secrets at rest").
    assertThat(afterCompaction(tmp.resolve("home"), secrets)).isEmpty();
  }

  /**
   * The secrets still in the database's files after the remedy ARCHITECTURE names for versions that were
   * stored in clear: on H2, with every process closed, {@code SHUTDOWN COMPACT}.
   */
  List<String> afterCompaction(Path home, Map<String, String> secrets) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db/adf"), "adf", "")) {
      c.createStatement().execute("SHUTDOWN COMPACT");
    }
    List<String> out = new ArrayList<>();
    for (Path f : databaseFiles(home)) {
      found(bytesOf(f), secrets).forEach(n -> out.add(f + ": " + n));
    }
    return out;
  }

  private static void rerun(Harness h) {
    var w = h.windows().get(0);
    new dev.adf.orchestrator.actions.WindowActions(h.orchestrator.store(), h.orchestrator.deployedFactory()).rerun(
        dev.adf.orchestrator.actions.Selection.window(w.key().pipeline(), w.key().activity(), w.key().windowStart()),
        false, h.clock.instant());
  }

  /** Makes the database write what it holds to its files (H2: closes nothing; PostgreSQL: CHECKPOINT). */
  /**
   * The file's bytes, or none when it vanished since it was listed: PostgreSQL removes and rewrites files
   * such as {@code pg_internal.init} while it runs (a fresh-clone CI run failed on one), and a file that
   * is gone holds no secret.
   */
  static byte[] bytesOf(Path f) throws java.io.IOException {
    try {
      return Files.readAllBytes(f);
    } catch (java.nio.file.NoSuchFileException gone) {
      return new byte[0];
    }
  }

  void checkpoint(Harness h) throws Exception {
    try (Connection c = connection(h)) {
      c.createStatement().execute(settings().store() != null ? "CHECKPOINT" : "CHECKPOINT SYNC");
    }
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
