package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jijiao.testing.Demo;
import org.jijiao.testing.Fixtures;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariant: once a logout, a password change, a password reset, a transfer or a role change
 * is answered, no access token the account held before it is accepted again, on this node or
 * on a node that never saw the token; a sign-out everywhere also ends every refresh token.
 */
@Timeout(120)
class SessionRevocationTest {

  private static TestNode node;
  private static TestClient api;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject login(TestClient client, String id, String password) {
    Reply reply = client.post("/api/auth/login", null,
        new JsonObject().put("idNumber", id).put("password", password));
    assertThat(reply.status()).isEqualTo(200);
    return reply.json();
  }

  private static Reply refresh(JsonObject pair) {
    return api.post("/api/auth/refresh", null,
        new JsonObject().put("refreshToken", pair.getString("refreshToken")));
  }

  private static Reply me(JsonObject pair) {
    return api.get("/api/me", pair.getString("accessToken"));
  }

  @Test
  void logoutEndsTheAccessTokenAtOnceAndOtherDevicesRefreshBackIn() {
    JsonObject phone = login(api, Demo.TUTOR, TestNode.DEMO_PASSWORD);
    JsonObject pc = login(api, Demo.TUTOR, TestNode.DEMO_PASSWORD);
    assertThat(me(phone).status()).isEqualTo(200);
    assertThat(me(pc).status()).isEqualTo(200);

    Reply logout = api.post("/api/auth/logout", phone.getString("accessToken"),
        new JsonObject().put("refreshToken", phone.getString("refreshToken")));

    assertThat(logout.status()).isEqualTo(204);
    assertThat(me(phone).status()).isEqualTo(401);
    assertThat(me(phone).error()).isEqualTo("token_revoked");
    assertThat(refresh(phone).status()).isEqualTo(401);
    assertThat(me(pc).status()).isEqualTo(401);
    Reply back = refresh(pc);
    assertThat(back.status()).isEqualTo(200);
    assertThat(me(back.json()).status()).isEqualTo(200);
  }

  @Test
  void aPasswordChangeSignsOutEveryOtherSessionButKeepsTheNewPair() {
    long teacher = Fixtures.teachers(node, 1).get(0);
    String idNumber = idNumberOf(teacher);
    JsonObject here = login(api, idNumber, TestNode.TEACHER_PASSWORD);
    JsonObject elsewhere = login(api, idNumber, TestNode.TEACHER_PASSWORD);

    Reply changed = api.post("/api/auth/password", here.getString("accessToken"),
        new JsonObject().put("oldPassword", TestNode.TEACHER_PASSWORD)
            .put("newPassword", "Another#Pass2026"));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(me(changed.json()).status()).isEqualTo(200);
    assertThat(refresh(changed.json()).status()).isEqualTo(200);
    assertThat(me(here).status()).isEqualTo(401);
    assertThat(me(elsewhere).status()).isEqualTo(401);
    assertThat(refresh(elsewhere).status()).isEqualTo(401);
    assertThat(refresh(elsewhere).error()).isEqualTo("invalid_refresh_token");
  }

  @Test
  void anAdminsPasswordResetSignsTheTeacherOutEverywhere() {
    long teacher = Fixtures.teachers(node, 2).get(1);
    JsonObject session = login(api, idNumberOf(teacher), TestNode.TEACHER_PASSWORD);
    String admin = api.login(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);

    Reply reset = api.post("/api/admin/teachers/" + teacher + "/reset-password", admin,
        new JsonObject());

    assertThat(reset.status()).isEqualTo(200);
    assertThat(me(session).status()).isEqualTo(401);
    assertThat(refresh(session).status()).isEqualTo(401);
    assertThat(api.get("/api/me", admin).status()).as("the admin is untouched").isEqualTo(200);
  }

  @Test
  void aNodeThatNeverSawTheTokenStillRefusesItAfterARevocationElsewhere() {
    JsonObject pair = login(api, Demo.COURSE_LEAD, TestNode.DEMO_PASSWORD);
    // Same database and Redis prefix, no shared event bus: the second node can only learn
    // of the revocation from Redis.
    TestNode other = TestNode.start(Map.of(
        "pg.database", node.settings().pg().database(),
        "redis.keyPrefix", node.settings().redis().keyPrefix()));
    try {

      Reply logout = api.post("/api/auth/logout", pair.getString("accessToken"),
          new JsonObject().put("refreshToken", pair.getString("refreshToken")));
      Reply old = other.client().get("/api/me", pair.getString("accessToken"));
      JsonObject later = login(api, Demo.COURSE_LEAD, TestNode.DEMO_PASSWORD);
      Reply fresh = other.client().get("/api/me", later.getString("accessToken"));

      assertThat(logout.status()).isEqualTo(204);
      assertThat(old.status()).isEqualTo(401);
      assertThat(old.error()).isEqualTo("token_revoked");
      assertThat(fresh.status()).as("issued after the logout").isEqualTo(200);
    } finally {
      // Only the node stops: the database is the first node's, dropped when it closes.
      TestNode.await(other.node().stop());
    }
  }

  @Test
  void aTokenWhoseAccountWasReadBeforeTheRevocationIsRefusedEvenIfSignedAfter() {
    long teacher = Fixtures.teachers(node, 3).get(2);
    var platform = node.node().platform();
    TokenService tokens = new TokenService(platform.jwt(), platform.redis(), platform.keys(),
        platform.settings().auth());
    Principal principal = new Principal(teacher, "教师", java.util.EnumSet.of(Role.TEACHER), 1L,
        "/1/", false);
    long readBefore = System.currentTimeMillis() - 5;

    long at = TestNode.await(platform.revocations().revokeEverywhere(teacher, "test"));
    JsonObject signedLater = TestNode.await(tokens.issue(principal, readBefore));
    JsonObject readAfter = TestNode.await(tokens.issue(principal, at + 1));

    assertThat(me(signedLater).status()).isEqualTo(401);
    assertThat(refresh(signedLater).status()).isEqualTo(401);
    assertThat(me(readAfter).status()).isEqualTo(200);
    assertThat(refresh(readAfter).status()).isEqualTo(200);
  }

  @Test
  void aLogoutWithSomeoneElsesRefreshTokenEndsOnlyTheCallersOwnTokens() {
    JsonObject victim = login(api, Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    JsonObject caller = login(api, Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);

    Reply logout = api.post("/api/auth/logout", caller.getString("accessToken"),
        new JsonObject().put("refreshToken", victim.getString("refreshToken")));
    Reply noBody = api.post("/api/auth/logout", login(api, Demo.DISTRICT_ADMIN,
        TestNode.DEMO_PASSWORD).getString("accessToken"), null);

    assertThat(logout.status()).isEqualTo(204);
    assertThat(noBody.status()).isEqualTo(204);
    assertThat(me(caller).status()).isEqualTo(401);
    assertThat(me(victim).status()).as("someone else's session is untouched").isEqualTo(200);
    assertThat(refresh(victim).status()).isEqualTo(200);
  }

  @Test
  void guessingTheOldPasswordWithAStolenTokenLocksLikeFailedLogins() {
    long teacher = Fixtures.teachers(node, 4).get(3);
    JsonObject stolen = login(api, idNumberOf(teacher), TestNode.TEACHER_PASSWORD);
    Reply last = null;

    for (int i = 0; i < 5; i++) {
      last = api.post("/api/auth/password", stolen.getString("accessToken"), new JsonObject()
          .put("oldPassword", "Guess#" + i + "abc").put("newPassword", "Taken#Over2026"));
    }
    Reply right = api.post("/api/auth/password", stolen.getString("accessToken"),
        new JsonObject().put("oldPassword", TestNode.TEACHER_PASSWORD)
            .put("newPassword", "Taken#Over2026"));

    assertThat(last.status()).isEqualTo(423);
    assertThat(right.status()).as("locked even with the right password").isEqualTo(423);
    assertThat(right.header("Retry-After")).isNotBlank();
  }

  private static String idNumberOf(long account) {
    return node.queryString("select id_number from account where id = ?", account);
  }

}
