package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jijiao.common.Beijing;
import org.jijiao.common.Text;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WeChat channel of notifications: each stored notice (approval results, forum
 * replies, deadlines…) whose recipient has bound WeChat becomes a template message.
 *
 * <p>Stored notices are published to every node, so each is claimed in Redis first and
 * sent by one node only. A per-teacher hourly limit keeps a burst (a school admin approving
 * 300 requests) from flooding phones — and from WeChat's own per-user limits; what is over
 * the limit stays in the in-app inbox. WeChat's "system busy" (-1) is retried with doubling
 * backoff.
 */
public final class TemplateVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TemplateVerticle.class);
  private static final LuaScript RATE = LuaScript.fromResource("/lua/wechat-rate.lua");
  private static final int CLAIM_SECONDS = 86_400;
  private static final long HOUR_MS = 3_600_000L;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(Beijing.ZONE);

  private final WeChatSettings settings;
  private final WeChatApi api;
  private final WeChatStore store;
  private final RedisAPI redis;
  private final RedisKeys keys;
  private final InboxService links;

  public TemplateVerticle(WeChatSettings settings, WeChatApi api, WeChatStore store,
      RedisAPI redis, RedisKeys keys, InboxService links) {
    this.settings = settings;
    this.api = api;
    this.store = store;
    this.redis = redis;
    this.keys = keys;
    this.links = links;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(Notifier.STORED_ADDRESS,
        msg -> deliver(msg.body())).completion();
  }

  private void deliver(JsonObject stored) {
    Notice notice = Notice.fromJson(stored);
    String templateId = templateFor(notice.kind());
    if (templateId.isEmpty()) {
      return;
    }
    Object messageId = stored.getValue("messageId", notice.dedupeKey());

    claim(messageId)
        .compose(mine -> mine ? store.openidOf(notice.userId())
            : Future.succeededFuture(java.util.Optional.<String>empty()))
        .compose(openid -> openid.isEmpty() ? Future.succeededFuture(false)
            : withinLimit(notice.userId()).compose(ok -> {
              if (!ok) {
                LOG.info("event=wechat_template_rate_limited user={} kind={}", notice.userId(),
                    notice.kind());
                return Future.succeededFuture(false);
              }
              return send(payload(openid.get(), templateId, notice), 0).map(true);
            }))
        .onSuccess(sent -> {
          if (sent) {
            LOG.info("event=wechat_template_sent user={} kind={}", notice.userId(), notice.kind());
          }
        })
        .onFailure(e -> LOG.warn("event=wechat_template_failed user={} kind={} cause={}",
            notice.userId(), notice.kind(), e.getMessage()));
  }

  /** Which template a kind of notice uses; empty when that category is off. */
  String templateFor(String kind) {
    String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    WeChatSettings.Templates t = settings.templates();
    if (k.startsWith("approval")) {
      return t.approval();
    }
    if (k.contains("forum") || k.contains("reply")) {
      return t.forum();
    }
    if (k.contains("deadline") || k.contains("due")) {
      return t.deadline();
    }
    return t.general();
  }

  private Future<Boolean> claim(Object messageId) {
    return redis.set(List.of(keys.of("wechat-tpl-sent", messageId), "1", "NX", "EX",
        String.valueOf(CLAIM_SECONDS))).map(answer -> answer != null);
  }

  private Future<Boolean> withinLimit(long userId) {
    long window = System.currentTimeMillis() / HOUR_MS;
    return RATE.run(redis, List.of(keys.of("wechat-tpl-rate", userId, window)),
            List.of(String.valueOf(HOUR_MS)))
        .map(count -> count.toLong() <= settings.templatesPerHour());
  }

  private JsonObject payload(String openid, String templateId, Notice notice) {
    String link = notice.link();
    String url = link == null || link.isBlank() ? links.pageLink("/h5/messages")
        : link.startsWith("/") ? links.pageLink(link) : link;
    JsonObject data = new JsonObject()
        .put("first", value(Text.truncate(notice.title(), 60)))
        .put("keyword1", value(Text.truncate(notice.body() == null || notice.body().isBlank()
            ? notice.title() : notice.body(), 180)))
        .put("keyword2", value(TIME.format(Instant.now())))
        .put("remark", value("点击查看详情"));
    return new JsonObject().put("touser", openid).put("template_id", templateId)
        .put("url", url).put("data", data);
  }

  private static JsonObject value(String text) {
    return new JsonObject().put("value", text);
  }

  private Future<JsonObject> send(JsonObject payload, int attempt) {
    return api.sendTemplate(payload).recover(failure -> {
      boolean retriable = !(failure instanceof WeChatException w) || w.busy();
      if (!retriable || attempt >= settings.templateRetries()) {
        return Future.failedFuture(failure);
      }
      long delay = (long) settings.templateRetryBaseMs() << attempt;
      LOG.info("event=wechat_template_retry attempt={} delayMs={} cause={}", attempt + 1, delay,
          failure.getMessage());
      Promise<JsonObject> later = Promise.promise();
      vertx.setTimer(delay, t -> send(payload, attempt + 1).onComplete(later));
      return later.future();
    });
  }
}
