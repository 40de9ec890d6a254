package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.jijiao.platform.Platform;
import org.jijiao.wechat.simulator.WeChatSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WeChat verticles of a node: the inbox (message work), the template channel, the
 * callback server, and the simulator when configured (development and demos).
 */
public final class WeChatVerticles {

  private static final Logger LOG = LoggerFactory.getLogger(WeChatVerticles.class);

  private WeChatVerticles() {
  }

  public static Future<Void> deploy(Vertx vertx, Platform p) {
    WeChatSettings settings = WeChatSettings.from(p.config());
    WeChatApi api = new WeChatApi(vertx, p.redis(), p.keys(), settings);
    WeChatStore store = new WeChatStore(p.pool());
    InboxService inbox = new InboxService(store, settings);

    CallbackVerticle callback = new CallbackVerticle(settings, p.redis(), p.keys());
    return vertx.deployVerticle(new InboxVerticle(inbox, api))
        .compose(v -> vertx.deployVerticle(new TemplateVerticle(settings, api, store, p.redis(),
            p.keys(), inbox)))
        .compose(v -> vertx.deployVerticle(callback))
        .compose(v -> {
          if (!settings.simulator()) {
            return Future.succeededFuture();
          }
          // After the callback, so that the simulator knows its actual port (0 in tests).
          LOG.warn("event=wechat_simulator_enabled port={} note=development_only",
              settings.simulatorPort());
          return vertx.deployVerticle(WeChatSimulator.forSettings(settings,
              settings.simulatorPort(), "http://127.0.0.1:" + callback.actualPort()
                  + settings.callbackPath()));
        })
        .mapEmpty();
  }
}
