package org.jijiao.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jijiao.common.ApiException;
import org.jijiao.config.Settings;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;

/**
 * Short-lived JWT access tokens and rotating refresh tokens.
 *
 * <p>A refresh token is 32 random bytes; Redis keeps only its SHA-256 with the account and
 * the token family. Using it rotates it: the old one answers with the same new pair for a
 * short grace window (parallel requests of one page must not log the user out), and after
 * that any use of it revokes the whole family, the classic sign of a stolen token.
 */
public final class TokenService {

  private static final LuaScript ROTATE = LuaScript.fromResource("/lua/refresh-rotate.lua");
  /** How long a rotated token is remembered, to detect its reuse. */
  private static final int REUSE_WINDOW_SECONDS = 86_400;

  private final JWTAuth jwt;
  private final RedisAPI redis;
  private final RedisKeys keys;
  private final Settings.Auth auth;
  private final SecureRandom random = new SecureRandom();

  public TokenService(JWTAuth jwt, RedisAPI redis, RedisKeys keys, Settings.Auth auth) {
    this.jwt = jwt;
    this.redis = redis;
    this.keys = keys;
    this.auth = auth;
  }

  /**
   * A fresh pair for a new login: a new token family. {@code issuedAtMs} is when the account
   * was read to build {@code principal}, not now: a revocation committed after that read
   * must refuse these tokens too (see {@link SessionRevocations}).
   */
  public Future<JsonObject> issue(Principal principal, long issuedAtMs) {
    String refresh = newRefreshToken();
    // 'since' is a string so that Lua's cjson, which keeps 14 digits, copies it unchanged.
    JsonObject record = new JsonObject()
        .put("userId", principal.userId())
        .put("family", UUID.randomUUID().toString())
        .put("since", String.valueOf(issuedAtMs));
    return redis.set(List.of(refreshKey(refresh), record.encode(), "EX",
            String.valueOf(auth.refreshTokenSeconds())))
        .map(ok -> pair(principal, refresh, issuedAtMs));
  }

  /** Whose a refresh token is and when its family began (a login, in ms). */
  public record Owner(long userId, long sinceMs) {
  }

  /** The owner of a refresh token, without using it up. */
  public Future<Owner> ownerOf(String refreshToken) {
    return redis.get(refreshKey(refreshToken)).map(value -> {
      if (value == null) {
        throw invalid();
      }
      JsonObject record = new JsonObject(value.toString());
      // A family from before 'since' existed reads as begun at 0: a sign-out refuses it.
      return new Owner(record.getLong("userId"), Long.parseLong(record.getString("since", "0")));
    });
  }

  /** Rotates {@code refreshToken} into a new pair for {@code principal}, read at issuedAtMs. */
  public Future<JsonObject> rotate(String refreshToken, Principal principal, long issuedAtMs) {
    String next = newRefreshToken();
    JsonObject nextPair = pair(principal, next, issuedAtMs);
    long now = System.currentTimeMillis() / 1000;
    List<String> keyList = List.of(refreshKey(refreshToken), refreshKey(next));
    List<String> args = List.of(keys.of("rtfamily") + ":", String.valueOf(now),
        String.valueOf(auth.refreshGraceSeconds()), String.valueOf(auth.refreshTokenSeconds()),
        nextPair.encode(), String.valueOf(REUSE_WINDOW_SECONDS));
    return ROTATE.run(redis, keyList, args).map(answer -> outcome(answer, nextPair));
  }

  public Future<Void> revoke(String refreshToken) {
    String key = refreshKey(refreshToken);
    return redis.get(key).compose(value -> {
      if (value == null) {
        return Future.succeededFuture();
      }
      String family = new JsonObject(value.toString()).getString("family");
      return redis.set(List.of(keys.of("rtfamily", family), "1", "EX",
              String.valueOf(auth.refreshTokenSeconds())))
          .compose(ok -> redis.del(List.of(key)))
          .mapEmpty();
    });
  }

  private static JsonObject outcome(Response answer, JsonObject nextPair) {
    String status = answer.get(0).toString();
    return switch (status) {
      case "ok" -> nextPair;
      case "again" -> new JsonObject(answer.get(1).toString());
      default -> throw invalid();
    };
  }

  private JsonObject pair(Principal principal, String refreshToken, long issuedAtMs) {
    // 'ims': when what the token says was read, in ms; a revocation refuses tokens up to it.
    JsonObject claims = principal.claims().put("ims", issuedAtMs);
    String access = jwt.generateToken(claims,
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(auth.accessTokenSeconds()));
    return new JsonObject()
        .put("accessToken", access)
        .put("refreshToken", refreshToken)
        .put("expiresIn", auth.accessTokenSeconds());
  }

  private String newRefreshToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String refreshKey(String token) {
    return keys.of("rt", sha256(token));
  }

  private static ApiException invalid() {
    return ApiException.unauthorized("invalid_refresh_token", "登录状态已失效，请重新登录");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
