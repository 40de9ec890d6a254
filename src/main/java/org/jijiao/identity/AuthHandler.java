package org.jijiao.identity;

import io.vertx.core.Handler;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.jijiao.common.ApiException;

/**
 * Verifies the bearer access token on every protected request and puts the
 * {@link Principal} in the context. Media and event-stream requests come from elements
 * that cannot set headers ({@code <video>}, {@code EventSource}), so they may carry the
 * token as {@code access_token} in the query.
 *
 * <p>An account that must change its password may only do that (and read itself).
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final Set<String> ALLOWED_BEFORE_PASSWORD_CHANGE =
      Set.of("/api/auth/password", "/api/me", "/api/auth/logout");

  private final JWTAuth jwt;

  public AuthHandler(JWTAuth jwt) {
    this.jwt = jwt;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      ctx.fail(ApiException.unauthorized("unauthorized", "请先登录"));
      return;
    }
    jwt.authenticate(new TokenCredentials(token))
        .onSuccess(user -> {
          Principal principal = Principal.fromClaims(user.principal());
          if (principal.mustChangePassword()
              && !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(ctx.normalizedPath())) {
            ctx.fail(ApiException.of(403, "password_change_required", "首次登录请先修改密码"));
            return;
          }
          ctx.put(Principal.CONTEXT_KEY, principal);
          ctx.next();
        })
        .onFailure(e -> ctx.fail(ApiException.unauthorized("token_expired", "登录已过期，请重新登录")));
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return ctx.request().getParam("access_token");
  }
}
