package org.jijiao.attendance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jijiao.common.ApiException;

/**
 * The tokens inside attendance QR codes: {@code <sessionId>.<window>.<mode>.<signature>},
 * where the window is the number of whole {@code windowSeconds} since the epoch and the
 * signature is HMAC-SHA256 (first 128 bits, base64url) over session, window and mode with a
 * server-side key. Nobody without the key can make one for another session, window or mode;
 * a photo of the code stops working one window (plus a small grace) after it was shown.
 */
public final class QrTokens {

  /** Check in (I) or check out (O). */
  public enum Mode { IN, OUT }

  /** A token that passed every check. */
  public record Verified(long sessionId, Mode mode, long window) {
  }

  private static final Pattern FORMAT =
      Pattern.compile("(\\d{1,18})\\.(\\d{1,12})\\.([IO])\\.([A-Za-z0-9_-]{22})");
  private static final int SIGNATURE_BYTES = 16;

  private final byte[] key;
  private final int windowSeconds;
  private final int graceSeconds;

  public QrTokens(String secret, int windowSeconds, int graceSeconds) {
    if (secret == null || secret.length() < 32) {
      throw new IllegalArgumentException("attendance.qrSecret must be at least 32 characters");
    }
    this.key = secret.getBytes(StandardCharsets.UTF_8);
    this.windowSeconds = windowSeconds;
    this.graceSeconds = graceSeconds;
  }

  public long windowAt(long epochSecond) {
    return Math.floorDiv(epochSecond, windowSeconds);
  }

  /** When a token of this window stops being shown (the room's display refreshes then). */
  public long windowEnd(long window) {
    return (window + 1) * windowSeconds;
  }

  public String issue(long sessionId, Mode mode, long window) {
    String payload = sessionId + "." + window + "." + letter(mode);
    return payload + "." + sign(payload);
  }

  /**
   * Checks a scanned token at {@code nowEpochSecond}. Fails with 400 {@code qr_invalid} for
   * anything malformed or not signed by us, 409 {@code qr_expired} for a token whose window
   * ended more than the grace ago.
   */
  public Verified verify(String token, long nowEpochSecond) {
    Matcher m = token == null ? null : FORMAT.matcher(token.strip());
    if (m == null || !m.matches()) {
      throw invalid();
    }
    String payload = m.group(1) + "." + m.group(2) + "." + m.group(3);
    byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
    byte[] given = m.group(4).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw invalid();
    }
    long window = Long.parseLong(m.group(2));
    // One window of clock difference between nodes is tolerated in the other direction too.
    if (window > windowAt(nowEpochSecond) + 1) {
      throw invalid();
    }
    if (nowEpochSecond >= windowEnd(window) + graceSeconds) {
      throw ApiException.conflict("qr_expired", "二维码已过期，请扫描现场屏幕上正在显示的最新二维码");
    }
    Mode mode = "I".equals(m.group(3)) ? Mode.IN : Mode.OUT;
    return new Verified(Long.parseLong(m.group(1)), mode, window);
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] full = mac.doFinal(("jijiao-attendance-v1|" + payload)
          .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(Arrays.copyOf(full, SIGNATURE_BYTES));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String letter(Mode mode) {
    return mode == Mode.IN ? "I" : "O";
  }

  private static ApiException invalid() {
    return ApiException.badRequest("qr_invalid", "二维码无效，请扫描培训现场屏幕上显示的签到二维码");
  }
}
