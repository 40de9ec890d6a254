package org.jijiao.learning;

import org.jijiao.config.AppConfig;
import org.jijiao.config.Settings;

/**
 * The learning engine's settings: the shared {@code learning.*} keys plus the ones this
 * capability added at the end of {@code jijiao.properties}. Units are in the names.
 */
public record LearningConfig(int heartbeatSeconds, int segmentSeconds, int flushIntervalMs,
    int flushBatchSize, int sessionIdleSeconds, int completionPercent, int stateTtlSeconds,
    int flushLeaseMs, int heartbeatBatchMax, int heartbeatCallsInFlight, String mediaDir) {

  public static LearningConfig from(AppConfig config, Settings settings) {
    Settings.Learning l = settings.learning();
    return new LearningConfig(l.heartbeatSeconds(), l.segmentSeconds(), l.flushIntervalMs(),
        l.flushBatchSize(), l.sessionIdleSeconds(),
        config.integer("learning.completionPercent", 50, 100),
        config.integer("learning.stateTtlSeconds", 3600, 365 * 86400),
        config.integer("learning.flushLeaseMs", 1000, 600_000),
        config.integer("learning.heartbeatBatchMax", 1, 1000),
        config.integer("learning.heartbeatCallsInFlight", 1, 16),
        settings.files().mediaDir());
  }

  public long sessionTtlMs() {
    return sessionIdleSeconds * 1000L;
  }

  public long stateTtlMs() {
    return stateTtlSeconds * 1000L;
  }

  public int segmentMs() {
    return segmentSeconds * 1000;
  }

  public int segmentsOf(int durationSeconds) {
    return (durationSeconds + segmentSeconds - 1) / segmentSeconds;
  }

  /** Segments to cover for completion: the server, never the player, decides it. */
  public int segmentsNeeded(int durationSeconds) {
    int total = segmentsOf(durationSeconds);
    return Math.max(1, (int) Math.ceil(total * completionPercent / 100.0));
  }
}
