package org.jijiao.wechat.simulator;

import static org.jijiao.wechat.simulator.SimHttp.body;
import static org.jijiao.wechat.simulator.SimHttp.json;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jijiao.config.AppConfig;
import org.jijiao.wechat.WeChatCrypto;
import org.jijiao.wechat.WeChatSettings;
import org.jijiao.wechat.WeChatXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small stand-in for WeChat's servers, for development, demos and tests. It speaks the
 * parts of the protocol Jijiao uses — access tokens, jsapi tickets, menus, template and
 * customer-service messages, the OAuth (snsapi_base) redirect and code exchange — records
 * what it was sent, and can deliver signed (and encrypted) inbound messages to the callback
 * as WeChat would. Not a security boundary: it runs only outside the prod profile.
 *
 * <p>Inspection and control under {@code /sim/}: {@code GET /sim/state},
 * {@code POST /sim/inbound}, {@code POST /sim/invalidate-tokens}, {@code POST /sim/busy?count=}.
 *
 * <p>This class is the verticle and the face tests and the demo use; the endpoints live in
 * {@link SimulatedWeChatApi} and the deliveries to the callback in {@link CallbackDeliverer}.
 */
public final class WeChatSimulator extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WeChatSimulator.class);
  /** The account's original id (gh_…), the ToUserName of inbound messages. */
  public static final String ACCOUNT_ID = "gh_jijiao_sim";

  private final String token;
  private final WeChatCrypto crypto;
  private final int port;
  private final SimulatedWeChatApi api;
  private volatile String callbackUrl;
  private HttpServer server;
  private CallbackDeliverer deliverer;

  public WeChatSimulator(String appId, String appSecret, String token, String aesKey, int port,
      String callbackUrl) {
    this.token = token;
    this.crypto = new WeChatCrypto(aesKey, appId);
    this.port = port;
    this.api = new SimulatedWeChatApi(appId, appSecret);
    this.callbackUrl = callbackUrl;
  }

  /** A simulator for the account the settings describe, on their simulator port. */
  public static WeChatSimulator forSettings(WeChatSettings s, int port, String callbackUrl) {
    return new WeChatSimulator(s.appId(), s.appSecret(), s.token(), s.aesKey(), port,
        callbackUrl);
  }

  /** Standalone: {@code java -cp target/jijiao.jar org.jijiao.wechat.simulator.WeChatSimulator}. */
  public static void main(String[] args) {
    AppConfig config = AppConfig.fromEnvironment();
    WeChatSettings settings = WeChatSettings.from(config);
    WeChatSimulator simulator = forSettings(settings, settings.simulatorPort(),
        "http://127.0.0.1:" + settings.port() + settings.callbackPath());
    Vertx.vertx().deployVerticle(simulator)
        .onSuccess(id -> System.out.println("wechat simulator: " + simulator.baseUrl()))
        .onFailure(e -> {
          System.err.println("wechat simulator did not start: " + e.getMessage());
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    deliverer = new CallbackDeliverer(WebClient.create(vertx), token, crypto);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(256 * 1024));
    api.mount(router);
    router.get("/sim/state").handler(ctx -> json(ctx, state()));
    router.post("/sim/invalidate-tokens").handler(ctx -> {
      invalidateTokens();
      json(ctx, new JsonObject().put("ok", true));
    });
    router.post("/sim/busy").handler(ctx -> {
      failNextWithBusy(Integer.parseInt(ctx.request().getParam("count", "1")));
      json(ctx, new JsonObject().put("ok", true));
    });
    router.post("/sim/inbound").handler(this::inboundFromHttp);

    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, "127.0.0.1")
        .onSuccess(s -> {
          server = s;
          LOG.info("event=wechat_simulator_started port={}", s.actualPort());
        });
  }

  // ---- what tests and the demo read and steer ---------------------------------------------

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public void callbackUrl(String url) {
    this.callbackUrl = url;
  }

  public int tokensIssued() {
    return api.tokensIssued();
  }

  public int ticketsIssued() {
    return api.ticketsIssued();
  }

  /** The jsapi ticket issued last, so a test can check a JS-SDK signature. */
  public String lastTicket() {
    return api.lastTicket();
  }

  public int busyAnswersGiven() {
    return api.busyAnswersGiven();
  }

  public List<JsonObject> menus() {
    return api.menus();
  }

  public List<JsonObject> templates() {
    return api.templates();
  }

  public List<JsonObject> customMessages() {
    return api.customMessages();
  }

  /** Every token issued so far stops working (WeChat answers 40001 for them). */
  public void invalidateTokens() {
    api.invalidateTokens();
  }

  /** The next {@code count} template sends answer -1, "system busy". */
  public void failNextWithBusy(int count) {
    api.failNextWithBusy(count);
  }

  /** How long the token endpoint takes, to widen races in tests. */
  public void tokenDelayMs(int ms) {
    api.tokenDelayMs(ms);
  }

  public void tokenExpiresSeconds(int seconds) {
    api.tokenExpiresSeconds(seconds);
  }

  /** The openid an authorize request without an explicit {@code openid} parameter gets. */
  public void defaultOpenid(String openid) {
    api.defaultOpenid(openid);
  }

  public JsonObject state() {
    return api.state();
  }

  // ---- inbound messages to the callback ---------------------------------------------------

  /** How the callback is addressed: plain, compatible (both) or safe (encrypted only). */
  public enum Mode { PLAIN, COMPATIBLE, SAFE }

  /**
   * One inbound message. Its id and time are fixed when it is made, so delivering the same
   * value twice is exactly WeChat's retry of an unanswered delivery.
   */
  public record Inbound(String openid, String msgType, String event, String eventKey,
      String content, String msgId, long createTime, Mode mode) {

    public static Inbound text(String openid, String content, Mode mode) {
      return new Inbound(openid, "text", null, null, content,
          String.valueOf(System.nanoTime()), System.currentTimeMillis() / 1000, mode);
    }

    public static Inbound event(String openid, String event, String eventKey, Mode mode) {
      return new Inbound(openid, "event", event, eventKey, null, null,
          System.currentTimeMillis() / 1000, mode);
    }

    public Inbound withCreateTime(long seconds) {
      return new Inbound(openid, msgType, event, eventKey, content, msgId, seconds, mode);
    }

    Map<String, Object> fields() {
      Map<String, Object> xml = new LinkedHashMap<>();
      xml.put("ToUserName", ACCOUNT_ID);
      xml.put("FromUserName", openid);
      xml.put("CreateTime", createTime);
      xml.put("MsgType", msgType);
      if (event != null) {
        xml.put("Event", event);
      }
      if (eventKey != null) {
        xml.put("EventKey", eventKey);
      }
      if (content != null) {
        xml.put("Content", content);
      }
      if (msgId != null) {
        xml.put("MsgId", Long.parseLong(msgId));
      }
      return xml;
    }
  }

  /**
   * What the callback answered: HTTP status, the raw body, the reply in clear (decrypted and
   * its msg_signature checked when it came encrypted; empty for "success" or nothing) and
   * how long it took.
   */
  public record Delivery(int status, String raw, String reply, long elapsedMs) {
    public Map<String, String> replyFields() {
      return reply == null || reply.isEmpty() ? Map.of() : WeChatXml.parse(reply);
    }
  }

  public Future<Delivery> deliver(Inbound inbound) {
    return deliverer.deliver(callbackUrl, inbound);
  }

  /** Posts any body to the callback with a valid signature (for hostile-input tests). */
  public Future<Delivery> deliverRaw(String body) {
    return deliverer.deliverRaw(callbackUrl, body);
  }

  private void inboundFromHttp(RoutingContext ctx) {
    JsonObject spec = body(ctx);
    if (spec == null || spec.getString("openid") == null) {
      ctx.response().setStatusCode(400).end("{\"error\":\"openid is required\"}");
      return;
    }
    Mode mode = Mode.valueOf(spec.getString("mode", "SAFE").toUpperCase(java.util.Locale.ROOT));
    Inbound inbound = spec.getString("event") != null
        ? Inbound.event(spec.getString("openid"), spec.getString("event"),
            spec.getString("eventKey"), mode)
        : Inbound.text(spec.getString("openid"), spec.getString("content", "你好"), mode);
    deliver(inbound)
        .onSuccess(d -> json(ctx, new JsonObject().put("status", d.status())
            .put("raw", d.raw()).put("reply", d.reply()).put("elapsedMs", d.elapsedMs())))
        .onFailure(e -> ctx.response().setStatusCode(502)
            .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encode()));
  }
}
