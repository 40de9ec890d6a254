package org.jijiao.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.common.ApiException;
import org.jijiao.common.FailureHandler;

/**
 * Refuses work beyond a fixed number of requests in flight on this node, at once, with 503
 * and Retry-After. Under a burst, a quick explained refusal lets clients back off, while
 * accepting everything would make every request slow and most of them time out.
 */
public final class LoadShedder implements Handler<RoutingContext> {

  private final AtomicInteger inFlight;
  private final int limit;

  public LoadShedder(AtomicInteger inFlight, int limit) {
    this.inFlight = inFlight;
    this.limit = limit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (inFlight.incrementAndGet() > limit) {
      inFlight.decrementAndGet();
      FailureHandler.send(ctx.response(), ApiException.overloaded("服务器繁忙，请稍后重试", 1));
      return;
    }
    ctx.addEndHandler(done -> inFlight.decrementAndGet());
    ctx.next();
  }
}
