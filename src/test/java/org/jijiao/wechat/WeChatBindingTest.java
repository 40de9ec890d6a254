package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binding end to end: our OAuth start → the simulator's authorize page → back to us. */
@Timeout(120)
class WeChatBindingTest {

  private static WeChatFixture wx;
  private static TestClient api;

  @BeforeAll
  static void start() {
    wx = WeChatFixture.start(Map.of());
    api = wx.node.client();
  }

  @AfterAll
  static void stop() {
    wx.close();
  }

  @Test
  void aTeacherBindsOnceAndAfterwardsEntersLoggedIn() {
    JsonObject first = enter("o-wang", "/h5/trainings");

    assertThat(first.getBoolean("bound")).isFalse();
    assertThat(first.getString("redirect")).isEqualTo("/h5/trainings");
    Reply bound = api.post("/api/wechat/bind", null, new JsonObject()
        .put("ticket", first.getString("bindTicket"))
        .put("idNumber", Demo.TEACHER).put("password", TestNode.DEMO_PASSWORD));
    assertThat(bound.status()).isEqualTo(200);
    assertThat(bound.json().getString("accessToken")).isNotBlank();
    assertThat(api.get("/api/me", bound.json().getString("accessToken")).json()
        .getString("name")).isEqualTo("王晓梅");
    assertThat(wx.node.queryLong("select count(*) from wechat_binding b join account a "
        + "on a.id = b.account_id where b.openid = 'o-wang' and a.id_number = ?", Demo.TEACHER))
        .isEqualTo(1);

    JsonObject again = enter("o-wang", "/h5/credits");

    assertThat(again.getBoolean("bound")).isTrue();
    assertThat(again.getString("redirect")).isEqualTo("/h5/credits");
    assertThat(again.getString("refreshToken")).isNotBlank();
    Reply me = api.get("/api/me", again.getString("accessToken"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("name")).isEqualTo("王晓梅");
    assertThat(api.get("/api/wechat/binding", again.getString("accessToken")).json()
        .getBoolean("bound")).isTrue();
  }

  @Test
  void oneOpenidPerAccountAndOneAccountPerOpenid() {
    JsonObject tutor = enter("o-tutor", "/h5/");
    assertThat(bind(tutor, Demo.TUTOR).status()).isEqualTo(200);

    Reply secondWeChat = bind(enter("o-tutor-2", "/h5/"), Demo.TUTOR);
    // A bound openid enters logged in and gets no ticket; a raw OAuth code is the only way
    // to try binding it again.
    assertThat(enter("o-tutor", "/h5/").getBoolean("bound")).isTrue();
    Reply otherAccount = api.post("/api/wechat/bind", null, new JsonObject()
        .put("code", codeFor("o-tutor"))
        .put("idNumber", Demo.COURSE_LEAD).put("password", TestNode.DEMO_PASSWORD));

    assertThat(secondWeChat.status()).isEqualTo(409);
    assertThat(secondWeChat.error()).isEqualTo("account_already_bound");
    assertThat(otherAccount.status()).isEqualTo(409);
    assertThat(otherAccount.error()).isEqualTo("openid_already_bound");
    assertThat(wx.node.queryLong("select count(*) from wechat_binding where openid in "
        + "('o-tutor', 'o-tutor-2')")).isEqualTo(1);
  }

  @Test
  void bindingTwiceWithTheSameOpenidAndAccountIsHarmless() {
    assertThat(bind(enter("o-hr", "/h5/"), Demo.HR_ADMIN).status()).isEqualTo(200);
    // A code straight from OAuth also works in place of a ticket.
    String code = codeFor("o-hr");
    Reply again = api.post("/api/wechat/bind", null, new JsonObject().put("code", code)
        .put("idNumber", Demo.HR_ADMIN).put("password", TestNode.DEMO_PASSWORD));

    assertThat(again.status()).isEqualTo(200);
    assertThat(wx.node.queryLong("select count(*) from wechat_binding where openid = 'o-hr'"))
        .isEqualTo(1);
  }

  @Test
  void aWrongPasswordDoesNotBindAndTheTicketStaysUsable() {
    JsonObject entry = enter("o-district", "/h5/");
    Reply wrong = api.post("/api/wechat/bind", null, new JsonObject()
        .put("ticket", entry.getString("bindTicket"))
        .put("idNumber", Demo.DISTRICT_ADMIN).put("password", "Wrong-password-1"));

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.error()).isEqualTo("bad_credentials");
    assertThat(wx.node.queryLong("select count(*) from wechat_binding where openid = 'o-district'"))
        .isZero();
    assertThat(bind(entry, Demo.DISTRICT_ADMIN).status()).isEqualTo(200);
  }

  @Test
  void unbindingMakesTheNextEntryAskForBindingAgain() {
    JsonObject entry = enter("o-school", "/h5/");
    String token = bind(entry, Demo.SCHOOL_ADMIN).json().getString("accessToken");

    Reply unbound = api.post("/api/wechat/unbind", token, new JsonObject());
    Reply anonymous = api.post("/api/wechat/unbind", null, new JsonObject());

    assertThat(unbound.status()).isEqualTo(200);
    assertThat(unbound.json().getBoolean("bound")).isFalse();
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(enter("o-school", "/h5/").getBoolean("bound")).isFalse();
  }

  @Test
  void aPasswordChangeEndsTheBindingMadeWithTheOldPassword() {
    String idNumber = generatedTeacherIdNumber();
    JsonObject entry = enter("o-leaked", "/h5/");
    Reply bound = api.post("/api/wechat/bind", null, new JsonObject()
        .put("ticket", entry.getString("bindTicket"))
        .put("idNumber", idNumber).put("password", TestNode.TEACHER_PASSWORD));
    assertThat(bound.status()).isEqualTo(200);
    assertThat(enter("o-leaked", "/h5/").getBoolean("bound")).isTrue();

    Reply changed = api.post("/api/auth/password", bound.json().getString("accessToken"),
        new JsonObject().put("oldPassword", TestNode.TEACHER_PASSWORD)
            .put("newPassword", "Fresh#Pass2026"));
    JsonObject after = enter("o-leaked", "/h5/");

    assertThat(changed.status()).isEqualTo(200);
    assertThat(after.getBoolean("bound")).as("whoever bound must prove the new password")
        .isFalse();
    assertThat(after.getString("bindTicket")).isNotBlank();
    assertThat(wx.node.queryLong("select count(*) from wechat_binding where openid = 'o-leaked'"))
        .isZero();
  }

  private static String generatedTeacherIdNumber() {
    return wx.node.queryString("select a.id_number from account a join account_role r"
        + " on r.account_id = a.id and r.role = 'TEACHER' where a.id > 100"
        + " order by a.id desc limit 1");
  }


  @Test
  void aStateIsGoodForOneRoundAndABadTicketOrCodeIsRefused() {
    URI authorize = URI.create(startLocation("/h5/"));
    Map<String, String> back = follow(authorize, "o-replay");
    String path = "/api/wechat/oauth/callback?code=" + back.get("code") + "&state="
        + back.get("state");

    assertThat(api.get(path, null).status()).isEqualTo(200);
    assertThat(api.get(path, null).error()).isEqualTo("invalid_state");
    assertThat(api.post("/api/wechat/bind", null, new JsonObject().put("ticket", "nope")
        .put("idNumber", Demo.TEACHER).put("password", "x")).error())
        .isEqualTo("invalid_ticket");
    assertThat(api.post("/api/wechat/bind", null, new JsonObject().put("code", "nope")
        .put("idNumber", Demo.TEACHER).put("password", "x")).error())
        .isEqualTo("invalid_code");
  }

  @ParameterizedTest(name = "redirect={0}")
  @ValueSource(strings = {"https://evil.example/", "//evil.example/x", "javascript:alert(1)"})
  void theStartPageOnlyRedirectsToOurOwnPages(String redirect) {
    Reply reply = api.get("/api/wechat/oauth/start?redirect=" + redirect, null);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("field")).isEqualTo("redirect");
  }

  @Test
  void theAuthorizeUrlAsksForSilentOpenidOnlyAndReturnsToTheLandingPage() {
    String location = startLocation("/h5/");
    Map<String, String> query = query(URI.create(location));

    assertThat(location).startsWith(wx.sim.baseUrl() + "/connect/oauth2/authorize?")
        .endsWith("#wechat_redirect");
    assertThat(query.get("scope")).isEqualTo("snsapi_base");
    assertThat(query.get("appid")).isEqualTo(wx.settings.appId());
    assertThat(query.get("redirect_uri"))
        .isEqualTo(wx.settings.publicBaseUrl() + "/h5/wechat-entry");
  }

  @Test
  void theJsSdkSignatureVerifiesWithTheTicketAndTheTicketIsCached() {
    String page = wx.settings.publicBaseUrl() + "/h5/scan?x=1";

    Reply first = api.get("/api/wechat/jssdk?url=" + enc(page + "#frag"), null);
    Reply second = api.get("/api/wechat/jssdk?url=" + enc(page), null);
    Reply foreign = api.get("/api/wechat/jssdk?url=" + enc("https://evil.example/"), null);

    assertThat(first.status()).isEqualTo(200);
    JsonObject c = first.json();
    assertThat(c.getString("url")).isEqualTo(page);
    assertThat(c.getString("signature")).isEqualTo(JsSdk.sign(wx.sim.lastTicket(),
        c.getString("nonceStr"), c.getLong("timestamp"), page));
    assertThat(second.status()).isEqualTo(200);
    assertThat(wx.sim.ticketsIssued()).isEqualTo(1);
    assertThat(foreign.status()).isEqualTo(400);
  }

  @Test
  void aSysAdminPushesTheConfiguredMenuAndOthersMayNot() {
    String teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    String admin = api.login(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);

    Reply refused = api.post("/api/admin/wechat/menu", teacher, new JsonObject());
    Reply pushed = api.post("/api/admin/wechat/menu", admin, new JsonObject());

    assertThat(refused.status()).isEqualTo(403);
    assertThat(pushed.status()).isEqualTo(200);
    JsonObject menu = wx.sim.menus().get(wx.sim.menus().size() - 1);
    JsonObject education = menu.getJsonArray("button").getJsonObject(0);
    assertThat(education.getString("name")).isEqualTo("教师教育");
    JsonObject enroll = education.getJsonArray("sub_button").getJsonObject(0);
    assertThat(enroll.getString("name")).contains("全员培训").contains("报名");
    assertThat(enroll.getString("url")).isEqualTo(wx.settings.publicBaseUrl()
        + "/api/wechat/oauth/start?redirect=%2Fh5%2Ftrainings");
    assertThat(menu.encode()).contains("进入学习", "学分查询", "通知公告", "个人中心");
    assertThat(wx.node.queryLong("select count(*) from audit_log where action = "
        + "'wechat_menu_push'")).isEqualTo(1);
  }

  // ---- the WeChat browser, played by the test -------------------------------------------

  /** Opens a page from WeChat as {@code openid}: start → authorize → our callback API. */
  static JsonObject enter(String openid, String page) {
    Map<String, String> back = follow(URI.create(startLocation(page)), openid);
    Reply done = api.get("/api/wechat/oauth/callback?code=" + back.get("code") + "&state="
        + back.get("state"), null);
    assertThat(done.status()).isEqualTo(200);
    return done.json();
  }

  private static String codeFor(String openid) {
    return follow(URI.create(startLocation("/h5/")), openid).get("code");
  }

  /** Our start page's redirect (not followed: the test plays the browser step by step). */
  private static String startLocation(String page) {
    Reply start = TestClient.reply(api.web().get("/api/wechat/oauth/start?redirect=" + enc(page))
        .followRedirects(false).send());
    assertThat(start.status()).isEqualTo(302);
    return start.header("Location");
  }

  /** The simulator's authorize page redirects to our landing page with code and state. */
  private static Map<String, String> follow(URI authorize, String openid) {
    String url = authorize.toString().replace("#wechat_redirect", "") + "&openid=" + openid;
    Reply reply = TestClient.reply(api.web().getAbs(url).followRedirects(false).send());
    assertThat(reply.status()).isEqualTo(302);
    URI landing = URI.create(reply.header("Location"));
    assertThat(landing.getPath()).isEqualTo("/h5/wechat-entry");
    return query(landing);
  }

  private static Reply bind(JsonObject entry, String idNumber) {
    return api.post("/api/wechat/bind", null, new JsonObject()
        .put("ticket", entry.getString("bindTicket"))
        .put("idNumber", idNumber).put("password", TestNode.DEMO_PASSWORD));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
