package org.jijiao.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.jijiao.common.Json;
import org.jijiao.platform.Platform;

/**
 * Liveness, readiness, Prometheus metrics and the bare baseline route that benchmarks and
 * the load test measure beside the real ones.
 */
public final class OpsRoutes {

  private static final long CHECK_TIMEOUT_MS = 2000;

  private final Platform platform;

  public OpsRoutes(Platform platform) {
    this.platform = platform;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    router.get("/bench/bare").handler(ctx -> ctx.response().end("ok"));
    router.post("/bench/bare").handler(this::bareEcho);
  }

  private void live(RoutingContext ctx) {
    Json.ok(ctx, new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    Future<String> database = platform.pool().query("select 1").execute()
        .map("UP").otherwise("DOWN")
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).otherwise("DOWN");
    Future<String> redis = platform.redis().ping(java.util.List.of())
        .map("UP").otherwise("DOWN")
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).otherwise("DOWN");

    Future.join(database, redis).onComplete(done -> {
      boolean up = "UP".equals(database.result()) && "UP".equals(redis.result());
      JsonObject body = new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("checks", new JsonObject()
              .put("postgresql", database.result())
              .put("redis", redis.result()));
      Json.send(ctx, up ? 200 : 503, body);
    });
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(platform.metrics().scrape());
  }

  /** Parses a small JSON body and answers it: the same work as a heartbeat minus the logic. */
  private void bareEcho(RoutingContext ctx) {
    ctx.request().body().onSuccess(buffer -> {
      JsonObject body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
      ctx.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("ok", true).put("n", body.size()).encode());
    }).onFailure(ctx::fail);
  }
}
