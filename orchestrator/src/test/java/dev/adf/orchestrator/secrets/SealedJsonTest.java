package dev.adf.orchestrator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.validation.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored form of secrets, the cipher and the key's sources. */
class SealedJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LINKED = """
      {"name": "Storage", "properties": {"type": "AzureStorage", "typeProperties": {
        "connectionString": "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=K3y/Literal+==",
        "password": "Pw-literal!", "pwd": 1234, "port": 5, "nothing": null,
        "credential": {"user": "u", "value": "Cred-literal"}}}}
      """;
  static final String PIPELINE = """
      {"name": "P", "properties": {"activities": [{"name": "A", "typeProperties": {"arguments": [
        "--connectionString", "UseLocalStore=true;AccountKey=ArgKey-literal", "input=wasb://in@local/data",
        "https://acct.blob.core.windows.net/c?sv=2019&sig=SasSig-literal"]}}]}}
      """;

  @TempDir Path home;

  Supplier<SecretCipher> cipher(Map<String, String> env) {
    return new SecretKeys(home, env::get)::orCreate;
  }

  @Test
  void literalSecretsAreSealedReferencesKeptAndEverythingElseAsWritten() throws Exception {
    Map<String, String> env = new HashMap<>();
    String stored = SealedJson.seal(LINKED, Map.of(), cipher(env));
    assertThat(stored).doesNotContain("K3y/Literal", "Pw-literal", "Cred-literal", "AccountName=acct")
        .contains("\"$secret\"", SecretCipher.PREFIX, "AzureStorage", "\"nothing\" : null", "\"port\" : 5");
    var tree = JSON.readTree(stored).path("properties").path("typeProperties");
    assertThat(tree.path("connectionString").path("$secret").asText()).startsWith("enc:v1:");
    assertThat(tree.path("credential").path("user").path("$secret").asText()).startsWith("enc:v1:");
    assertThat(tree.path("pwd").path("$secret").asText()).as("a number under a secret key: sealed too")
        .startsWith("enc:v1:");

    String sealedPipeline = SealedJson.seal(PIPELINE, Map.of(), cipher(env));
    assertThat(sealedPipeline).doesNotContain("ArgKey-literal", "SasSig-literal")
        .contains("--connectionString", "input=wasb://in@local/data");

    SealedJson.Opened opened = SealedJson.open(stored, env::get, cipher(env));
    assertThat(opened.problems()).isEmpty();
    assertThat(JSON.readTree(opened.json())).isEqualTo(JSON.readTree(LINKED));
    assertThat(JSON.readTree(SealedJson.open(sealedPipeline, env::get, cipher(env)).json()))
        .isEqualTo(JSON.readTree(PIPELINE));
  }

  @Test
  void aReferenceIsStoredAsItsTemplateAndResolvedWhenOpened() throws Exception {
    String json = LINKED.replace("K3y/Literal+==", "K1-from-env").replace("Pw-literal!", "Pw-from-env");
    Map<String, String> refs = Map.of(
        "/properties/typeProperties/connectionString",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${env:KEY}",
        "/properties/typeProperties/password", "${env:PW}");
    Map<String, String> env = new HashMap<>(Map.of("KEY", "K1-from-env", "PW", "Pw-from-env"));
    String stored = SealedJson.seal(json, refs, cipher(env));
    assertThat(stored).doesNotContain("K1-from-env", "Pw-from-env")
        .contains("\"env:DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${env:KEY}\"")
        .contains("\"env:${env:PW}\"");

    env.put("KEY", "K2-rotated");
    var opened = JSON.readTree(SealedJson.open(stored, env::get, cipher(env)).json());
    assertThat(opened.path("properties").path("typeProperties").path("connectionString").asText())
        .as("the environment of the process that opens it").endsWith("AccountKey=K2-rotated");

    env.remove("PW");
    SealedJson.Opened missing = SealedJson.open(stored, env::get, cipher(env));
    assertThat(missing.problems()).singleElement().asString().contains("'PW' is not set")
        .contains("/properties/typeProperties/password");
    assertThat(missing.json()).contains(SealedJson.UNAVAILABLE).doesNotContain("Pw-from-env");

    // A template whose literal text holds a key=value secret is sealed whole (resolved), not kept.
    String mixed = SealedJson.seal(json, Map.of("/properties/typeProperties/connectionString",
        "AccountKey=LiteralInTemplate;SharedAccessSignature=${env:KEY}"), cipher(env));
    assertThat(JSON.readTree(mixed).path("properties").path("typeProperties").path("connectionString")
        .path("$secret").asText()).startsWith("enc:v1:");
  }

  @Test
  void theSameContentIsSeenThroughNewNoncesAndChangesAreNot() {
    Map<String, String> env = new HashMap<>();
    String a = SealedJson.seal(LINKED, Map.of(), cipher(env));
    String b = SealedJson.seal(LINKED, Map.of(), cipher(env));
    assertThat(a).as("a fresh nonce per sealing").isNotEqualTo(b);
    assertThat(SealedJson.sameContent(LINKED, Map.of(), a, cipher(env))).isTrue();
    assertThat(SealedJson.sameContent(LINKED.replace("Pw-literal!", "Pw-other"), Map.of(), a, cipher(env))).isFalse();
    assertThat(SealedJson.sameContent(LINKED, Map.of("/properties/typeProperties/password", "${env:PW}"), a,
        cipher(env))).as("a literal that became a reference is a change").isFalse();
    assertThat(SealedJson.sameContent(LINKED, Map.of(), LINKED, cipher(env)))
        .as("a version stored in clear by an earlier version").isTrue();
  }

  @Test
  void shownStoredFormsRedactSealedValuesAndShowReferences() throws Exception {
    Map<String, String> env = new HashMap<>();
    String stored = SealedJson.seal(PIPELINE, Map.of(), cipher(env));
    String shown = Secrets.redacted(JSON.readTree(stored)).toString();
    assertThat(shown).doesNotContain("enc:v1:", "$secret").contains("\"***\"", "--connectionString");
    String ref = SealedJson.seal(LINKED.replace("Pw-literal!", "x"), Map.of("/properties/typeProperties/password",
        "${env:PW}"), cipher(env));
    assertThat(Secrets.redacted(JSON.readTree(ref)).path("properties").path("typeProperties").path("password")
        .asText()).isEqualTo("${env:PW}");
  }

  @Test
  void reSealingAClearVersionSealsItOnceAndLeavesOthers() {
    Map<String, String> env = new HashMap<>();
    var sealed = SealedJson.resealed(LINKED, cipher(env));
    assertThat(sealed).isPresent();
    assertThat(sealed.get()).doesNotContain("Pw-literal");
    assertThat(SealedJson.resealed(sealed.get(), cipher(env))).isEmpty();
    assertThat(SealedJson.resealed("{\"name\": \"D\", \"properties\": {\"type\": \"AzureBlob\"}}", cipher(env))).isEmpty();
  }

  @Test
  void theKeyFileIsCreatedOwnerOnlyOnFirstUseAndReadAgain() throws Exception {
    SecretKeys keys = new SecretKeys(home, n -> null);
    assertThat(keys.existing()).isNull();
    SecretCipher first = keys.orCreate();
    Path file = home.resolve("keys/secret.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    assertThat(new SecretKeys(home, n -> null).orCreate().keyId()).isEqualTo(first.keyId());
    assertThat(first.source()).isEqualTo(file.toString());

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(keys::existing).isInstanceOf(SecretException.class).hasMessageContaining("chmod 600 " + file);
  }

  @Test
  void aWrongKeyOrNoKeyIsAClearErrorNamingTheSource() {
    String stored = SealedJson.seal(LINKED, Map.of(), cipher(Map.of()));
    byte[] other = new byte[32];
    other[0] = 7;
    Map<String, String> env = Map.of(SecretKeys.KEY_VARIABLE, Base64.getEncoder().encodeToString(other));
    SealedJson.Opened wrong = SealedJson.open(stored, env::get, new SecretKeys(home, env::get)::forOpening);
    assertThat(wrong.problems()).isNotEmpty().allSatisfy(p -> assertThat(p)
        .contains("sealed with key " + new SecretKeys(home, n -> null).existing().keyId())
        .contains("$ADF_SECRET_KEY").contains("--replace-secrets").doesNotContain("Pw-literal"));
    assertThat(wrong.json()).doesNotContain("Pw-literal").contains(SealedJson.UNAVAILABLE);

    Path elsewhere = home.resolve("elsewhere");
    SealedJson.Opened none = SealedJson.open(stored, n -> null, new SecretKeys(elsewhere, n -> null)::forOpening);
    assertThat(none.problems()).first().asString().contains(elsewhere.resolve("keys/secret.key").toString())
        .contains("does not exist").contains("$ADF_SECRET_KEY");

    assertThatThrownBy(() -> new SecretKeys(home, Map.of(SecretKeys.KEY_VARIABLE, "c2hvcnQ=")::get).existing())
        .isInstanceOf(SecretException.class).hasMessageContaining("has 5 bytes").hasMessageContaining("base64");
    // A changed sealed text fails its tag.
    SecretCipher c = new SecretKeys(home, n -> null).existing();
    String s = c.seal("\"x\"");
    String tampered = s.substring(0, s.length() - 2) + (s.endsWith("A") ? "BB" : "AA");
    assertThatThrownBy(() -> c.open(tampered)).isInstanceOf(SecretException.class)
        .hasMessageContaining("authentication tag");
  }
}
