package dev.adf.orchestrator.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a secret as text {@code enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}: AES-256-GCM
 * (JDK) with a fresh 96-bit random nonce per value and a 128-bit tag, the label {@code adf.secret.v1}
 * as associated data. The same value sealed twice gives two texts; {@link #open} tells a wrong key
 * (another key id) from a changed text (the tag fails) and names neither the secret nor the key.
 */
public final class SecretCipher {
  /** The prefix of a sealed text. */
  public static final String PREFIX = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "adf.secret.v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;
  private final String source;

  SecretCipher(byte[] key, String source) {
    this.key = new SecretKeySpec(key, "AES");
    this.keyId = SecretKeys.idOf(key);
    this.source = source;
  }

  /** The key's public name (8 hex digits of a hash), written into every sealed text. */
  public String keyId() {
    return keyId;
  }

  /** Where the key came from: a file path or {@code $ADF_SECRET_KEY}. */
  public String source() {
    return source;
  }

  /** The sealed text of {@code plaintext} (UTF-8). */
  public String seal(String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(AAD);
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /** The key id a sealed text names, or null when it is not a sealed text. */
  public static String keyIdOf(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      return null;
    }
    int colon = sealed.indexOf(':', PREFIX.length());
    return colon < 0 ? null : sealed.substring(PREFIX.length(), colon);
  }

  /**
   * The plaintext of a sealed text.
   *
   * @throws SecretException when it was sealed with another key, was changed, or is not a sealed text;
   *     the message names the key ids and this key's source, and what to do
   */
  public String open(String sealed) {
    String id = keyIdOf(sealed);
    if (id == null) {
      throw new SecretException("a stored secret is not in the form " + PREFIX + "<key id>:<data>; the store was"
          + " edited or written by another version: deploy the definitions again");
    }
    if (!id.equals(keyId)) {
      throw new SecretException("a stored secret was sealed with key " + id + " but this process has key " + keyId
          + " (" + source + "); use the key of the process that deployed it (every process on one store needs the"
          + " same key: copy its key file or set $" + SecretKeys.KEY_VARIABLE + "), or deploy again with"
          + " --replace-secrets to seal every secret with this key");
    }
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length() + id.length() + 1));
    } catch (IllegalArgumentException e) {
      throw new SecretException("a stored secret sealed with key " + id + " is damaged (not base64url);"
          + " deploy the definitions again");
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretException("a stored secret sealed with key " + id + " is damaged (too short);"
          + " deploy the definitions again");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      c.updateAAD(AAD);
      return new String(c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SecretException("a stored secret sealed with key " + id + " does not open with the key of "
          + source + " (its authentication tag fails: the key file was replaced by another with the same id,"
          + " or the stored text was changed); deploy the definitions again");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }
}
