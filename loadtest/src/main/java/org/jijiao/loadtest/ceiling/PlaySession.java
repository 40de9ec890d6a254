package org.jijiao.loadtest.ceiling;

/**
 * One teacher's open play session for the ceiling phase, with the token pair it beats
 * with. rate is the share of wall-clock speed its position advances at (see WrkScript).
 */
record PlaySession(String idNumber, String videoId, String sessionId, double resumeAt,
    int durationSeconds, double rate, Tokens tokens) {

  /** An access token, the refresh token it came with, and when it stops being accepted. */
  record Tokens(String access, String refresh, long expiresAtMs) {
  }

  PlaySession withTokens(Tokens fresh) {
    return new PlaySession(idNumber, videoId, sessionId, resumeAt, durationSeconds, rate, fresh);
  }
}
