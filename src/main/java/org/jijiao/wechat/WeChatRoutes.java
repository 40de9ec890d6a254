package org.jijiao.wechat;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.security.SecureRandom;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.identity.Access;
import org.jijiao.identity.IdNumber;
import org.jijiao.identity.IdentityService;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/** {@code /api/wechat/*} and {@code /api/admin/wechat/*}. The callback has its own server. */
public final class WeChatRoutes implements RouteModule {

  private static final String NONCE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Platform platform;
  private final WeChatSettings settings;
  private final WeChatApi api;
  private final BindingService binding;
  private final WeChatStore store;
  private final InboxService links;
  private final SecureRandom random = new SecureRandom();
  private final org.jijiao.common.ClientAddress clients;

  private WeChatRoutes(Platform platform, WeChatSettings settings, WeChatApi api,
      BindingService binding, WeChatStore store, InboxService links) {
    this.platform = platform;
    this.settings = settings;
    this.api = api;
    this.binding = binding;
    this.store = store;
    this.links = links;
    // The caller's address behind the proxy, for the same login throttling as the web.
    this.clients = org.jijiao.common.ClientAddress.fromConfig(
        platform.config().string("http.trustedProxies", ""));
  }

  public static WeChatRoutes create(Platform p, IdentityService identity) {
    WeChatSettings settings = WeChatSettings.from(p.config());
    WeChatApi api = new WeChatApi(p.vertx(), p.redis(), p.keys(), settings);
    WeChatStore store = new WeChatStore(p.pool());
    return new WeChatRoutes(p, settings, api,
        new BindingService(settings, api, store, identity, p.redis(), p.keys()), store,
        new InboxService(store, settings));
  }

  @Override
  public void mountPublic(Router router) {
    router.get("/api/wechat/oauth/start").handler(this::start);
    router.get("/api/wechat/oauth/callback").handler(this::callback);
    router.post("/api/wechat/bind").handler(this::bind);
    router.get("/api/wechat/jssdk").handler(this::jssdk);
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/wechat/binding").handler(this::showBinding);
    router.post("/api/wechat/unbind").handler(this::unbind);
    router.post("/api/admin/wechat/menu").handler(Access.roles(Role.SYS_ADMIN))
        .handler(this::pushMenu);
  }

  private void start(RoutingContext ctx) {
    String redirect = ctx.request().getParam("redirect", "/h5/");
    // Only our own pages: a path, never "//host" or a scheme (no open redirect).
    if (!redirect.startsWith("/") || redirect.startsWith("//") || redirect.contains("\\")
        || redirect.length() > 512) {
      throw ApiException.invalidField("redirect", "invalid_redirect", "跳转地址必须是本站页面路径");
    }

    binding.authorizeUrl(redirect)
        .onSuccess(url -> ctx.response().setStatusCode(302).putHeader("Location", url)
            .putHeader("Cache-Control", "no-store").end())
        .onFailure(ctx::fail);
  }

  private void callback(RoutingContext ctx) {
    String code = requiredParam(ctx, "code", 128);
    String state = requiredParam(ctx, "state", 64);

    binding.complete(code, state)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void bind(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    String ticket = Bodies.optionalString(body, "ticket", 64);
    String code = Bodies.optionalString(body, "code", 128);
    if ((ticket == null) == (code == null)) {
      throw ApiException.invalidField("ticket", "missing_field", "请提供绑定凭证（ticket 或 code 之一）");
    }
    IdNumber.Parsed parsed = IdNumber.parse(Bodies.requiredString(body, "idNumber", 40));
    String password = Bodies.requiredString(body, "password", 128);
    if (!parsed.ok()) {
      throw ApiException.invalidField("idNumber", "invalid_id_number", parsed.problem().message());
    }

    binding.bind(ticket, code, parsed.number(), password,
            clients.of(ctx))
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void showBinding(RoutingContext ctx) {
    store.bindingJson(Principal.of(ctx).userId())
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void unbind(RoutingContext ctx) {
    binding.unbind(Principal.of(ctx).userId())
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void jssdk(RoutingContext ctx) {
    String url = signableUrl(requiredParam(ctx, "url", 1024));

    api.jsapiTicket()
        .onSuccess(ticket -> {
          long timestamp = System.currentTimeMillis() / 1000;
          String nonce = nonce(16);
          Json.ok(ctx, new JsonObject().put("appId", settings.appId())
              .put("timestamp", timestamp).put("nonceStr", nonce).put("url", url)
              .put("signature", JsSdk.sign(ticket, nonce, timestamp, url)));
        })
        .onFailure(e -> ctx.fail(ApiException.of(502, "wechat_unavailable",
            "暂时无法连接微信，请稍后再试")));
  }

  private void pushMenu(RoutingContext ctx) {
    Principal admin = Principal.of(ctx);
    JsonObject menu;
    try {
      menu = WeChatMenu.build(WeChatMenu.load(), links::pageLink);
    } catch (IllegalArgumentException e) {
      throw ApiException.of(500, "menu_config_invalid", "菜单配置有误：" + e.getMessage());
    }
    int buttons = menu.getJsonArray("button").size();

    api.createMenu(menu)
        .recover(e -> io.vertx.core.Future.failedFuture(ApiException.of(502, "wechat_refused",
            "微信拒绝了菜单：" + e.getMessage())))
        .compose(ok -> Audit.record(platform.pool(), admin.userId(), "wechat_menu_push",
            "wechat_menu", settings.appId(), null, new JsonObject().put("buttons", buttons)))
        .onSuccess(v -> Json.ok(ctx, new JsonObject().put("pushed", true).put("menu", menu)))
        .onFailure(ctx::fail);
  }

  /**
   * The page URL as WeChat will check it: ours (the JS-SDK safe domain), http(s), without
   * its fragment.
   */
  private String signableUrl(String raw) {
    URI uri;
    try {
      uri = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("url", "invalid_url", "页面地址格式不正确");
    }
    boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!web || uri.getHost() == null || !uri.getHost().equalsIgnoreCase(settings.publicHost())) {
      throw ApiException.invalidField("url", "invalid_url", "只能为本站页面生成签名");
    }
    int hash = raw.indexOf('#');
    return hash < 0 ? raw : raw.substring(0, hash);
  }

  private String nonce(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(NONCE_CHARS.charAt(random.nextInt(NONCE_CHARS.length())));
    }
    return text.toString();
  }

  private static String requiredParam(RoutingContext ctx, String name, int maxLength) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      throw ApiException.invalidField(name, "missing_field", "缺少参数：" + name);
    }
    if (value.length() > maxLength) {
      throw ApiException.invalidField(name, "too_long", name + " 过长");
    }
    return value;
  }
}
