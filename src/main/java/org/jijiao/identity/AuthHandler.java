package org.jijiao.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import org.jijiao.common.ApiException;

/**
 * Verifies the bearer access token on every protected request and puts the
 * {@link Principal} in the context. Media and event-stream requests come from elements
 * that cannot set headers ({@code <video>}, {@code EventSource}), so they may carry the
 * token as {@code access_token} in the query.
 *
 * <p>An account that must change its password may only do that (and read itself).
 *
 * <p>Verified tokens are remembered per node until they expire: a playing teacher sends the
 * same token every heartbeat, and verifying it again (base64, JSON, HMAC) each time was a
 * large share of the hot path's cost. Only tokens that verified are remembered, each with
 * its own expiry, so the cache can never admit what the signature check would refuse.
 *
 * <p>A token issued before its account's sessions were revoked ({@link SessionRevocations})
 * is refused: on a cache hit by a map look-up, on a miss by one Redis read.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final Set<String> ALLOWED_BEFORE_PASSWORD_CHANGE =
      Set.of("/api/auth/password", "/api/me", "/api/auth/logout");

  /** A verified principal, when its token was issued (ms) and when it expires (s). */
  private record Verified(Principal principal, long issuedAtMs, long expiresAtSeconds) {
  }

  /** The request's token life, for answers that outlive the request (event streams). */
  public record TokenLife(long issuedAtMs, long expiresAtSeconds) {
    static final String CONTEXT_KEY = "jijiao.tokenLife";
  }

  private final JWTAuth jwt;
  private final SessionRevocations revocations;
  private final Cache<String, Verified> verified;

  /** One instance per node, shared by the API verticles, so the cache is shared too. */
  public AuthHandler(JWTAuth jwt, SessionRevocations revocations, int maxCachedTokens,
      int accessTokenSeconds) {
    this.jwt = jwt;
    this.revocations = revocations;
    this.verified = Caffeine.newBuilder()
        .maximumSize(maxCachedTokens)
        .expireAfterWrite(Duration.ofSeconds(accessTokenSeconds))
        .build();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      ctx.fail(ApiException.unauthorized("unauthorized", "请先登录"));
      return;
    }
    Verified known = verified.getIfPresent(token);
    if (known != null && known.expiresAtSeconds() > System.currentTimeMillis() / 1000) {
      if (revocations.knownRevoked(known.principal().userId(), known.issuedAtMs())) {
        verified.invalidate(token);
        ctx.fail(revoked());
        return;
      }
      admit(ctx, known);
      return;
    }
    jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(refused(e)))
        .compose(user -> {
          Verified fresh = verifiedFrom(user);
          return revocations.accessRevoked(fresh.principal().userId(), fresh.issuedAtMs())
              .compose(revoked -> revoked ? Future.failedFuture(revoked())
                  : Future.succeededFuture(fresh));
        })
        .onSuccess(fresh -> {
          if (fresh.expiresAtSeconds() > 0) {
            verified.put(token, fresh);
          }
          admit(ctx, fresh);
        })
        .onFailure(ctx::fail);
  }

  private static Verified verifiedFrom(User user) {
    Principal principal = Principal.fromClaims(user.principal());
    // Tokens from before 'ims' existed count as issued at the start of their 'iat' second.
    long issuedAtMs = user.principal().getLong("ims", user.principal().getLong("iat", 0L) * 1000);
    // Vert.x keeps the verified expiry among the user's attributes, not in the principal.
    return new Verified(principal, issuedAtMs, user.attributes().getLong("exp", 0L));
  }

  /** Expired tokens are told apart so clients and logs can tell "refresh" from "forged". */
  private static ApiException refused(Throwable e) {
    String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return why.contains("expired")
        ? ApiException.unauthorized("token_expired", "登录已过期，请重新登录")
        : ApiException.unauthorized("token_invalid", "登录凭证无效，请重新登录");
  }

  private static ApiException revoked() {
    return ApiException.unauthorized("token_revoked", "登录已失效，请重新登录");
  }

  private static void admit(RoutingContext ctx, Verified token) {
    ctx.put(TokenLife.CONTEXT_KEY, new TokenLife(token.issuedAtMs(), token.expiresAtSeconds()));
    admit(ctx, token.principal());
  }

  private static void admit(RoutingContext ctx, Principal principal) {
    if (principal.mustChangePassword()
        && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(ctx.normalizedPath())) {
      ctx.fail(ApiException.of(403, "password_change_required", "首次登录请先修改密码"));
      return;
    }
    ctx.put(Principal.CONTEXT_KEY, principal);
    ctx.next();
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    // Only for reads: <video> and EventSource cannot send headers, and a token in the URL
    // of a write would end up in logs and histories for no reason.
    HttpMethod method = ctx.request().method();
    return method == HttpMethod.GET || method == HttpMethod.HEAD
        ? ctx.request().getParam("access_token") : null;
  }
}
