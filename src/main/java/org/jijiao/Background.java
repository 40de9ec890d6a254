package org.jijiao;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.jijiao.learning.ProgressFlusher;
import org.jijiao.notify.NotificationsVerticle;
import org.jijiao.platform.Platform;

/**
 * The background verticles of a node (progress flusher, approvals, WeChat, reports,
 * notifications), deployed before the API opens. Each capability adds its line here.
 */
final class Background {

  private Background() {
  }

  static Future<Void> deploy(Vertx vertx, Platform platform) {
    return vertx.deployVerticle(new NotificationsVerticle(platform.pool()))
        .compose(id -> vertx.deployVerticle(ProgressFlusher.create(platform)))
        .mapEmpty();
  }
}
