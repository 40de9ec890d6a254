package org.jijiao.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message signature and "safe mode" envelope, as published for service accounts.
 *
 * <p>Signature: SHA-1 (hex) of the parameters sorted as strings and concatenated — token,
 * timestamp and nonce for URL verification and plain messages, plus the {@code Encrypt}
 * text for {@code msg_signature}.
 *
 * <p>Envelope: AES-256-CBC with the key Base64-decoded from the 43-character EncodingAESKey
 * (plus "="), the first 16 key bytes as IV, PKCS#7 padding to a 32-byte block (not AES's
 * 16: WeChat's own sample code pads so), over 16 random bytes, the message length as 4
 * bytes in network order, the message and the app id. The result travels Base64-encoded.
 */
public final class WeChatCrypto {

  private static final int BLOCK = 32;

  private final SecretKeySpec key;
  private final IvParameterSpec iv;
  private final byte[] appId;
  private final SecureRandom random = new SecureRandom();

  public WeChatCrypto(String encodingAesKey, String appId) {
    if (encodingAesKey == null || encodingAesKey.length() != 43) {
      throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
    }
    byte[] raw = Base64.getDecoder().decode(encodingAesKey + "=");
    this.key = new SecretKeySpec(raw, "AES");
    this.iv = new IvParameterSpec(Arrays.copyOfRange(raw, 0, 16));
    this.appId = appId.getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-1 hex of the parts sorted lexicographically and joined without separator. */
  public static String signature(String... parts) {
    String[] sorted = parts.clone();
    Arrays.sort(sorted);
    return sha1Hex(String.join("", sorted));
  }

  /** Compares signatures in constant time; null never matches. */
  public static boolean matches(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  public static String sha1Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String encrypt(String message) {
    byte[] prefix = new byte[16];
    random.nextBytes(prefix);
    return encrypt(prefix, message);
  }

  /** Encrypts with the given 16 random bytes; public so published vectors can be replayed. */
  public String encrypt(byte[] random16, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    int length = 16 + 4 + text.length + appId.length;
    int pad = BLOCK - (length % BLOCK);
    ByteBuffer plain = ByteBuffer.allocate(length + pad);
    plain.put(random16, 0, 16).putInt(text.length).put(text).put(appId);
    for (int i = 0; i < pad; i++) {
      plain.put((byte) pad);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, iv);
      return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES encryption failed", e);
    }
  }

  /**
   * Decrypts an {@code Encrypt} value. Fails with {@link BadEnvelope} when the text is not
   * Base64, the padding or length is inconsistent, or the app id is not ours.
   */
  public String decrypt(String encrypted) {
    byte[] plain;
    try {
      byte[] cipherText = Base64.getDecoder().decode(encrypted.trim());
      if (cipherText.length == 0 || cipherText.length % 16 != 0) {
        throw new BadEnvelope("cipher text length");
      }
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, iv);
      plain = cipher.doFinal(cipherText);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new BadEnvelope("not decryptable");
    }
    int pad = plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK || pad > plain.length) {
      throw new BadEnvelope("padding");
    }
    int end = plain.length - pad;
    if (end < 20) {
      throw new BadEnvelope("too short");
    }
    int length = ByteBuffer.wrap(plain, 16, 4).getInt();
    if (length < 0 || 20 + length > end) {
      throw new BadEnvelope("length");
    }
    byte[] from = Arrays.copyOfRange(plain, 20 + length, end);
    if (!MessageDigest.isEqual(from, appId)) {
      throw new BadEnvelope("app id");
    }
    return new String(plain, 20, length, StandardCharsets.UTF_8);
  }

  /** An envelope that does not decrypt to a message for this account. */
  public static final class BadEnvelope extends RuntimeException {
    public BadEnvelope(String what) {
      super("bad WeChat envelope: " + what, null, false, false);
    }
  }
}
