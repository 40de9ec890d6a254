package org.jijiao.learning;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/learn/*} (play sessions, heartbeats) and {@code /api/media/*}. */
public final class LearningRoutes implements RouteModule {

  private static final Logger LOG = LoggerFactory.getLogger(LearningRoutes.class);
  private static final double MAX_POSITION_SECONDS = 24 * 3600;

  private final PlayService play;
  private final MediaHandler media;
  private final FlushStatus flushStatus;

  LearningRoutes(PlayService play, MediaHandler media, FlushStatus flushStatus) {
    this.play = play;
    this.media = media;
    this.flushStatus = flushStatus;
  }

  public static LearningRoutes create(Platform p) {
    LearningConfig config = LearningConfig.from(p.config(), p.settings());
    LearningStore store = new LearningStore(p.pool());
    ProgressBuffer buffer = new ProgressBuffer(p.redis(), p.keys(), config);
    Clock clock = Clock.systemUTC();
    HeartbeatBatcher beats = new HeartbeatBatcher(buffer, clock, config.heartbeatBatchMax(),
        config.heartbeatCallsInFlight(), p.metrics());
    PlayService play = new PlayService(store, buffer, beats,
        new ProjectRules(p.vertx(), p.pool()), config, clock);
    return new LearningRoutes(play, new MediaHandler(p.vertx(), store, config.mediaDir()),
        new FlushStatus(buffer, p.metrics(), config.flushIntervalMs(), clock));
  }

  @Override
  public void mountHot(org.jijiao.server.HotRouter hot) {
    hot.post("/api/learn/heartbeats").handler(this::heartbeat);
  }

  @Override
  public void mountProtected(Router router) {
    router.post("/api/learn/sessions").handler(this::openSession);
    router.get("/api/media/:videoId").handler(media);
    router.get("/api/admin/ops/flush-status").handler(Access.roles(Role.SYS_ADMIN,
        Role.CITY_ADMIN)).handler(flushStatus::handle);
  }

  private void openSession(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    long selectionId = Bodies.requiredLong(body, "selectionId");
    long videoId = Bodies.requiredLong(body, "videoId");

    play.open(Principal.of(ctx).userId(), selectionId, videoId)
        .onSuccess(session -> Json.created(ctx, session))
        .onFailure(ctx::fail);
  }

  private void heartbeat(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    String sessionId = Bodies.requiredString(body, "sessionId", 64);
    long seq = Bodies.requiredLong(body, "seq");
    double position = Bodies.requiredNumber(body, "position");
    boolean playing = Bodies.optionalBoolean(body, "playing", true);
    if (seq < 0) {
      throw ApiException.invalidField("seq", "seq 不能为负数");
    }
    if (position < 0 || position > MAX_POSITION_SECONDS) {
      throw ApiException.invalidField("position", "播放位置超出范围");
    }

    play.beat(Principal.of(ctx).userId(), sessionId, seq, position, playing)
        .onSuccess(state -> Json.ok(ctx, state))
        .onFailure(e -> ctx.fail(visible(e)));
  }

  /**
   * A Redis failure (its queue is full, or it is down) is refused visibly with 503 and
   * Retry-After: heartbeats are safe to retry, and a silent 200 would lie about saving.
   */
  private static Throwable visible(Throwable failure) {
    if (failure instanceof ApiException) {
      return failure;
    }
    LOG.warn("event=heartbeat_refused reason={}", failure.getMessage());
    return ApiException.overloaded("学习记录服务繁忙，请稍后重试", 2);
  }
}
