package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jijiao.wechat.WeChatFixture.eventually;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.jijiao.wechat.simulator.WeChatSimulator.Inbound;
import org.jijiao.wechat.simulator.WeChatSimulator.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The "done when", as far as this branch reaches: a teacher follows, uses the menu,
 * binds, and gets a template message when an approval decides (the approval itself and
 * enrolment live in other capabilities; their notice is sent here as they will send it).
 */
@Timeout(120)
class WeChatJourneyTest {

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
  void aTeacherFollowsBindsAndHearsAboutTheApprovalInWeChat() {
    String openid = "o-journey";
    TestClient api = wx.node.client();
    String admin = api.login(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);
    assertThat(api.post("/api/admin/wechat/menu", admin, new JsonObject()).status())
        .isEqualTo(200);

    // Follows: the welcome carries the binding link.
    String welcome = wx.deliver(Inbound.event(openid, "subscribe", null, Mode.SAFE))
        .replyFields().get("Content");
    assertThat(welcome).contains("点此绑定");

    // Taps the menu's enrolment entry: our start page → WeChat's authorize → landing page.
    String enroll = wx.sim.menus().get(0).getJsonArray("button").getJsonObject(0)
        .getJsonArray("sub_button").getJsonObject(0).getString("url");
    String path = URI.create(enroll).getRawPath() + "?" + URI.create(enroll).getRawQuery();
    Reply start = TestClient.reply(api.web().get(path).followRedirects(false).send());
    String authorize = start.header("Location").replace("#wechat_redirect", "")
        + "&openid=" + openid;
    URI landing = URI.create(TestClient.reply(api.web().getAbs(authorize)
        .followRedirects(false).send()).header("Location"));
    JsonObject entry = api.get("/api/wechat/oauth/callback?" + landing.getRawQuery(), null)
        .json();
    assertThat(entry.getBoolean("bound")).isFalse();
    assertThat(entry.getString("redirect")).isEqualTo("/h5/trainings");

    // Binds with ID number and password, and is logged in.
    Reply bound = api.post("/api/wechat/bind", null, new JsonObject()
        .put("ticket", entry.getString("bindTicket")).put("idNumber", Demo.TEACHER)
        .put("password", TestNode.DEMO_PASSWORD));
    assertThat(bound.status()).isEqualTo(200);
    long teacherId = bound.json().getJsonObject("user").getLong("id");

    // An approval decides: the notice lands in the inbox and on the phone.
    new Notifier(wx.node.node().vertx().eventBus()).send(new Notice(teacherId,
        "approval_result", "培训报名已通过审核", "您报名的2026年全员培训已通过学校审核。",
        "/h5/trainings", "approval:journey:1"));
    eventually(5_000, () -> assertThat(wx.sim.templates()).anyMatch(t ->
        t.getString("touser").equals(openid)
            && t.getString("template_id").equals("tpl-approval-result")));

    // The menu's "通知公告" now lists it.
    String notices = wx.deliver(Inbound.event(openid, "CLICK", "NOTICES", Mode.SAFE))
        .replyFields().get("Content");
    assertThat(notices).contains("培训报名已通过审核");
  }
}
