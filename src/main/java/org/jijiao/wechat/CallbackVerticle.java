package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.RedisAPI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jijiao.platform.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /wechat/callback} on its own HTTP server ({@code wechat.port}), following WeChat's
 * protocol for service accounts: URL verification (GET), inbound messages and events
 * (POST) in plain, compatible and safe mode, passive replies encrypted when the message
 * was. Why a server of its own: see docs/wechat.md.
 *
 * <p>Order of checks, cheapest and most telling first: timestamp freshness, the query
 * signature (so an unsigned body is never parsed), the safe XML reader, msg_signature and
 * decryption, then the Redis dedupe guard. The work goes over the event bus to
 * {@link InboxVerticle} with the remaining budget; whatever happens, WeChat gets an answer
 * well inside its five seconds ("success" when there is nothing, or nothing in time).
 */
public final class CallbackVerticle extends VerticleBase {

  /** Local shared map where the actual port is published (tests start on port 0). */
  public static final String PORT_MAP = "jijiao.wechat";
  public static final String PORT_KEY = "callbackPort";

  private static final Logger LOG = LoggerFactory.getLogger(CallbackVerticle.class);
  private static final int DEDUPE_SECONDS = 600;
  private static final String PENDING = "-";
  private static final String REPLY_PREFIX = "r:";

  private final WeChatSettings settings;
  private final WeChatCrypto crypto;
  private final RedisAPI redis;
  private final RedisKeys keys;
  private HttpServer server;

  public CallbackVerticle(WeChatSettings settings, RedisAPI redis, RedisKeys keys) {
    this.settings = settings;
    this.crypto = new WeChatCrypto(settings.aesKey(), settings.appId());
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route(settings.callbackPath())
        .handler(BodyHandler.create(false).setBodyLimit(WeChatXml.MAX_CHARS));
    router.get(settings.callbackPath()).handler(this::verifyUrl);
    router.post(settings.callbackPath()).handler(this::receive);
    router.route().failureHandler(this::failed);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(settings.port())
        .onSuccess(s -> {
          server = s;
          vertx.sharedData().getLocalMap(PORT_MAP).put(PORT_KEY, s.actualPort());
          LOG.info("event=wechat_callback_started port={} maxSkewSeconds={}", s.actualPort(),
              settings.maxSkewSeconds());
        });
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** GET: WeChat checks that we hold the token; answer its echostr. */
  private void verifyUrl(RoutingContext ctx) {
    var params = ctx.request().params();
    if (!fresh(params.get("timestamp")) || !signed(params.get("signature"),
        params.get("timestamp"), params.get("nonce"))) {
      refuse(ctx, 403, "signature");
      return;
    }
    String echo = params.get("echostr");
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(echo == null ? "" : echo);
  }

  private void receive(RoutingContext ctx) {
    long receivedAt = System.currentTimeMillis();
    var params = ctx.request().params();
    String timestamp = params.get("timestamp");
    String nonce = params.get("nonce");
    if (!fresh(timestamp)) {
      refuse(ctx, 403, "stale_timestamp");
      return;
    }
    if (!signed(params.get("signature"), timestamp, nonce)) {
      refuse(ctx, 403, "signature");
      return;
    }
    boolean encrypted = "aes".equalsIgnoreCase(params.get("encrypt_type"));

    InboundMessage message;
    try {
      Map<String, String> fields = WeChatXml.parse(ctx.body().asString("UTF-8"));
      if (encrypted) {
        String envelope = fields.get("Encrypt");
        if (envelope == null || !WeChatCrypto.matches(WeChatCrypto.signature(settings.token(),
            timestamp, nonce, envelope), params.get("msg_signature"))) {
          refuse(ctx, 403, "msg_signature");
          return;
        }
        fields = WeChatXml.parse(crypto.decrypt(envelope));
      }
      message = InboundMessage.of(fields);
    } catch (WeChatXml.BadXml | WeChatCrypto.BadEnvelope e) {
      refuse(ctx, 400, "bad_body:" + e.getMessage());
      return;
    }

    String guard = keys.of("wechat-msg", message.dedupeKey());
    redis.set(List.of(guard, PENDING, "NX", "EX", String.valueOf(DEDUPE_SECONDS)))
        .compose(claimed -> claimed != null
            ? work(message, guard, receivedAt)
            : earlierReply(guard, message))
        .onSuccess(reply -> answer(ctx, message, reply, encrypted, nonce))
        .onFailure(e -> {
          LOG.warn("event=wechat_callback_degraded kind={} cause={}", message.kind(),
              e.getMessage());
          answer(ctx, message, null, encrypted, nonce);
        });
  }

  /** Hands the work to the inbox with what is left of the budget; null when none came. */
  private Future<String> work(InboundMessage message, String guard, long receivedAt) {
    long deadline = receivedAt + settings.replyBudgetMs();
    long left = Math.max(1, deadline - System.currentTimeMillis());
    JsonObject request = new JsonObject().put("message", message.toJson())
        .put("deadline", deadline);
    return vertx.eventBus().<JsonObject>request(InboxVerticle.ADDRESS, request,
            new DeliveryOptions().setSendTimeout(left))
        .compose(done -> {
          String reply = done.body().getString("reply");
          if (reply == null) {
            return Future.succeededFuture((String) null);
          }
          return redis.set(List.of(guard, REPLY_PREFIX + reply, "XX", "EX",
                  String.valueOf(DEDUPE_SECONDS)))
              .map(ok -> reply)
              .otherwise(reply);
        })
        .recover(failure -> {
          if (failure instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            // The work goes on; a reply it produces is sent as a customer-service message.
            LOG.info("event=wechat_reply_budget_spent kind={} budgetMs={}", message.kind(),
                settings.replyBudgetMs());
          } else {
            // Nothing took effect (the inbox records first): let WeChat's retry try again.
            LOG.warn("event=wechat_inbound_failed kind={} cause={}", message.kind(),
                failure.getMessage());
            redis.del(List.of(guard));
          }
          return Future.succeededFuture((String) null);
        });
  }

  /** A retry of a delivery already taken: the same reply if it is known, else nothing. */
  private Future<String> earlierReply(String guard, InboundMessage message) {
    LOG.debug("event=wechat_duplicate kind={}", message.kind());
    return redis.get(guard).map(value -> {
      String stored = value == null ? null : value.toString();
      return stored != null && stored.startsWith(REPLY_PREFIX)
          ? stored.substring(REPLY_PREFIX.length()) : null;
    });
  }

  private void answer(RoutingContext ctx, InboundMessage message, String reply,
      boolean encrypted, String nonce) {
    if (reply == null) {
      ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("success");
      return;
    }
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> xml = new LinkedHashMap<>();
    xml.put("ToUserName", message.fromUser());
    xml.put("FromUserName", message.toUser());
    xml.put("CreateTime", now);
    xml.put("MsgType", "text");
    xml.put("Content", reply);
    String body = WeChatXml.write(xml);
    if (encrypted) {
      String envelope = crypto.encrypt(body);
      String timestamp = String.valueOf(now);
      Map<String, Object> outer = new LinkedHashMap<>();
      outer.put("Encrypt", envelope);
      outer.put("MsgSignature", WeChatCrypto.signature(settings.token(), timestamp, nonce,
          envelope));
      outer.put("TimeStamp", now);
      outer.put("Nonce", nonce);
      body = WeChatXml.write(outer);
    }
    ctx.response().putHeader("Content-Type", "application/xml; charset=utf-8").end(body);
  }

  private boolean fresh(String timestamp) {
    if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    if (settings.maxSkewSeconds() == 0) {
      return true;
    }
    long skew = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp));
    return skew <= settings.maxSkewSeconds();
  }

  private boolean signed(String signature, String timestamp, String nonce) {
    if (timestamp == null || nonce == null || nonce.length() > 64) {
      return false;
    }
    return WeChatCrypto.matches(WeChatCrypto.signature(settings.token(), timestamp, nonce),
        signature);
  }

  private void refuse(RoutingContext ctx, int status, String why) {
    LOG.info("event=wechat_callback_refused status={} why={} addr={}", status, why,
        ctx.request().remoteAddress());
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("");
  }

  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error("event=wechat_callback_failed", ctx.failure());
    }
    if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(status).end("");
    }
  }
}
