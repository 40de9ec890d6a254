package org.jijiao.common;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Answers in JSON. API answers are personal, so none of them is cached. */
public final class Json {

  private Json() {
  }

  public static void ok(RoutingContext ctx, Object body) {
    send(ctx, 200, body);
  }

  public static void created(RoutingContext ctx, Object body) {
    send(ctx, 201, body);
  }

  public static void send(RoutingContext ctx, int status, Object body) {
    String encoded = body instanceof JsonObject json ? json.encode()
        : io.vertx.core.json.Json.encode(body);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(encoded);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
