package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.RedisAPI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jijiao.platform.RedisKeys;

/**
 * Jijiao's calls to the WeChat API, through the Vert.x Web Client. The access token and
 * the jsapi ticket are {@link SharedCredential}s; a call WeChat refuses for its token
 * (40001 invalid, 42001 expired, 40014 malformed — e.g. replaced by another party with
 * the same secret) gets one refresh and one retry. Every method fails with
 * {@link WeChatException} for a non-zero errcode.
 */
public final class WeChatApi {

  /** Answers that mean "your access token is no good": refresh once and retry. */
  static final Set<Integer> TOKEN_REJECTED = Set.of(40001, 42001, 40014);

  private final WeChatSettings settings;
  private final WebClient web;
  private final SharedCredential accessToken;
  private final SharedCredential jsapiTicket;

  public WeChatApi(Vertx vertx, RedisAPI redis, RedisKeys keys, WeChatSettings settings) {
    this.settings = settings;
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout(3_000)
        .setIdleTimeout(30)
        .setUserAgent("jijiao-wechat"));
    this.accessToken = new SharedCredential(vertx, redis, keys.of("wechat-token"),
        keys.of("wechat-token-lock"), settings.tokenRefreshAheadSeconds(), "access_token",
        this::fetchAccessToken);
    this.jsapiTicket = new SharedCredential(vertx, redis, keys.of("wechat-jsapi-ticket"),
        keys.of("wechat-jsapi-ticket-lock"), settings.tokenRefreshAheadSeconds(), "jsapi_ticket",
        this::fetchJsapiTicket);
  }

  public WeChatSettings settings() {
    return settings;
  }

  public Future<String> accessToken() {
    return accessToken.get();
  }

  public Future<String> jsapiTicket() {
    return jsapiTicket.get();
  }

  /** Exchanges an OAuth code (snsapi_base) for the follower's openid. */
  public Future<String> openidForCode(String code) {
    String url = settings.apiBase() + "/sns/oauth2/access_token?appid=" + enc(settings.appId())
        + "&secret=" + enc(settings.appSecret()) + "&code=" + enc(code)
        + "&grant_type=authorization_code";
    return send(web.getAbs(url), null)
        .map(WeChatApi::checked)
        .map(answer -> answer.getString("openid"));
  }

  public Future<JsonObject> createMenu(JsonObject menu) {
    return call(HttpMethod.POST, "/cgi-bin/menu/create", menu);
  }

  /** Sends a template message; answers WeChat's reply (with its msgid). */
  public Future<JsonObject> sendTemplate(JsonObject message) {
    return call(HttpMethod.POST, "/cgi-bin/message/template/send", message);
  }

  /** A customer-service text message (allowed within 48 hours of the follower's message). */
  public Future<JsonObject> sendText(String openid, String content) {
    return call(HttpMethod.POST, "/cgi-bin/message/custom/send", new JsonObject()
        .put("touser", openid).put("msgtype", "text")
        .put("text", new JsonObject().put("content", content)));
  }

  /** A call with the shared access token, retried once with a new one if it was refused. */
  public Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
    return accessToken.get().compose(token -> callWith(method, path, body, token)
        .compose(answer -> {
          if (!TOKEN_REJECTED.contains(answer.getInteger("errcode", 0))) {
            return Future.succeededFuture(answer);
          }
          return accessToken.replace(token)
              .compose(fresh -> callWith(method, path, body, fresh));
        }))
        .map(WeChatApi::checked);
  }

  private Future<JsonObject> callWith(HttpMethod method, String path, JsonObject body,
      String token) {
    String url = settings.apiBase() + path + (path.contains("?") ? "&" : "?") + "access_token="
        + enc(token);
    return send(web.requestAbs(method, url), body);
  }

  private Future<JsonObject> send(HttpRequest<Buffer> request, JsonObject body) {
    request.timeout(5_000);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send()
        : request.putHeader("Content-Type", "application/json; charset=utf-8")
            .sendBuffer(Buffer.buffer(body.encode()));
    return sent.map(response -> {
      if (response.statusCode() != 200) {
        throw new WeChatException(-2, "HTTP " + response.statusCode());
      }
      try {
        return response.bodyAsJsonObject();
      } catch (RuntimeException e) {
        throw new WeChatException(-2, "answer is not JSON");
      }
    });
  }

  private Future<SharedCredential.Fetched> fetchAccessToken() {
    String url = settings.apiBase() + "/cgi-bin/token?grant_type=client_credential&appid="
        + enc(settings.appId()) + "&secret=" + enc(settings.appSecret());
    return send(web.getAbs(url), null)
        .map(WeChatApi::checked)
        .map(answer -> new SharedCredential.Fetched(answer.getString("access_token"),
            answer.getInteger("expires_in", 7200)));
  }

  private Future<SharedCredential.Fetched> fetchJsapiTicket() {
    return call(HttpMethod.GET, "/cgi-bin/ticket/getticket?type=jsapi", null)
        .map(answer -> new SharedCredential.Fetched(answer.getString("ticket"),
            answer.getInteger("expires_in", 7200)));
  }

  private static JsonObject checked(JsonObject answer) {
    int code = answer.getInteger("errcode", 0);
    if (code != 0) {
      throw new WeChatException(code, answer.getString("errmsg", ""));
    }
    return answer;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
