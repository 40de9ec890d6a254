package org.jijiao.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.jijiao.common.ApiException;

/**
 * Reads a small request body into the context for {@link org.jijiao.common.Bodies#json}. A
 * declared or actual length over the limit is refused with 413 before anything is parsed.
 */
public final class SmallJsonBody implements Handler<RoutingContext> {

  public static final String CONTEXT_KEY = "jijiao.smallBody";

  private final int limitBytes;

  public SmallJsonBody(int limitBytes) {
    this.limitBytes = limitBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String declared = ctx.request().getHeader("Content-Length");
    if (declared != null && declared.length() > 9
        || declared != null && Long.parseLong(declared.strip()) > limitBytes) {
      ctx.fail(ApiException.of(413, "too_large", "提交的内容过大"));
      return;
    }
    ctx.request().body().onComplete(read -> {
      if (read.failed()) {
        ctx.fail(read.cause());
        return;
      }
      Buffer buffer = read.result();
      if (buffer.length() > limitBytes) {
        ctx.fail(ApiException.of(413, "too_large", "提交的内容过大"));
        return;
      }
      ctx.put(CONTEXT_KEY, buffer);
      ctx.next();
    });
  }
}
