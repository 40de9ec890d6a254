package org.jijiao.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** `?page=1&size=20` with a capped size, and the `{items, total}` answer. */
public record Paging(int page, int size) {

  public static final int MAX_SIZE = 100;

  public static Paging from(RoutingContext ctx) {
    int page = positive(ctx, "page", 1);
    int size = Math.min(positive(ctx, "size", 20), MAX_SIZE);
    return new Paging(page, size);
  }

  public int offset() {
    return (page - 1) * size;
  }

  public static JsonObject answer(JsonArray items, long total) {
    return new JsonObject().put("items", items).put("total", total);
  }

  private static int positive(RoutingContext ctx, String name, int fallback) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    if (!raw.matches("\\d{1,6}") || Integer.parseInt(raw) < 1) {
      throw ApiException.invalidField(name, "wrong_type", FieldLabels.of(name) + "必须是正整数");
    }
    return Integer.parseInt(raw);
  }
}
