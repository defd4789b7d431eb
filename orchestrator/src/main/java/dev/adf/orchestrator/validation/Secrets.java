package dev.adf.orchestrator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps secret values out of messages (ARCHITECTURE invariant "Secrets never reach logs, history, CLI
 * output"). Secret keys are those ADF linked services use for credentials (adf-v1-semantics §2):
 * connectionString, sasUri, password, accountKey, accessKey, apiKey, servicePrincipalKey, … .
 */
public final class Secrets {

  /** What a secret is shown as. */
  public static final String MASK = "***";

  private static final Set<String> SECRET_KEYS =
      Set.of(
          "connectionstring", "sasuri", "sastoken", "password", "pwd", "accountkey", "accesskey",
          "apikey", "key", "sharedaccesssignature", "sharedaccesskey", "serviceprincipalkey",
          "encryptedcredential", "sessionid", "authorization", "secret", "clientsecret", "token",
          "secretaccesskey", "passphrase", "privatekeycontent", "securitytoken", "sshpassword",
          "embeddedcertdata", "credential");


  private Secrets() {}

  /**
   * Lower-case fragments at least one of which any text holding a secret contains: the secret keys and
   * the {@code key=value} names {@link #redact} masks. A text with none of them holds no secret (a cheap
   * filter, e.g. in SQL, before parsing).
   */
  public static java.util.List<String> fragments() {
    var out = new java.util.TreeSet<>(SECRET_KEYS);
    out.addAll(java.util.List.of("sharedaccesskey=", "sig="));
    return java.util.List.copyOf(out);
  }

  /** True when values under this JSON key are secrets (case-insensitive). */
  public static boolean isSecretKey(String key) {
    return key != null && SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT));
  }

  /** True when any segment of the pointer is a secret key, e.g. {@code /properties/typeProperties/password}. */
  public static boolean isSecretPointer(String pointer) {
    return JsonPointers.segments(pointer).stream().anyMatch(Secrets::isSecretKey);
  }

  /**
   * A value for a message: {@link #MASK} under a secret pointer, otherwise the value quoted ({@code
   * 'abc'}) for text, as JSON for other nodes with members under secret keys masked, and {@code
   * (missing)} for null.
   */
  public static String show(String pointer, JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "(missing)";
    }
    if (isSecretPointer(pointer)) {
      return MASK;
    }
    String text = value.isTextual() ? "'" + value.asText() + "'" : masked(value).toString();
    return redact(text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  /**
   * A copy of a JSON tree safe to show: every member under a secret key is {@link #MASK}, and every
   * other text value has its {@code key=value} secrets masked ({@link #redact}), so a connection string
   * passed as a launcher argument shows no AccountKey either. For the web view's definitions and
   * resolved typeProperties. A stored secret ({@code secrets.SealedJson}'s marker) shows as {@link
   * #MASK}, or as its {@code ${env:NAME}} template when it is a reference.
   *
   * @param value any JSON tree; null gives null
   */
  public static JsonNode redacted(JsonNode value) {
    if (value == null) {
      return null;
    }
    JsonNode copy = masked(value);
    return redactText(copy == value ? value.deepCopy() : copy);
  }

  private static JsonNode redactText(JsonNode node) {
    if (node.isTextual()) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(redactKeepingReferences(node.asText()));
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      for (var it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        e.setValue(redactText(e.getValue()));
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, redactText(a.get(i)));
      }
    }
    return node;
  }

  /** A copy of a JSON value with every member under a secret key replaced by {@link #MASK}. */
  private static JsonNode masked(JsonNode value) {
    if (!value.isContainerNode()) {
      return value;
    }
    JsonNode copy = value.deepCopy();
    maskInPlace(copy);
    return copy;
  }

  private static void maskInPlace(JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      for (var it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        if (isStoredSecret(e.getValue())) {
          e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(storedSecretShown(e.getValue())));
        } else if (isSecretKey(e.getKey())) {
          e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(MASK));
        } else {
          maskInPlace(e.getValue());
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (isStoredSecret(a.get(i))) {
          a.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(storedSecretShown(a.get(i))));
        } else {
          maskInPlace(a.get(i));
        }
      }
    }
  }

  /** A stored secret's marker ({@code secrets.SealedJson}): {@code {"$secret": "enc:…" | "env:…"}}. */
  private static boolean isStoredSecret(JsonNode node) {
    return node.isObject() && node.size() == 1 && node.path("$secret").isTextual();
  }

  /**
   * A reference is shown as its template ({@code AccountKey=${env:NAME}}) when its literal text holds no
   * {@code key=value} secret (as the deploy stores them), else redacted; a sealed value as {@link #MASK}.
   */
  private static String storedSecretShown(JsonNode marker) {
    String text = marker.get("$secret").asText();
    if (!text.startsWith("env:")) {
      return MASK;
    }
    return redactKeepingReferences(text.substring(4));
  }

  /** {@link #redact}, except that a text whose only {@code key=value} secrets are references is kept. */
  private static String redactKeepingReferences(String text) {
    if (ENV_REFERENCE.matcher(text).find()) {
      String literal = ENV_REFERENCE.matcher(text).replaceAll("");
      if (redact(literal).equals(literal)) {
        return text;
      }
    }
    return redact(text);
  }

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:[^}]*}");

  /** Masks secrets written as {@code key=value} inside free text (connection strings, SAS query strings). */
  public static String redact(String text) {
    return dev.adf.engine.Redaction.text(text);
  }
}
