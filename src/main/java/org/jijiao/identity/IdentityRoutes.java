package org.jijiao.identity;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.ClientAddress;
import org.jijiao.common.Json;
import org.jijiao.server.RouteModule;

/** {@code /api/auth/*} and {@code /api/me}. */
public final class IdentityRoutes implements RouteModule {

  private final IdentityService identity;
  private final AccountStore accounts;

  private final ClientAddress clients;

  public IdentityRoutes(IdentityService identity, AccountStore accounts, ClientAddress clients) {
    this.identity = identity;
    this.accounts = accounts;
    this.clients = clients;
  }

  /** Routes that need no access token. */
  @Override
  public void mountPublic(Router router) {
    router.post("/api/auth/login").handler(this::login);
    router.post("/api/auth/refresh").handler(this::refresh);
  }

  /** Routes behind the access token. */
  @Override
  public void mountProtected(Router router) {
    router.post("/api/auth/logout").handler(this::logout);
    router.post("/api/auth/password").handler(this::changePassword);
    router.get("/api/me").handler(this::me);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    String typed = Bodies.requiredString(body, "idNumber", 40);
    String password = Bodies.requiredString(body, "password", 128);
    IdNumber.Parsed parsed = IdNumber.parse(typed);
    if (!parsed.ok()) {
      throw ApiException.invalidField("idNumber", "invalid_id_number", parsed.problem().message());
    }

    identity.login(parsed.number(), password, clients.of(ctx))
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    String token = Bodies.requiredString(Bodies.json(ctx), "refreshToken", 200);

    identity.refresh(token)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  /** The body and its refresh token are optional: the caller's access tokens end either way. */
  private void logout(RoutingContext ctx) {
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    String token = hasBody ? Bodies.optionalString(Bodies.json(ctx), "refreshToken", 200) : null;

    identity.logout(Principal.of(ctx).userId(), token)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    String oldPassword = Bodies.requiredString(body, "oldPassword", 128);
    String newPassword = Bodies.requiredString(body, "newPassword", 128);

    identity.changePassword(Principal.of(ctx).userId(), oldPassword, newPassword,
            clients.of(ctx))
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);

    accounts.profile(principal.userId(), principal.roles())
        .onSuccess(found -> Json.ok(ctx, found.orElseThrow(() -> ApiException.notFound("账号不存在"))))
        .onFailure(ctx::fail);
  }
}
