package org.jijiao.loadtest.model;

/**
 * How a simulated client answers a 503: wait what Retry-After asks (never longer than
 * maxWaitSeconds, so a confused server cannot park the whole run) and try again.
 */
public record RetryPolicy(int maxAttempts, int maxWaitSeconds, int defaultWaitSeconds) {

  /** Seconds to wait given the raw Retry-After header, which may be absent or a date. */
  public int waitSeconds(String retryAfter) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return defaultWaitSeconds;
    }
    try {
      return Math.max(0, Math.min(maxWaitSeconds, Integer.parseInt(retryAfter.trim())));
    } catch (NumberFormatException httpDate) {
      // HTTP-date form: rare for an overload answer; the default keeps the client moving.
      return defaultWaitSeconds;
    }
  }
}
