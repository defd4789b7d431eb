package dev.adf.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample deployed with known secrets (a storage account key, the cluster password; then deployed
 * again with others, so an older version holds secrets too) and run: no page, fragment, log or API
 * answer reachable from / shows any of them, and no file under the home (the database included) holds
 * one. The full run through the CLI (engine server, failing attempts, every command's output) is
 * {@code tools/reliability/secrets-scan.sh}.
 */
class SecretsScanTest {
  static final int MAX_URLS = 300;
  static final Pattern LINK = Pattern.compile("(?:href|hx-get|src|action)=\"([^\"]*)\"");

  @TempDir Path dir;

  private static String randomKey() {
    byte[] b = new byte[64];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static String randomPassword() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return "Pw" + HexFormat.of().formatHex(b) + "!";
  }

  /** The local config with the storage account key and the cluster password set to known values. */
  private static Path config(Path file, String accountKey, String password) throws Exception {
    ObjectNode root = (ObjectNode) SampleServer.JSON.readTree(
        Harness.repoRoot().resolve("conf/environments/local.json").toFile());
    // The local store accepts (and ignores) the Azure account keys.
    ((ObjectNode) root.path("StorageLinkedService").get(0))
        .put("value", "UseLocalStore=true;AccountName=devacct;AccountKey=" + accountKey);
    for (JsonNode n : root.path("HDInsightLinkedService")) {
      if (n.path("name").asText().endsWith(".password")) {
        ((ObjectNode) n).put("value", password);
      }
    }
    Files.writeString(file, SampleServer.JSON.writeValueAsString(root));
    return file;
  }

  /** The secret and the forms it could be shown in: URL-encoded, and a long piece of it (truncated). */
  private static Map<String, String> forms(Map<String, String> secrets) {
    Map<String, String> out = new LinkedHashMap<>();
    secrets.forEach((name, v) -> {
      out.put(v, name);
      out.put(URLEncoder.encode(v, StandardCharsets.UTF_8), name + " (URL-encoded)");
      out.put(v.substring(0, 16), name + " (its first 16 characters)");
      out.put(v.substring(v.length() - 16), name + " (its last 16 characters)");
    });
    return out;
  }

  private static String unescape(String attr) {
    return attr.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
        .replace("&gt;", ">");
  }

  @Test
  void noPageFragmentLogOrApiAnswerShowsASecret() throws Exception {
    String key1 = randomKey();
    String password1 = randomPassword();
    String key2 = randomKey();
    String password2 = randomPassword();
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put(key1, "the first storage account key");
    secrets.put(password1, "the first cluster password");
    secrets.put(key2, "the second storage account key");
    secrets.put(password2, "the second cluster password");
    Map<String, String> named = new LinkedHashMap<>();
    secrets.forEach((v, n) -> named.put(n, v));
    Map<String, String> patterns = forms(named);

    try (SampleServer s = new SampleServer(dir, config(dir.resolve("secret1.json"), key1, password1), null)) {
      // A second deployment with other secrets: the first version stays in the history.
      s.h.deploy(dir.resolve("factory"), config(dir.resolve("secret2.json"), key2, password2));
      // A rerun: an audit entry and a second attempt (with its log) to show too.
      s.send(s.postJson("/api/rerun", SampleServer.rerunJson(false)).header(Guard.CSRF_HEADER, s.csrf()));
      s.h.runUntilIdle();

      Set<String> seen = new LinkedHashSet<>();
      Deque<String> queue = new ArrayDeque<>(List.of("/", "/windows", "/diagram", "/audit", "/definitions",
          "/api/windows", "/api/csrf"));
      for (var w : s.h.windows()) {
        String q = "?pipeline=" + SampleServer.q(w.key().pipeline()) + "&activity=" + SampleServer.q(w.key().activity())
            + "&window=" + SampleServer.q(w.key().windowStart().toString());
        queue.add("/api/runs" + q);
        queue.add("/api/why" + q);
      }
      for (String kind : List.of("LinkedService", "Dataset", "Pipeline")) {
        for (String name : List.of("StorageLinkedService", "HDInsightLinkedService", "input", "output", "SparkSubmit")) {
          queue.add("/definitions/" + kind + "/" + SampleServer.q(name).replace("+", "%20"));
          queue.add("/definitions/" + kind + "/" + SampleServer.q(name).replace("+", "%20") + "?version=1");
        }
      }
      List<String> leaks = new ArrayList<>();
      Map<Integer, Integer> statuses = new LinkedHashMap<>();
      while (!queue.isEmpty() && seen.size() < MAX_URLS) {
        String path = queue.poll();
        if (!seen.add(path)) {
          continue;
        }
        HttpResponse<String> r = s.get(path);
        statuses.merge(r.statusCode(), 1, Integer::sum);
        String body = r.body();
        String headers = r.headers().map().toString();
        for (var p : patterns.entrySet()) {
          if (body.contains(p.getKey()) || headers.contains(p.getKey())) {
            leaks.add(path + " (" + r.statusCode() + ") shows " + p.getValue());
          }
        }
        Matcher m = LINK.matcher(body);
        while (m.find()) {
          String link = unescape(m.group(1));
          if (link.startsWith(s.base())) {
            link = link.substring(s.base().length());
          }
          if (link.startsWith("/") && !link.startsWith("//")) {
            int hash = link.indexOf('#');
            queue.add(hash < 0 ? link : link.substring(0, hash));
          }
        }
      }
      // Every byte the orchestrator wrote under its home: the database, engine work folders, kept logs.
      try (var files = Files.walk(s.h.orchestrator.home())) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          for (var p : patterns.entrySet()) {
            if (bytes.contains(p.getKey())) {
              leaks.add(s.h.orchestrator.home().relativize(f) + " holds " + p.getValue());
            }
          }
        }
      }
      assertThat(leaks).as("secrets shown or written").isEmpty();
      // The scan reads what the pages show: the linked service's other properties are there.
      assertThat(s.get("/definitions/LinkedService/HDInsightLinkedService?version=1").body())
          .contains("clusterUri").contains("embedded:").contains("password");
      // The crawl reached the pages that show definitions and logs.
      assertThat(seen).anyMatch(p -> p.startsWith("/definitions/LinkedService/StorageLinkedService"))
          .anyMatch(p -> p.startsWith("/definitions/LinkedService/HDInsightLinkedService"))
          .anyMatch(p -> p.startsWith("/window?"))
          .anyMatch(p -> p.startsWith("/log?"))
          .anyMatch(p -> p.startsWith("/log/download?"));
      assertThat(seen.size()).isGreaterThan(20);
      assertThat(statuses.get(200)).isGreaterThan(20);
      // The deployed definitions hold the secrets sealed (issue 16), and the scheduler opens them.
      assertThat(s.h.orchestrator.history().json("LinkedService", "StorageLinkedService", 1)).hasValueSatisfying(
          j -> assertThat(j).doesNotContain(key1).contains("\"$secret\""));
      assertThat(s.h.orchestrator.deployedFactory().factory().linkedService("StorageLinkedService").orElseThrow()
          .typeProperties().path("connectionString").asText()).contains(key2);
    }
  }
}
