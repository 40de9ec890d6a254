package org.jijiao.wechat.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class WeChatSimulator extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WeChatSimulator.class);
  /** The account's original id (gh_…), the ToUserName of inbound messages. */
  public static final String ACCOUNT_ID = "gh_jijiao_sim";

  private final String appId;
  private final String appSecret;
  private final String token;
  private final WeChatCrypto crypto;
  private final int port;
  private volatile String callbackUrl;

  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicInteger ticketsIssued = new AtomicInteger();
  private final AtomicInteger busyAnswersLeft = new AtomicInteger();
  private final AtomicInteger busyAnswersGiven = new AtomicInteger();
  private final AtomicLong msgIds = new AtomicLong(6_000_000_000_000_000_000L);
  private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  private final List<JsonObject> menus = new CopyOnWriteArrayList<>();
  private final List<JsonObject> templates = new CopyOnWriteArrayList<>();
  private final List<JsonObject> customMessages = new CopyOnWriteArrayList<>();
  private volatile String lastTicket;
  private volatile int tokenDelayMs;
  private volatile int tokenExpiresSeconds = 7200;
  private volatile String defaultOpenid = "o-sim-teacher-0001";
  private HttpServer server;
  private WebClient client;

  public WeChatSimulator(String appId, String appSecret, String token, String aesKey, int port,
      String callbackUrl) {
    this.appId = appId;
    this.appSecret = appSecret;
    this.token = token;
    this.crypto = new WeChatCrypto(aesKey, appId);
    this.port = port;
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
    client = WebClient.create(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(256 * 1024));
    router.get("/cgi-bin/token").handler(this::issueToken);
    router.get("/cgi-bin/ticket/getticket").handler(this::issueTicket);
    router.post("/cgi-bin/menu/create").handler(this::createMenu);
    router.get("/cgi-bin/menu/get").handler(this::getMenu);
    router.post("/cgi-bin/message/template/send").handler(this::sendTemplate);
    router.post("/cgi-bin/message/custom/send").handler(this::sendCustom);
    router.get("/connect/oauth2/authorize").handler(this::authorize);
    router.get("/sns/oauth2/access_token").handler(this::exchangeCode);
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
    return tokensIssued.get();
  }

  public int ticketsIssued() {
    return ticketsIssued.get();
  }

  /** The jsapi ticket issued last, so a test can check a JS-SDK signature. */
  public String lastTicket() {
    return lastTicket;
  }

  public int busyAnswersGiven() {
    return busyAnswersGiven.get();
  }

  public List<JsonObject> menus() {
    return List.copyOf(menus);
  }

  public List<JsonObject> templates() {
    return List.copyOf(templates);
  }

  public List<JsonObject> customMessages() {
    return List.copyOf(customMessages);
  }

  /** Every token issued so far stops working (WeChat answers 40001 for them). */
  public void invalidateTokens() {
    validTokens.clear();
  }

  /** The next {@code count} template sends answer -1, "system busy". */
  public void failNextWithBusy(int count) {
    busyAnswersLeft.set(count);
  }

  /** How long the token endpoint takes, to widen races in tests. */
  public void tokenDelayMs(int ms) {
    this.tokenDelayMs = ms;
  }

  public void tokenExpiresSeconds(int seconds) {
    this.tokenExpiresSeconds = seconds;
  }

  /** The openid an authorize request without an explicit {@code openid} parameter gets. */
  public void defaultOpenid(String openid) {
    this.defaultOpenid = openid;
  }

  public JsonObject state() {
    return new JsonObject()
        .put("tokensIssued", tokensIssued.get())
        .put("ticketsIssued", ticketsIssued.get())
        .put("menus", new JsonArray(List.copyOf(menus)))
        .put("templates", new JsonArray(List.copyOf(templates)))
        .put("customMessages", new JsonArray(List.copyOf(customMessages)));
  }

  // ---- the WeChat API ----------------------------------------------------------------------

  private void issueToken(RoutingContext ctx) {
    if (!appId.equals(ctx.request().getParam("appid"))
        || !appSecret.equals(ctx.request().getParam("secret"))) {
      json(ctx, error(40125, "invalid appsecret"));
      return;
    }
    Runnable answer = () -> {
      String issued = "SIMTOKEN_" + hex(12);
      validTokens.add(issued);
      tokensIssued.incrementAndGet();
      json(ctx, new JsonObject().put("access_token", issued)
          .put("expires_in", tokenExpiresSeconds));
    };
    if (tokenDelayMs > 0) {
      vertx.setTimer(tokenDelayMs, t -> answer.run());
    } else {
      answer.run();
    }
  }

  private void issueTicket(RoutingContext ctx) {
    if (!tokenValid(ctx)) {
      return;
    }
    ticketsIssued.incrementAndGet();
    lastTicket = "SIMTICKET_" + hex(20);
    json(ctx, new JsonObject().put("errcode", 0).put("errmsg", "ok")
        .put("ticket", lastTicket).put("expires_in", 7200));
  }

  private void createMenu(RoutingContext ctx) {
    if (!tokenValid(ctx)) {
      return;
    }
    JsonObject menu = body(ctx);
    JsonArray buttons = menu == null ? null : menu.getJsonArray("button");
    if (buttons == null || buttons.isEmpty() || buttons.size() > 3) {
      json(ctx, error(40016, "invalid button size"));
      return;
    }
    menus.add(menu);
    json(ctx, error(0, "ok"));
  }

  private void getMenu(RoutingContext ctx) {
    if (!tokenValid(ctx)) {
      return;
    }
    json(ctx, menus.isEmpty() ? error(46003, "menu no exist")
        : new JsonObject().put("menu", menus.get(menus.size() - 1)));
  }

  private void sendTemplate(RoutingContext ctx) {
    if (!tokenValid(ctx)) {
      return;
    }
    if (busyAnswersLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      busyAnswersGiven.incrementAndGet();
      json(ctx, error(-1, "system error"));
      return;
    }
    JsonObject message = body(ctx);
    if (message == null || message.getString("touser", "").isBlank()) {
      json(ctx, error(40003, "invalid openid"));
      return;
    }
    if (message.getString("template_id", "").isBlank()) {
      json(ctx, error(40037, "invalid template_id"));
      return;
    }
    templates.add(message);
    json(ctx, error(0, "ok").put("msgid", msgIds.incrementAndGet()));
  }

  private void sendCustom(RoutingContext ctx) {
    if (!tokenValid(ctx)) {
      return;
    }
    JsonObject message = body(ctx);
    if (message == null || message.getString("touser", "").isBlank()) {
      json(ctx, error(40003, "invalid openid"));
      return;
    }
    customMessages.add(message);
    json(ctx, error(0, "ok"));
  }

  /** Completes the silent (snsapi_base) authorization at once, as WeChat does. */
  private void authorize(RoutingContext ctx) {
    var params = ctx.request().params();
    String redirect = params.get("redirect_uri");
    if (!appId.equals(params.get("appid")) || redirect == null
        || !"code".equals(params.get("response_type"))) {
      ctx.response().setStatusCode(400).end("bad authorize request");
      return;
    }
    String openid = params.get("openid") != null ? params.get("openid") : defaultOpenid;
    String code = "SIMCODE_" + hex(10);
    codes.put(code, openid);
    String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
        + "&state=" + URLEncoder.encode(params.get("state") == null ? "" : params.get("state"),
        StandardCharsets.UTF_8);
    ctx.response().setStatusCode(302).putHeader("Location", location).end();
  }

  private void exchangeCode(RoutingContext ctx) {
    var params = ctx.request().params();
    if (!appId.equals(params.get("appid")) || !appSecret.equals(params.get("secret"))) {
      json(ctx, error(40125, "invalid appsecret"));
      return;
    }
    String openid = params.get("code") == null ? null : codes.remove(params.get("code"));
    if (openid == null) {
      json(ctx, error(40029, "invalid code"));
      return;
    }
    json(ctx, new JsonObject().put("access_token", "SIMWEB_" + hex(8)).put("expires_in", 7200)
        .put("refresh_token", "SIMREFRESH_" + hex(8)).put("openid", openid)
        .put("scope", "snsapi_base"));
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
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    String nonce = String.valueOf(100_000_000 + random.nextInt(899_999_999));
    String plain = WeChatXml.write(inbound.fields());
    String signature = WeChatCrypto.signature(token, timestamp, nonce);
    StringBuilder query = new StringBuilder("?signature=").append(signature)
        .append("&timestamp=").append(timestamp).append("&nonce=").append(nonce)
        .append("&openid=").append(URLEncoder.encode(inbound.openid(), StandardCharsets.UTF_8));
    String body = plain;
    if (inbound.mode() != Mode.PLAIN) {
      String encrypted = crypto.encrypt(plain);
      query.append("&encrypt_type=aes&msg_signature=")
          .append(WeChatCrypto.signature(token, timestamp, nonce, encrypted));
      Map<String, Object> outer = new LinkedHashMap<>();
      if (inbound.mode() == Mode.COMPATIBLE) {
        outer.putAll(inbound.fields());
      } else {
        outer.put("ToUserName", ACCOUNT_ID);
      }
      outer.put("Encrypt", encrypted);
      body = WeChatXml.write(outer);
    }
    return post(callbackUrl + query, body)
        .map(d -> inbound.mode() == Mode.PLAIN ? d : decryptReply(d));
  }

  /** Posts any body to the callback with a valid signature (for hostile-input tests). */
  public Future<Delivery> deliverRaw(String body) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    String nonce = String.valueOf(100_000_000 + random.nextInt(899_999_999));
    return post(callbackUrl + "?signature=" + WeChatCrypto.signature(token, timestamp, nonce)
        + "&timestamp=" + timestamp + "&nonce=" + nonce, body);
  }

  private Future<Delivery> post(String url, String body) {
    long started = System.nanoTime();
    // WeChat waits five seconds for an answer; so does the simulator.
    return client.postAbs(url)
        .timeout(5_000)
        .putHeader("Content-Type", "text/xml; charset=utf-8")
        .sendBuffer(Buffer.buffer(body))
        .map(response -> {
          String raw = response.bodyAsString() == null ? "" : response.bodyAsString();
          long elapsed = (System.nanoTime() - started) / 1_000_000;
          String reply = raw.equals("success") ? "" : raw;
          return new Delivery(response.statusCode(), raw, reply, elapsed);
        });
  }

  private Delivery decryptReply(Delivery delivery) {
    if (delivery.status() != 200 || delivery.reply().isEmpty()) {
      return delivery;
    }
    Map<String, String> outer = WeChatXml.parse(delivery.reply());
    String encrypted = outer.get("Encrypt");
    String expected = WeChatCrypto.signature(token, outer.getOrDefault("TimeStamp", ""),
        outer.getOrDefault("Nonce", ""), encrypted == null ? "" : encrypted);
    if (encrypted == null || !WeChatCrypto.matches(expected, outer.get("MsgSignature"))) {
      throw new IllegalStateException("the callback's encrypted reply is not signed correctly");
    }
    return new Delivery(delivery.status(), delivery.raw(), crypto.decrypt(encrypted),
        delivery.elapsedMs());
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

  // ---- helpers ------------------------------------------------------------------------------

  private boolean tokenValid(RoutingContext ctx) {
    String given = ctx.request().getParam("access_token");
    if (given == null || !validTokens.contains(given)) {
      json(ctx, error(40001, "invalid credential, access_token is invalid or not latest"));
      return false;
    }
    return true;
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonObject error(int code, String message) {
    return new JsonObject().put("errcode", code).put("errmsg", message);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  private String hex(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
