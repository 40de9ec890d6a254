package org.jijiao.learning;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.jijiao.common.ApiException;
import org.jijiao.learning.LearningStore.SessionContext;
import org.jijiao.learning.ProgressBuffer.Beat;
import org.jijiao.learning.ProgressBuffer.BeatInput;
import org.jijiao.learning.ProgressBuffer.SessionSpec;

/**
 * Play sessions and heartbeats. Opening a session reads PostgreSQL (ownership, study window,
 * stored progress); a heartbeat is one Lua step on Redis (batched with its neighbours by
 * {@link HeartbeatBatcher}) and nothing else. The clock is injected so tests can move time
 * without sleeping.
 */
public final class PlayService {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LearningStore store;
  private final ProgressBuffer buffer;
  private final HeartbeatBatcher beats;
  private final ProjectRules rules;
  private final LearningConfig config;
  private final Clock clock;

  public PlayService(LearningStore store, ProgressBuffer buffer, HeartbeatBatcher beats,
      ProjectRules rules, LearningConfig config, Clock clock) {
    this.store = store;
    this.buffer = buffer;
    this.beats = beats;
    this.rules = rules;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Opens a session for the teacher's selection and one of its course's videos, superseding
   * any older session of that teacher. Fails with 404 (not the teacher's selection or not a
   * video of its course) or 409 {@code study_closed}.
   */
  public Future<JsonObject> open(long teacherId, long selectionId, long videoId) {
    return store.sessionContext(selectionId, videoId)
        .compose(found -> {
          SessionContext ctx = found
              .filter(c -> c.teacherId() == teacherId)
              .orElseThrow(() -> ApiException.notFound("未找到该选课或视频"));
          return rules.of(ctx.projectId()).compose(r -> start(ctx, r, selectionId, videoId));
        });
  }

  private Future<JsonObject> start(SessionContext ctx, ProjectRules.Rules rules,
      long selectionId, long videoId) {
    Instant now = clock.instant();
    if (!rules.studyOpenAt(now)) {
      throw ApiException.conflict("study_closed", "当前不在本项目的学习时间内");
    }
    String sessionId = videoId + "-" + HexFormat.of().formatHex(randomBytes());
    SessionSpec spec = new SessionSpec(sessionId, ctx.teacherId(), videoId, selectionId,
        ctx.durationSeconds(), rules.maxRatePerMille());
    Future<Void> learning = store.markLearning(selectionId);

    return learning
        .compose(v -> buffer.open(spec, now.toEpochMilli(), ctx.stored()))
        .map(opened -> new JsonObject()
            .put("sessionId", sessionId)
            .put("resumeAt", opened.resumeAtMs() / 1000.0)
            .put("heartbeatSeconds", config.heartbeatSeconds())
            .put("durationSeconds", ctx.durationSeconds())
            .put("watchedSeconds", opened.watchedSeconds())
            .put("completed", opened.completed())
            .put("percent", percent(opened.watchedSeconds(), ctx.durationSeconds())));
  }

  /**
   * Applies a heartbeat. Fails with 409 {@code session_superseded} for a session that is not
   * the teacher's current one (a newer tab or device, expired, or unknown).
   */
  public Future<JsonObject> beat(long teacherId, String sessionId, long seq, double position,
      boolean playing) {
    long videoId = videoOf(sessionId);
    long positionMs = Math.round(position * 1000);
    return beats.submit(new BeatInput(sessionId, teacherId, videoId, seq, positionMs, playing))
        .map(PlayService::answer);
  }

  private static JsonObject answer(Beat beat) {
    if (beat.status() < 0) {
      throw ApiException.conflict("session_superseded",
          "该播放已在其他页面或设备上继续，或已过期，请重新打开视频");
    }
    return new JsonObject()
        .put("watchedSeconds", beat.watchedSeconds())
        .put("durationSeconds", beat.durationSeconds())
        .put("completed", beat.completed())
        .put("percent", percent(beat.watchedSeconds(), beat.durationSeconds()));
  }

  static long videoOf(String sessionId) {
    int dash = sessionId.indexOf('-');
    if (dash < 1 || dash > 18 || !sessionId.substring(0, dash).chars().allMatch(Character::isDigit)) {
      throw ApiException.conflict("session_superseded", "播放会话无效，请重新打开视频");
    }
    return Long.parseLong(sessionId.substring(0, dash));
  }

  static double percent(int watchedSeconds, int durationSeconds) {
    if (durationSeconds <= 0) {
      return 0;
    }
    return Math.min(100.0, Math.floor(watchedSeconds * 1000.0 / durationSeconds) / 10.0);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
