package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work behind inbound messages, off the callback's HTTP path (and on any node of
 * a cluster). A result that comes too late for the callback's budget is not lost: it goes
 * out as a customer-service message instead, and the callback is told so, so the follower
 * never gets the same answer twice.
 */
public final class InboxVerticle extends VerticleBase {

  /** Request: {message: InboundMessage JSON, deadline: epoch ms}; reply: {reply, later}. */
  public static final String ADDRESS = "jijiao.wechat.inbound";
  /** A result later than this before the deadline goes out as a customer-service message. */
  static final long LATE_MARGIN_MS = 250;

  private static final Logger LOG = LoggerFactory.getLogger(InboxVerticle.class);

  private final InboxService inbox;
  private final WeChatApi api;

  public InboxVerticle(InboxService inbox, WeChatApi api) {
    this.inbox = inbox;
    this.api = api;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(ADDRESS, this::handle).completion();
  }

  private void handle(Message<JsonObject> request) {
    InboundMessage message = InboundMessage.fromJson(request.body().getJsonObject("message"));
    long deadline = request.body().getLong("deadline");

    inbox.handle(message)
        .onSuccess(reply -> {
          boolean late = System.currentTimeMillis() > deadline - LATE_MARGIN_MS;
          if (late && reply != null) {
            LOG.info("event=wechat_reply_late kind={} sentAs=custom", message.kind());
            api.sendText(message.fromUser(), reply).onFailure(e ->
                LOG.warn("event=wechat_late_reply_failed kind={} cause={}", message.kind(),
                    e.getMessage()));
          }
          request.reply(new JsonObject().put("reply", late ? null : reply).put("later", late));
        })
        .onFailure(e -> {
          LOG.error("event=wechat_inbound_failed kind={}", message.kind(), e);
          request.fail(500, "inbound work failed");
        });
  }
}
