package org.jijiao.common;

import io.vertx.core.Handler;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers. Domain errors carry their own status
 * and code; everything unexpected is logged with its cause and answered with a plain 500
 * that never shows a stack trace.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiException error = translate(ctx.statusCode(), failure);

    if (error.status() >= 500 && !"overloaded".equals(error.code())) {
      LOG.error("event=request_failed method={} path={} status={}", ctx.request().method(),
          ctx.normalizedPath(), error.status(), failure);
    } else {
      LOG.debug("event=request_refused path={} status={} code={}", ctx.normalizedPath(),
          error.status(), error.code());
    }

    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    send(response, error);
  }

  /** Writes an error in the API's JSON shape; also used by handlers that answer early. */
  public static void send(HttpServerResponse response, ApiException error) {
    JsonObject body = new JsonObject()
        .put("error", error.code())
        .put("message", error.getMessage());
    if (error.field() != null) {
      body.put("field", error.field());
    }
    if (error.retryAfterSeconds() != null) {
      response.putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    response.setStatusCode(error.status())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  private static boolean waitQueueFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectionPoolTooBusyException) {
        return true;
      }
    }
    return false;
  }

  static ApiException translate(int statusCode, Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException
        && failure.getCause() instanceof DecodeException) {
      return ApiException.badRequest("malformed_json", "请求内容不是有效的 JSON");
    }
    if (failure instanceof io.vertx.pgclient.PgException pg
        && ("22021".equals(pg.getSqlState()) || "22P05".equals(pg.getSqlState()))) {
      // Text PostgreSQL cannot store (a NUL character) that slipped past the readers.
      return ApiException.badRequest("invalid_text", "提交的文字中含有不允许的字符");
    }
    if (waitQueueFull(failure)) {
      // A PostgreSQL or Redis pool's wait queue is full: overload, not a fault. The client
      // may retry after a moment, and nothing was written (the query never ran).
      return ApiException.overloaded("服务器繁忙，请稍后重试", 1);
    }
    if (failure instanceof ClassCastException) {
      return ApiException.badRequest("wrong_type", "请求中的字段类型不正确");
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : statusCode;
    return switch (status) {
      case 400 -> ApiException.badRequest("bad_request", "请求格式不正确");
      case 401 -> ApiException.unauthorized("unauthorized", "请先登录");
      case 403 -> ApiException.forbidden("您没有权限进行此操作");
      case 404 -> ApiException.notFound("请求的资源不存在");
      case 405 -> ApiException.of(405, "method_not_allowed", "不支持该请求方法");
      case 413 -> ApiException.of(413, "too_large", "提交的内容过大");
      case 415 -> ApiException.of(415, "unsupported_media_type", "不支持的内容类型");
      default -> ApiException.of(500, "internal_error", "服务器内部错误，请稍后重试");
    };
  }
}
