package org.jijiao.wechat;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import org.jijiao.config.AppConfig;
import org.jijiao.testing.TestNode;
import org.jijiao.wechat.simulator.WeChatSimulator;

/**
 * A test node wired to a WeChat simulator of its own: the simulator starts first (on its
 * own Vert.x, port 0), the node's WECHAT_API_BASE points at it, and the simulator's inbound
 * messages go to the node's callback server.
 */
final class WeChatFixture implements AutoCloseable {

  final Vertx simVertx;
  final WeChatSimulator sim;
  final TestNode node;
  final WeChatSettings settings;

  private WeChatFixture(Vertx simVertx, WeChatSimulator sim, TestNode node) {
    this.simVertx = simVertx;
    this.sim = sim;
    this.node = node;
    this.settings = WeChatSettings.from(node.node().platform().config());
  }

  static WeChatFixture start(Map<String, String> extra) {
    WeChatSettings defaults = WeChatSettings.from(AppConfig.load(Map.of(), Map.of()));
    Vertx simVertx = Vertx.vertx();
    WeChatSimulator sim = WeChatSimulator.forSettings(defaults, 0, "http://127.0.0.1:1/none");
    TestNode.await(simVertx.deployVerticle(sim));

    Map<String, String> overrides = new HashMap<>(Map.of(
        "wechat.apiBase", sim.baseUrl(),
        "wechat.simulator", "false",
        "wechat.templateRetryBaseMs", "50"));
    overrides.putAll(extra);
    TestNode node = TestNode.start(overrides);
    Object port = node.node().vertx().sharedData().getLocalMap(CallbackVerticle.PORT_MAP)
        .get(CallbackVerticle.PORT_KEY);
    sim.callbackUrl("http://127.0.0.1:" + port + "/wechat/callback");
    return new WeChatFixture(simVertx, sim, node);
  }

  int callbackPort() {
    return (Integer) node.node().vertx().sharedData().getLocalMap(CallbackVerticle.PORT_MAP)
        .get(CallbackVerticle.PORT_KEY);
  }

  WeChatSimulator.Delivery deliver(WeChatSimulator.Inbound inbound) {
    return TestNode.await(sim.deliver(inbound));
  }

  /** Waits up to {@code ms} for a condition the system reaches asynchronously. */
  static void eventually(long ms, Runnable check) {
    long deadline = System.currentTimeMillis() + ms;
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    node.close();
    TestNode.await(simVertx.close());
  }
}
