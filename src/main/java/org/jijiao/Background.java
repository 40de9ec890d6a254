package org.jijiao;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.jijiao.approval.ApprovalVerticle;
import org.jijiao.learning.ProgressFlusher;
import org.jijiao.notify.NotificationsVerticle;
import org.jijiao.platform.Platform;
import org.jijiao.wechat.WeChatVerticles;

/**
 * The background verticles of a node (progress flusher, approvals, WeChat, reports,
 * notifications), deployed before the API opens. Each capability adds its line here.
 */
final class Background {

  private Background() {
  }

  static Future<Void> deploy(Vertx vertx, Platform platform) {
    return vertx.deployVerticle(new NotificationsVerticle(platform.pool()))
        .compose(id -> vertx.deployVerticle(
            new org.jijiao.message.SmsVerticle(platform.pool(), platform.config())))
        .compose(id -> WeChatVerticles.deploy(vertx, platform))
        .compose(id -> vertx.deployVerticle(new ApprovalVerticle(platform)))
        .compose(id -> vertx.deployVerticle(new org.jijiao.live.LiveFeedVerticle(platform)))
        .compose(id -> vertx.deployVerticle(ProgressFlusher.create(platform)))
        .mapEmpty();
  }
}
