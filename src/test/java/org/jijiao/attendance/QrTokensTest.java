package org.jijiao.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jijiao.common.ApiException;
import org.junit.jupiter.api.Test;

class QrTokensTest {

  private static final String SECRET = "test-secret-for-qr-tokens-0123456789abcdef";
  private final QrTokens tokens = new QrTokens(SECRET, 30, 15);

  private static String code(Throwable e) {
    return ((ApiException) e).code();
  }

  @Test
  void aTokenIsValidDuringItsWindowAndTheGraceAfterIt() {
    long window = 1_000_000;
    String token = tokens.issue(42, QrTokens.Mode.IN, window);

    QrTokens.Verified early = tokens.verify(token, window * 30);
    QrTokens.Verified late = tokens.verify(token, (window + 1) * 30 + 14);

    assertThat(early.sessionId()).isEqualTo(42);
    assertThat(early.mode()).isEqualTo(QrTokens.Mode.IN);
    assertThat(late.window()).isEqualTo(window);
    assertThatThrownBy(() -> tokens.verify(token, (window + 1) * 30 + 15))
        .satisfies(e -> assertThat(code(e)).isEqualTo("qr_expired"));
    assertThatThrownBy(() -> tokens.verify(token, (window + 100) * 30))
        .satisfies(e -> assertThat(code(e)).isEqualTo("qr_expired"));
  }

  @Test
  void changingTheSessionWindowModeOrSignatureBreaksTheToken() {
    long window = 2_000_000;
    long now = window * 30 + 1;
    String token = tokens.issue(42, QrTokens.Mode.IN, window);
    String[] parts = token.split("\\.");

    String otherSession = "43." + parts[1] + "." + parts[2] + "." + parts[3];
    String otherWindow = parts[0] + "." + (window + 1) + "." + parts[2] + "." + parts[3];
    String otherMode = parts[0] + "." + parts[1] + ".O." + parts[3];
    char flipped = parts[3].charAt(0) == 'A' ? 'B' : 'A';
    String otherSignature = parts[0] + "." + parts[1] + "." + parts[2] + "." + flipped
        + parts[3].substring(1);
    String otherKey = new QrTokens(SECRET + "x", 30, 15).issue(42, QrTokens.Mode.IN, window);

    for (String forged : new String[] {otherSession, otherWindow, otherMode, otherSignature,
        otherKey, "", "garbage", token + "x", "42." + window + ".I"}) {
      assertThatThrownBy(() -> tokens.verify(forged, now))
          .as(forged)
          .satisfies(e -> assertThat(code(e)).isEqualTo("qr_invalid"));
    }
    assertThat(tokens.verify(token, now).sessionId()).isEqualTo(42);
  }

  @Test
  void tokensFromTheFutureAreRefused() {
    long window = 3_000_000;
    String future = tokens.issue(1, QrTokens.Mode.OUT, window + 5);

    assertThatThrownBy(() -> tokens.verify(future, window * 30))
        .satisfies(e -> assertThat(code(e)).isEqualTo("qr_invalid"));
  }
}
