package org.jijiao.wechat.simulator;

import static org.jijiao.wechat.simulator.SimHttp.body;
import static org.jijiao.wechat.simulator.SimHttp.error;
import static org.jijiao.wechat.simulator.SimHttp.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's side of the WeChat API that Jijiao calls: access tokens, jsapi tickets,
 * menus, template and customer-service messages, and the OAuth (snsapi_base) redirect and
 * code exchange. It checks appid, secret and tokens as WeChat does, records what it was
 * sent, and can be steered (slow or expiring tokens, "system busy" answers) for tests.
 */
final class SimulatedWeChatApi {

  private final String appId;
  private final String appSecret;

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

  SimulatedWeChatApi(String appId, String appSecret) {
    this.appId = appId;
    this.appSecret = appSecret;
  }

  /** Adds WeChat's paths to the simulator's router. */
  void mount(Router router) {
    router.get("/cgi-bin/token").handler(this::issueToken);
    router.get("/cgi-bin/ticket/getticket").handler(this::issueTicket);
    router.post("/cgi-bin/menu/create").handler(this::createMenu);
    router.get("/cgi-bin/menu/get").handler(this::getMenu);
    router.post("/cgi-bin/message/template/send").handler(this::sendTemplate);
    router.post("/cgi-bin/message/custom/send").handler(this::sendCustom);
    router.get("/connect/oauth2/authorize").handler(this::authorize);
    router.get("/sns/oauth2/access_token").handler(this::exchangeCode);
  }

  // ---- what was issued and recorded, and how to steer it ----------------------------------

  int tokensIssued() {
    return tokensIssued.get();
  }

  int ticketsIssued() {
    return ticketsIssued.get();
  }

  String lastTicket() {
    return lastTicket;
  }

  int busyAnswersGiven() {
    return busyAnswersGiven.get();
  }

  List<JsonObject> menus() {
    return List.copyOf(menus);
  }

  List<JsonObject> templates() {
    return List.copyOf(templates);
  }

  List<JsonObject> customMessages() {
    return List.copyOf(customMessages);
  }

  void invalidateTokens() {
    validTokens.clear();
  }

  void failNextWithBusy(int count) {
    busyAnswersLeft.set(count);
  }

  void tokenDelayMs(int ms) {
    this.tokenDelayMs = ms;
  }

  void tokenExpiresSeconds(int seconds) {
    this.tokenExpiresSeconds = seconds;
  }

  void defaultOpenid(String openid) {
    this.defaultOpenid = openid;
  }

  JsonObject state() {
    return new JsonObject()
        .put("tokensIssued", tokensIssued.get())
        .put("ticketsIssued", ticketsIssued.get())
        .put("menus", new JsonArray(List.copyOf(menus)))
        .put("templates", new JsonArray(List.copyOf(templates)))
        .put("customMessages", new JsonArray(List.copyOf(customMessages)));
  }

  // ---- the endpoints ----------------------------------------------------------------------

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
      ctx.vertx().setTimer(tokenDelayMs, t -> answer.run());
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

  // ---- helpers ----------------------------------------------------------------------------

  /** Answers 40001 and false when the request carries no token this simulator issued. */
  private boolean tokenValid(RoutingContext ctx) {
    String given = ctx.request().getParam("access_token");
    if (given == null || !validTokens.contains(given)) {
      json(ctx, error(40001, "invalid credential, access_token is invalid or not latest"));
      return false;
    }
    return true;
  }

  private String hex(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
