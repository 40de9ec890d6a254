package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.identity.IdNumber;
import org.jijiao.identity.IdentityService;
import org.jijiao.platform.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat entry and binding. Silent OAuth (snsapi_base) yields the follower's openid; a
 * bound openid logs straight in with the same tokens as a password login, an unbound one
 * gets a short-lived bind ticket that, with ID number and password, binds the two.
 */
public final class BindingService {

  private static final Logger LOG = LoggerFactory.getLogger(BindingService.class);
  static final int STATE_SECONDS = 600;
  static final int TICKET_SECONDS = 600;

  private final WeChatSettings settings;
  private final WeChatApi api;
  private final WeChatStore store;
  private final IdentityService identity;
  private final RedisAPI redis;
  private final RedisKeys keys;
  private final SecureRandom random = new SecureRandom();

  public BindingService(WeChatSettings settings, WeChatApi api, WeChatStore store,
      IdentityService identity, RedisAPI redis, RedisKeys keys) {
    this.settings = settings;
    this.api = api;
    this.store = store;
    this.identity = identity;
    this.redis = redis;
    this.keys = keys;
  }

  /** The authorize URL to send the browser to; {@code redirect} is kept under the state. */
  public Future<String> authorizeUrl(String redirect) {
    String state = randomToken(16);
    return redis.set(List.of(keys.of("wechat-oauth-state", state), redirect, "EX",
            String.valueOf(STATE_SECONDS)))
        .map(ok -> settings.oauthBase() + "/connect/oauth2/authorize?appid="
            + enc(settings.appId()) + "&redirect_uri=" + enc(settings.oauthRedirectUri())
            + "&response_type=code&scope=snsapi_base&state=" + state + "#wechat_redirect");
  }

  /**
   * Completes the OAuth round: {bound: true, redirect, accessToken, refreshToken, …} for a
   * bound openid, {bound: false, redirect, bindTicket, ticketExpiresIn} otherwise. Fails
   * with 400 invalid_state (unknown or used state) or invalid_code.
   */
  public Future<JsonObject> complete(String code, String state) {
    return redis.getdel(keys.of("wechat-oauth-state", state)).compose(saved -> {
      if (saved == null) {
        return Future.failedFuture(ApiException.badRequest("invalid_state",
            "授权已过期，请从公众号菜单重新进入"));
      }
      String redirect = saved.toString();
      return openidFor(code).compose(openid -> store.bindingOf(openid).compose(found -> {
        if (found.isEmpty()) {
          return bindTicket(openid, redirect);
        }
        WeChatStore.Binding binding = found.get();
        return identity.loginAs(binding.accountId(), binding.boundAtMs())
            .map(tokens -> tokens.put("bound", true).put("redirect", redirect))
            .recover(e -> {
              if (!(e instanceof ApiException refused) || !"signed_out".equals(refused.code())) {
                return Future.failedFuture(e);
              }
              // The password that made the binding changed since: whoever bound must prove
              // the new one, so the binding goes and this visit starts binding again.
              LOG.info("event=wechat_binding_dropped user={} reason=signed_out",
                  binding.accountId());
              return store.unbind(binding.accountId()).compose(v -> bindTicket(openid, redirect));
            });
      }));
    });
  }

  /**
   * Binds the openid behind a ticket (or an OAuth code) to the account the ID number and
   * password prove, and answers that account's tokens. Wrong credentials count towards
   * the login lock-out like any login. Fails with 409 openid_already_bound or
   * account_already_bound when either side is bound to someone else.
   */
  public Future<JsonObject> bind(String ticket, String code, IdNumber idNumber, String password,
      String address) {
    Future<String> openid = ticket != null ? openidForTicket(ticket) : openidFor(code);
    // Taken before the password is checked, like a login's token time: a password change
    // racing this bind is later than the binding and ends it.
    long provenAt = System.currentTimeMillis();
    return openid.compose(id -> identity.login(idNumber, password, address)
        .compose(tokens -> {
          long accountId = tokens.getJsonObject("user").getLong("id");
          return store.bind(accountId, id, provenAt)
              .recover(failure -> Future.failedFuture(conflict(failure)))
              .compose(v -> ticket == null ? Future.succeededFuture()
                  : redis.del(List.of(keys.of("wechat-bind-ticket", ticket))).mapEmpty())
              .map(v -> {
                LOG.info("event=wechat_bound user={}", accountId);
                return tokens.put("bound", true);
              });
        }));
  }

  private Future<JsonObject> bindTicket(String openid, String redirect) {
    String ticket = randomToken(24);
    return redis.set(List.of(keys.of("wechat-bind-ticket", ticket), openid, "EX",
            String.valueOf(TICKET_SECONDS)))
        .map(ok -> new JsonObject().put("bound", false).put("redirect", redirect)
            .put("bindTicket", ticket).put("ticketExpiresIn", TICKET_SECONDS));
  }

  public Future<JsonObject> unbind(long accountId) {
    return store.unbind(accountId).map(openid -> {
      openid.ifPresent(o -> LOG.info("event=wechat_unbound user={}", accountId));
      return new JsonObject().put("bound", false);
    });
  }

  private Future<String> openidForTicket(String ticket) {
    return redis.get(keys.of("wechat-bind-ticket", ticket)).map(found -> {
      if (found == null) {
        throw ApiException.badRequest("invalid_ticket", "绑定凭证已过期，请从公众号菜单重新进入");
      }
      return found.toString();
    });
  }

  private Future<String> openidFor(String code) {
    return api.openidForCode(code).recover(failure -> Future.failedFuture(
        failure instanceof WeChatException
            ? ApiException.badRequest("invalid_code", "微信授权码无效或已使用，请重新进入")
            : ApiException.of(502, "wechat_unavailable", "暂时无法连接微信，请稍后再试")));
  }

  private static Throwable conflict(Throwable failure) {
    if (failure instanceof WeChatStore.BindConflict c) {
      return c.openidTaken()
          ? ApiException.conflict("openid_already_bound", "该微信已绑定其他账号，请先在原账号中解除绑定")
          : ApiException.conflict("account_already_bound", "该账号已绑定其他微信，请先解除原绑定");
    }
    return failure;
  }

  private String randomToken(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
