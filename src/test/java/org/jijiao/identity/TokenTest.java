package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TokenTest {

  private static TestNode node;
  private static TestClient api;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("auth.refreshGraceSeconds", "5"));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject loginPair(String id, String password) {
    Reply reply = api.post("/api/auth/login", null,
        new JsonObject().put("idNumber", id).put("password", password));
    assertThat(reply.status()).isEqualTo(200);
    return reply.json();
  }

  private static Reply refresh(String token) {
    return api.post("/api/auth/refresh", null, new JsonObject().put("refreshToken", token));
  }

  @Test
  void refreshRotatesTheTokenAndTheNewPairWorks() {
    JsonObject first = loginPair(Demo.TEACHER, TestNode.DEMO_PASSWORD);

    Reply rotated = refresh(first.getString("refreshToken"));

    assertThat(rotated.status()).isEqualTo(200);
    String newRefresh = rotated.json().getString("refreshToken");
    assertThat(newRefresh).isNotEqualTo(first.getString("refreshToken"));
    assertThat(api.get("/api/me", rotated.json().getString("accessToken")).status())
        .isEqualTo(200);
    assertThat(refresh(newRefresh).status()).isEqualTo(200);
  }

  @Test
  void parallelRefreshesOfOneTokenGetTheSameNewPair() {
    JsonObject first = loginPair(Demo.COURSE_LEAD, TestNode.DEMO_PASSWORD);
    JsonObject body = new JsonObject().put("refreshToken", first.getString("refreshToken"));

    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(api.web().post("/api/auth/refresh").sendJsonObject(body));
    }
    TestNode.await(Future.join(calls));

    List<String> tokens = calls.stream().map(f -> f.result())
        .peek(r -> assertThat(r.statusCode()).isEqualTo(200))
        .map(r -> r.bodyAsJsonObject().getString("refreshToken"))
        .distinct().toList();
    assertThat(tokens).hasSize(1);
  }

  @Test
  void reusingARotatedTokenAfterTheGraceWindowRevokesTheWholeFamily() throws Exception {
    JsonObject first = loginPair(Demo.TUTOR, TestNode.DEMO_PASSWORD);
    String newer = refresh(first.getString("refreshToken")).json().getString("refreshToken");

    Thread.sleep(6_000);
    Reply reuse = refresh(first.getString("refreshToken"));

    assertThat(reuse.status()).isEqualTo(401);
    assertThat(reuse.error()).isEqualTo("invalid_refresh_token");
    assertThat(refresh(newer).status()).as("the thief's sibling token is revoked too")
        .isEqualTo(401);
  }

  @Test
  void logoutRevokesTheRefreshToken() {
    JsonObject pair = loginPair(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);

    Reply logout = api.post("/api/auth/logout", pair.getString("accessToken"),
        new JsonObject().put("refreshToken", pair.getString("refreshToken")));

    assertThat(logout.status()).isEqualTo(204);
    assertThat(refresh(pair.getString("refreshToken")).status()).isEqualTo(401);
  }

  @Test
  void unknownRefreshTokenIs401() {
    assertThat(refresh("no-such-token").status()).isEqualTo(401);
  }

  @Test
  void forcedPasswordChangeBlocksEverythingElseUntilDone() {
    node.execute("update account set must_change_password = true where id_number = ?",
        Demo.INSTITUTION_ADMIN);
    JsonObject pair = loginPair(Demo.INSTITUTION_ADMIN, TestNode.DEMO_PASSWORD);
    String token = pair.getString("accessToken");
    assertThat(pair.getJsonObject("user").getBoolean("mustChangePassword")).isTrue();

    Reply blocked = api.get("/api/admin/orgs", token);
    Reply weak = api.post("/api/auth/password", token, new JsonObject()
        .put("oldPassword", TestNode.DEMO_PASSWORD).put("newPassword", "abcdefgh"));
    Reply wrongOld = api.post("/api/auth/password", token, new JsonObject()
        .put("oldPassword", "nope").put("newPassword", "Better#Pass2026"));
    Reply changed = api.post("/api/auth/password", token, new JsonObject()
        .put("oldPassword", TestNode.DEMO_PASSWORD).put("newPassword", "Better#Pass2026"));

    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.error()).isEqualTo("password_change_required");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.error()).isEqualTo("weak_password");
    assertThat(wrongOld.status()).isEqualTo(400);
    assertThat(changed.status()).isEqualTo(200);
    String fresh = changed.json().getString("accessToken");
    assertThat(api.get("/api/admin/orgs", fresh).status()).isEqualTo(200);
    assertThat(api.post("/api/auth/login", null, new JsonObject()
        .put("idNumber", Demo.INSTITUTION_ADMIN).put("password", "Better#Pass2026")).status())
        .isEqualTo(200);
  }
}
