package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class LoginTest {

  private static TestNode node;
  private static TestClient api;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("auth.maxFailuresPerAccount", "3",
        "auth.maxFailuresPerAddress", "1000"));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Reply login(String id, String password) {
    return api.post("/api/auth/login", null,
        new JsonObject().put("idNumber", id).put("password", password));
  }

  @Test
  void demoTeacherLogsInAndSeesMaskedProfile() {
    Reply reply = login(Demo.TEACHER, TestNode.DEMO_PASSWORD);

    assertThat(reply.status()).isEqualTo(200);
    JsonObject body = reply.json();
    assertThat(body.getString("accessToken")).isNotBlank();
    assertThat(body.getString("refreshToken")).isNotBlank();
    assertThat(body.getInteger("expiresIn")).isEqualTo(900);
    JsonObject user = body.getJsonObject("user");
    assertThat(user.getString("idNumberMasked")).isEqualTo("220102********0019");
    assertThat(user.getJsonArray("roles").getList()).containsExactly("TEACHER");
    assertThat(user.getJsonObject("org").getString("districtName")).isEqualTo("南关区");

    Reply me = api.get("/api/me", body.getString("accessToken"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("name")).isEqualTo("王晓梅");
    assertThat(me.raw().toString()).doesNotContain(Demo.TEACHER);
  }

  @Test
  void wrongPasswordAndUnknownIdGetTheSameAnswer() {
    Reply wrong = login(Demo.TUTOR, "Wrong-password-1");
    Reply unknown = login("110101199003070011", "Wrong-password-1");

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json()).isEqualTo(unknown.json());
    assertThat(wrong.error()).isEqualTo("bad_credentials");
  }

  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource({
      "220102198503120018, invalid_id_number",
      "220102850312001, invalid_id_number",
      "22010219850312001A, invalid_id_number",
      "abc, invalid_id_number",
      "'', missing_field"})
  void malformedIdNumbersAreRefusedWithAClearMessage(String id, String code) {
    Reply reply = login(id, "whatever-1A");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(code);
    assertThat(reply.json().getString("message")).isNotBlank();
  }

  @ParameterizedTest(name = "typed as [{0}]")
  @CsvSource({
      "'  220102198503120019  '",
      "２２０１０２１９８５０３１２００１９"})
  void typingVariantsReachTheSameAccount(String typed) {
    assertThat(login(typed, TestNode.DEMO_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void lowerCaseAndFullWidthXReachTheSameAccount() {
    String withX = node.queryLong("select count(*) from account where id_number like '%X'") > 0
        ? firstIdEndingInX() : null;
    assertThat(withX).isNotNull();
    String lower = withX.substring(0, 17) + "x";
    String fullWidth = withX.substring(0, 17) + "Ｘ";

    assertThat(login(lower, TestNode.TEACHER_PASSWORD).status()).isEqualTo(200);
    assertThat(login(fullWidth, TestNode.TEACHER_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void repeatedFailuresLockTheAccountWith423EvenForTheRightPassword() {
    Reply lockingOne = null;
    for (int i = 0; i < 3; i++) {
      lockingOne = login(Demo.HR_ADMIN, "Wrong-password-" + i);
    }

    Reply locked = login(Demo.HR_ADMIN, TestNode.DEMO_PASSWORD);

    assertThat(locked.status()).isEqualTo(423);
    assertThat(locked.error()).isEqualTo("account_locked");
    assertThat(locked.header("Retry-After")).isEqualTo("900");
    assertThat(lockingOne.status()).isEqualTo(423);
    assertThat(lockingOne.json().getString("message")).isEqualTo(locked.json()
        .getString("message"));
  }

  @Test
  void unknownIdNumbersLockTheSameWaySoExistenceIsNotRevealed() {
    String unknown = IdNumber.of("11010119900307005").value();
    for (int i = 0; i < 3; i++) {
      login(unknown, "Wrong-password-" + i);
    }

    assertThat(login(unknown, "x").status()).isEqualTo(423);
  }

  @Test
  void behindTheProxyFailuresCountPerForwardedAddressNotForEveryone() {
    // The test client connects from 127.0.0.1, a trusted proxy: its X-Forwarded-For counts.
    String unknown = IdNumber.of("11010119900307009").value();
    for (int i = 0; i < 3; i++) {
      var failure = node.client().web().post("/api/auth/login")
          .putHeader("X-Forwarded-For", "203.0.113.7")
          .sendJsonObject(new JsonObject().put("idNumber", unknown).put("password", "x" + i));
      TestClient.reply(failure);
    }

    assertThat(redisKeyExists("fail:addr:203.0.113.7"))
        .as("failures are counted for the forwarded address").isTrue();
  }

  private static boolean redisKeyExists(String family) {
    var keys = node.node().platform().keys();
    return TestNode.await(node.node().platform().redis()
        .exists(java.util.List.of(keys.of(family)))).toInteger() > 0;
  }

  @Test
  void brokenJsonWrongTypesAndOversizedBodiesAre4xxNever500() {
    Reply broken = api.raw(HttpMethod.POST, "/api/auth/login", null, "application/json",
        Buffer.buffer("{\"idNumber\": "));
    Reply wrongType = api.post("/api/auth/login", null,
        new JsonObject().put("idNumber", 220102198503120019L).put("password", "x"));
    Reply array = api.raw(HttpMethod.POST, "/api/auth/login", null, "application/json",
        Buffer.buffer("[1,2]"));
    Reply huge = api.raw(HttpMethod.POST, "/api/auth/login", null, "application/json",
        Buffer.buffer("{\"idNumber\":\"" + "1".repeat(200_000) + "\"}"));

    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.error()).isEqualTo("malformed_json");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().getString("field")).isEqualTo("idNumber");
    assertThat(wrongType.json().getString("message")).as("people read the field's Chinese name")
        .isEqualTo("身份证号必须是文本");
    assertThat(login(Demo.TEACHER, "").json().getString("message"))
        .isEqualTo("缺少必填项：密码");
    assertThat(array.status()).isEqualTo(400);
    assertThat(huge.status()).isEqualTo(413);
  }

  @Test
  void protectedRoutesNeedAValidToken() {
    assertThat(api.get("/api/me", null).status()).isEqualTo(401);
    assertThat(api.get("/api/me", "not-a-token").status()).isEqualTo(401);
    assertThat(api.get("/api/me", null).error()).isEqualTo("unauthorized");
    assertThat(api.get("/api/me", "not-a-token").error()).isEqualTo("token_invalid");
  }

  @Test
  void anExpiredTokenIsToldApartFromAForgedOne() {
    long now = System.currentTimeMillis() / 1000;
    String expired = node.node().platform().jwt().generateToken(new JsonObject()
            .put("sub", "1").put("name", "x").put("roles", new io.vertx.core.json.JsonArray())
            .put("org", 1).put("scope", "/1/").put("iat", now - 120).put("exp", now - 60),
        new io.vertx.ext.auth.JWTOptions().setAlgorithm("HS256"));
    String forged = expired.substring(0, expired.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

    assertThat(api.get("/api/me", expired).status()).isEqualTo(401);
    assertThat(api.get("/api/me", expired).error()).isEqualTo("token_expired");
    assertThat(api.get("/api/me", forged).error()).isEqualTo("token_invalid");
  }

  private static String firstIdEndingInX() {
    try (var connection = node.jdbc(); var statement = connection.createStatement();
        var rows = statement.executeQuery("select a.id_number from account a join account_role r "
            + "on r.account_id = a.id and r.role = 'TEACHER' where a.id_number like '%X' "
            + "order by a.id limit 1")) {
      rows.next();
      return rows.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
