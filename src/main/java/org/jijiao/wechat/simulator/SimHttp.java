package org.jijiao.wechat.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON conventions of the simulator's HTTP side, shared by the WeChat endpoints and the
 * {@code /sim/} controls: a request body that is not JSON reads as none, failures are
 * WeChat's {@code {errcode, errmsg}}, answers are UTF-8 JSON.
 */
final class SimHttp {

  private SimHttp() {
  }

  /** The request body as JSON, or null when it is missing or not a JSON object. */
  static JsonObject body(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static JsonObject error(int code, String message) {
    return new JsonObject().put("errcode", code).put("errmsg", message);
  }

  static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }
}
