package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jijiao.wechat.WeChatFixture.eventually;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.jijiao.wechat.simulator.WeChatSimulator.Delivery;
import org.jijiao.wechat.simulator.WeChatSimulator.Inbound;
import org.jijiao.wechat.simulator.WeChatSimulator.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class WeChatCallbackTest {

  private static WeChatFixture wx;

  @BeforeAll
  static void start() {
    wx = WeChatFixture.start(Map.of());
  }

  @AfterAll
  static void stop() {
    wx.close();
  }

  @Test
  void urlVerificationAnswersTheEchostrOnlyWhenSigned() {
    String ts = now();
    String good = WeChatCrypto.signature(wx.settings.token(), ts, "4711");

    Reply ok = get("/wechat/callback?signature=" + good + "&timestamp=" + ts
        + "&nonce=4711&echostr=hello-echo");
    // Change one hex digit for sure (a replace of 'a' would do nothing when there is none).
    String bad = (good.charAt(0) == '0' ? '1' : '0') + good.substring(1);
    Reply forged = get("/wechat/callback?signature=" + bad + "&timestamp="
        + ts + "&nonce=4711&echostr=hello-echo");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.raw().toString()).isEqualTo("hello-echo");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(String.valueOf(forged.raw())).doesNotContain("hello-echo");
  }

  @ParameterizedTest(name = "{0} mode")
  @EnumSource(Mode.class)
  void aNewFollowerGetsAWelcomeWithTheBindingLinkInEveryMode(Mode mode) {
    String openid = "o-follow-" + mode;

    Delivery delivery = wx.deliver(Inbound.event(openid, "subscribe", null, mode));

    assertThat(delivery.status()).isEqualTo(200);
    Map<String, String> reply = delivery.replyFields();
    assertThat(reply.get("ToUserName")).isEqualTo(openid);
    assertThat(reply.get("MsgType")).isEqualTo("text");
    assertThat(reply.get("Content")).contains("绑定").contains("/api/wechat/oauth/start");
    if (mode == Mode.SAFE) {
      assertThat(delivery.raw()).contains("<Encrypt>").doesNotContain("绑定");
    }
    assertThat(wx.node.queryLong(
        "select count(*) from wechat_follower where openid = ? and subscribed", openid))
        .isEqualTo(1);
  }

  @Test
  void unsubscribeClickViewScanAndTextEachTakeEffect() {
    String openid = "o-menu-user";

    Delivery click = wx.deliver(Inbound.event(openid, "CLICK", "NOTICES", Mode.SAFE));
    Delivery view = wx.deliver(Inbound.event(openid, "VIEW", "http://x/h5/", Mode.SAFE));
    Delivery scan = wx.deliver(Inbound.event(openid, "SCAN", "42", Mode.SAFE));
    Delivery text = wx.deliver(Inbound.text(openid, "怎么绑定？", Mode.PLAIN));
    Delivery gone = wx.deliver(Inbound.event(openid, "unsubscribe", null, Mode.SAFE));

    assertThat(click.replyFields().get("Content")).contains("还没有绑定");
    assertThat(view.raw()).isEqualTo("success");
    assertThat(scan.replyFields().get("Content")).contains("扫码");
    assertThat(text.replyFields().get("Content")).contains("/api/wechat/oauth/start");
    assertThat(gone.raw()).isEqualTo("success");
    assertThat(wx.node.queryLong("select count(*) from wechat_event where openid = ?", openid))
        .isEqualTo(5);
    assertThat(wx.node.queryLong(
        "select count(*) from wechat_follower where openid = ? and not subscribed", openid))
        .isEqualTo(1);
  }

  @Test
  void aRetriedDeliveryTakesEffectOnceAndGetsTheSameReply() {
    Inbound message = Inbound.text("o-retry", "你好", Mode.SAFE);
    Inbound event = Inbound.event("o-retry", "subscribe", null, Mode.COMPATIBLE);

    Delivery first = wx.deliver(message);
    Delivery again = wx.deliver(message);
    Delivery third = wx.deliver(message);
    wx.deliver(event);
    wx.deliver(event);

    assertThat(again.replyFields().get("Content")).isEqualTo(first.replyFields().get("Content"));
    assertThat(third.status()).isEqualTo(200);
    assertThat(wx.node.queryLong("select count(*) from wechat_event where openid = 'o-retry' "
        + "and kind = 'text'")).isEqualTo(1);
    assertThat(wx.node.queryLong("select count(*) from wechat_event where openid = 'o-retry' "
        + "and kind = 'subscribe'")).isEqualTo(1);
  }

  @Test
  void theFiveSecondBudgetHoldsWhenTheWorkIsSlowAndTheReplyFollowsLater() throws Exception {
    int customBefore = wx.sim.customMessages().size();
    Delivery delivery;
    try (Connection hold = wx.node.jdbc()) {
      // Lock the table the work writes to first: the work now waits far beyond 5 seconds.
      hold.setAutoCommit(false);
      try (Statement lock = hold.createStatement()) {
        lock.execute("lock table wechat_event in access exclusive mode");
      }

      delivery = wx.deliver(Inbound.event("o-slow", "subscribe", null, Mode.SAFE));

      Thread.sleep(1_500);
      hold.rollback();
    }

    assertThat(delivery.status()).isEqualTo(200);
    assertThat(delivery.raw()).isEqualTo("success");
    assertThat(delivery.elapsedMs()).isBetween(3_500L, 4_800L);
    eventually(10_000, () -> {
      assertThat(wx.node.queryLong("select count(*) from wechat_event where openid = 'o-slow'"))
          .isEqualTo(1);
      assertThat(wx.sim.customMessages().size()).isEqualTo(customBefore + 1);
    });
    var late = wx.sim.customMessages().get(customBefore);
    assertThat(late.getString("touser")).isEqualTo("o-slow");
    assertThat(late.getJsonObject("text").getString("content")).contains("绑定");
  }

  @Test
  void anExternalEntityIsRefusedWithoutReadingTheFileOrFetchingTheUrl() {
    AtomicInteger fetched = new AtomicInteger();
    HttpServer bait = TestNode.await(wx.simVertx.createHttpServer()
        .requestHandler(req -> {
          fetched.incrementAndGet();
          req.response().end("<x>leaked</x>");
        })
        .listen(0, "127.0.0.1"));
    String viaFile = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "
        + "\"file:///etc/passwd\">]><xml><ToUserName>gh</ToUserName><FromUserName>o-x"
        + "</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>"
        + "<Content>&xxe;</Content><MsgId>1</MsgId></xml>";
    String viaUrl = viaFile.replace("file:///etc/passwd",
        "http://127.0.0.1:" + bait.actualPort() + "/leak");
    String parameterEntity = "<!DOCTYPE xml [<!ENTITY % p SYSTEM \"http://127.0.0.1:"
        + bait.actualPort() + "/dtd\"> %p;]><xml><MsgType>text</MsgType></xml>";

    Delivery file = TestNode.await(wx.sim.deliverRaw(viaFile));
    Delivery url = TestNode.await(wx.sim.deliverRaw(viaUrl));
    Delivery param = TestNode.await(wx.sim.deliverRaw(parameterEntity));

    assertThat(file.status()).isEqualTo(400);
    assertThat(file.raw()).doesNotContain("root:");
    assertThat(url.status()).isEqualTo(400);
    assertThat(param.status()).isEqualTo(400);
    assertThat(fetched.get()).isZero();
    assertThat(wx.node.queryLong("select count(*) from wechat_event where openid = 'o-x'"))
        .isZero();
    TestNode.await(bait.close());
  }

  @Test
  void unsignedStaleOversizedAndForgedBodiesAreRefused() {
    String ts = now();
    String sig = WeChatCrypto.signature(wx.settings.token(), ts, "99");
    String old = String.valueOf(System.currentTimeMillis() / 1000 - 301);
    String oldSig = WeChatCrypto.signature(wx.settings.token(), old, "99");
    String body = "<xml><FromUserName>o-f</FromUserName><MsgType>text</MsgType>"
        + "<CreateTime>1</CreateTime><MsgId>77</MsgId></xml>";

    Reply unsigned = post("/wechat/callback?timestamp=" + ts + "&nonce=99", body);
    Reply stale = post("/wechat/callback?signature=" + oldSig + "&timestamp=" + old
        + "&nonce=99", body);
    Reply huge = post("/wechat/callback?signature=" + sig + "&timestamp=" + ts + "&nonce=99",
        "<xml><Content>" + "x".repeat(40_000) + "</Content></xml>");
    Reply badMsgSignature = post("/wechat/callback?signature=" + sig + "&timestamp=" + ts
        + "&nonce=99&encrypt_type=aes&msg_signature=0000", "<xml><Encrypt>abc</Encrypt></xml>");
    Reply notXml = post("/wechat/callback?signature=" + sig + "&timestamp=" + ts + "&nonce=99",
        "{\"json\": true}");

    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(stale.status()).isEqualTo(403);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(badMsgSignature.status()).isEqualTo(403);
    assertThat(notXml.status()).isEqualTo(400);
    assertThat(wx.node.queryLong("select count(*) from wechat_event where openid = 'o-f'"))
        .isZero();
  }

  private static String now() {
    return String.valueOf(System.currentTimeMillis() / 1000);
  }

  private static Reply get(String path) {
    return TestClient.reply(wx.node.client().web().get(wx.callbackPort(), "127.0.0.1", path)
        .send());
  }

  private static Reply post(String path, String body) {
    return TestClient.reply(wx.node.client().web().post(wx.callbackPort(), "127.0.0.1", path)
        .putHeader("Content-Type", "text/xml").sendBuffer(Buffer.buffer(body)));
  }
}
