package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jijiao.wechat.WeChatFixture.eventually;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;
import org.jijiao.platform.Platform;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Access-token upkeep shared through Redis, and template messages for notices. */
@Timeout(120)
class WeChatOutboundTest {

  private static WeChatFixture wx;
  private static Platform platform;

  @BeforeAll
  static void start() {
    wx = WeChatFixture.start(Map.of("wechat.templatesPerHour", "3"));
    platform = wx.node.node().platform();
  }

  @AfterAll
  static void stop() {
    wx.close();
  }

  @BeforeEach
  void forgetTheToken() {
    TestNode.await(platform.redis().del(List.of(platform.keys().of("wechat-token"))));
    wx.sim.tokenDelayMs(0);
    wx.sim.tokenExpiresSeconds(7200);
  }

  /** A second "node": its own API client and credential cache, the same Redis. */
  private static WeChatApi anotherNode() {
    return new WeChatApi(platform.vertx(), platform.redis(), platform.keys(), wx.settings);
  }

  @Test
  void twoNodesRacingForTheTokenMakeExactlyOneRefresh() {
    WeChatApi one = anotherNode();
    WeChatApi two = anotherNode();
    wx.sim.tokenDelayMs(300);
    int before = wx.sim.tokensIssued();

    List<Future<String>> racing = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      racing.add(one.accessToken());
      racing.add(two.accessToken());
    }
    TestNode.await(Future.all(racing));

    assertThat(wx.sim.tokensIssued() - before).isEqualTo(1);
    assertThat(new HashSet<>(racing.stream().map(Future::result).toList())).hasSize(1);
  }

  @Test
  void theTokenIsRefreshedBeforeItExpiresByOneNode() throws Exception {
    WeChatApi one = anotherNode();
    WeChatApi two = anotherNode();
    // Shorter-lived than the 300 s margin: used for half its life, then refreshed.
    wx.sim.tokenExpiresSeconds(2);
    int before = wx.sim.tokensIssued();
    String first = TestNode.await(one.accessToken());
    assertThat(TestNode.await(two.accessToken())).isEqualTo(first);

    Thread.sleep(1_200);
    wx.sim.tokenDelayMs(200);
    List<Future<String>> racing = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      racing.add(one.accessToken());
      racing.add(two.accessToken());
    }
    TestNode.await(Future.all(racing));

    assertThat(wx.sim.tokensIssued() - before).isEqualTo(2);
    assertThat(TestNode.await(one.accessToken())).isNotEqualTo(first);
  }

  @Test
  void aRejectedTokenIsRefreshedOnceAndTheCallRetried() {
    WeChatApi one = anotherNode();
    WeChatApi two = anotherNode();
    TestNode.await(one.accessToken());
    int before = wx.sim.tokensIssued();
    wx.sim.invalidateTokens();
    wx.sim.tokenDelayMs(200);

    JsonObject menu = new JsonObject().put("button", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("type", "click").put("name", "测试").put("key", "HELP")));
    TestNode.await(Future.all(one.call(HttpMethod.POST, "/cgi-bin/menu/create", menu),
        two.call(HttpMethod.POST, "/cgi-bin/menu/create", menu)));

    assertThat(wx.sim.tokensIssued() - before).isEqualTo(1);
  }

  @Test
  void anApprovalResultReachesTheBoundTeacherAsATemplateMessage() {
    long teacher = bindFirstTeacher(0, "o-approval");
    int before = wx.sim.templates().size();

    notify(teacher, "approval_result", "学分申报已通过", "您提交的学分申报已审核通过。",
        "/h5/approvals/42", "approval:42:final");

    eventually(5_000, () -> assertThat(wx.sim.templates()).hasSize(before + 1));
    JsonObject sent = wx.sim.templates().get(before);
    assertThat(sent.getString("touser")).isEqualTo("o-approval");
    assertThat(sent.getString("template_id")).isEqualTo("tpl-approval-result");
    assertThat(sent.getJsonObject("data").getJsonObject("first").getString("value"))
        .isEqualTo("学分申报已通过");
    assertThat(sent.getString("url")).isEqualTo(wx.settings.publicBaseUrl()
        + "/api/wechat/oauth/start?redirect=%2Fh5%2Fapprovals%2F42");
  }

  @Test
  void aBusyWeChatIsRetriedWithBackoff() {
    long teacher = bindFirstTeacher(1, "o-busy");
    int before = wx.sim.templates().size();
    int busyBefore = wx.sim.busyAnswersGiven();
    wx.sim.failNextWithBusy(2);

    notify(teacher, "forum_reply", "您的帖子有新回复", "李老师回复了您的帖子。", "/h5/forum/7",
        "forum:7:reply:3");

    eventually(5_000, () -> assertThat(wx.sim.templates()).hasSize(before + 1));
    assertThat(wx.sim.busyAnswersGiven() - busyBefore).isEqualTo(2);
    assertThat(wx.sim.templates().get(before).getString("template_id"))
        .isEqualTo("tpl-forum-reply");
  }

  @Test
  void aTeacherGetsAtMostTheHourlyLimitAndUnboundTeachersNone() throws Exception {
    long teacher = bindFirstTeacher(2, "o-limited");
    long unbound = teacherIds().get(3);
    int before = wx.sim.templates().size();

    for (int i = 0; i < 5; i++) {
      notify(teacher, "deadline", "学习截止提醒 " + i, "距截止还有 3 天。", null, "deadline:" + i);
      notify(unbound, "deadline", "学习截止提醒 " + i, "距截止还有 3 天。", null, "deadline:u" + i);
    }

    eventually(5_000, () -> assertThat(wx.node.queryLong(
        "select count(*) from message where dedupe_key like 'deadline:%'")).isEqualTo(10));
    Thread.sleep(500);
    List<JsonObject> sent = wx.sim.templates().subList(before, wx.sim.templates().size());
    assertThat(sent).hasSize(3);
    assertThat(sent).allMatch(t -> t.getString("touser").equals("o-limited"));
  }

  private static void notify(long user, String kind, String title, String body, String link,
      String dedupeKey) {
    new Notifier(platform.vertx().eventBus())
        .send(new Notice(user, kind, title, body, link, dedupeKey));
  }

  private static long bindFirstTeacher(int index, String openid) {
    long id = teacherIds().get(index);
    wx.node.execute("insert into wechat_binding (account_id, openid) values (?, ?)", id, openid);
    return id;
  }

  private static List<Long> teacherIds() {
    List<Long> ids = new ArrayList<>();
    try (var connection = wx.node.jdbc(); var statement = connection.createStatement();
        var rows = statement.executeQuery("select account_id from account_role "
            + "where role = 'TEACHER' order by account_id limit 10 offset 20")) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }
}
