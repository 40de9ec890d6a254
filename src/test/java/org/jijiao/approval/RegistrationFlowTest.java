package org.jijiao.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Teacher self-registration through every level (school → district → HR), and the engine's
 * guarantees shown on it: scope and level checks, the race of two reviewers, retried
 * decisions, batch decisions, inbox counts and the audit trail.
 */
@Timeout(180)
class RegistrationFlowTest {

  private static TestNode node;
  private static TestClient api;
  private static Fixtures city;
  private static String school;
  private static String district;
  private static String hr;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    city = new Fixtures(node);
    school = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    district = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    hr = api.login(Demo.HR_ADMIN, TestNode.DEMO_PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long register(String idNumber, String name) {
    Reply reply = api.post("/api/registrations", null, city.registration(idNumber, name));
    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(201);
    return reply.json().getLong("id");
  }

  private static Reply decide(String token, long id, String decision, String comment) {
    return api.post("/api/admin/approvals/" + id + "/decision", token,
        new JsonObject().put("decision", decision).put("comment", comment));
  }

  private static Reply login(String idNumber) {
    return api.post("/api/auth/login", null,
        new JsonObject().put("idNumber", idNumber).put("password", "Newbie#2026"));
  }

  @Test
  void registrationPassesSchoolDistrictAndHrAndOnlyThenTheAccountLogsIn() {
    String idNumber = Fixtures.freshIdNumber();
    long id = register(idNumber, "欧阳·𠇔");
    assertThat(login(idNumber).status()).isEqualTo(401);
    assertThat(login(idNumber).error()).isEqualTo("bad_credentials");

    assertThat(decide(school, id, "APPROVE", "本校教师").json().getInteger("nextStep")).isEqualTo(2);
    assertThat(login(idNumber).status()).isEqualTo(401);
    assertThat(decide(district, id, "APPROVE", null).json().getString("status"))
        .isEqualTo("PENDING");
    assertThat(login(idNumber).status()).isEqualTo(401);
    Reply last = decide(hr, id, "APPROVE", "同意");

    assertThat(last.status()).isEqualTo(200);
    assertThat(last.json().getString("status")).isEqualTo("APPROVED");
    assertThat(login(idNumber).status()).isEqualTo(200);
    JsonObject detail = api.get("/api/admin/approvals/" + id, hr).json();
    assertThat(detail.getString("status")).isEqualTo("APPROVED");
    assertThat(detail.getJsonArray("history").stream().map(h -> ((JsonObject) h)
        .getString("decision")).toList()).containsExactly("SUBMIT", "APPROVE", "APPROVE", "APPROVE");
    assertThat(detail.getJsonObject("applicant").getString("name")).isEqualTo("欧阳·𠇔");
    assertThat(detail.encode()).doesNotContain(idNumber);
    assertThat(city.noticesLike("approval:" + id + ":%")).isEqualTo(4);
  }

  @Test
  void eachLevelSeesOnlyWhatWaitsAtItsLevelAndActsOnlyThere() {
    long id = register(Fixtures.freshIdNumber(), "李四");
    long other = city.otherSchoolInDistrict();
    String otherSchool = api.login(city.adminIdNumberOf(other), TestNode.TEACHER_PASSWORD);

    Reply foreign = decide(otherSchool, id, "APPROVE", null);
    Reply tooEarly = decide(district, id, "APPROVE", null);
    Reply teacher = decide(api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD), id, "APPROVE", null);

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.error()).isEqualTo("out_of_scope");
    assertThat(tooEarly.status()).isEqualTo(403);
    assertThat(teacher.status()).isEqualTo(403);
    assertThat(inboxIds(school)).contains(id);
    assertThat(inboxIds(otherSchool)).doesNotContain(id);
    assertThat(inboxIds(district)).doesNotContain(id);
    assertThat(api.get("/api/admin/approvals/" + id, otherSchool).status()).isEqualTo(403);

    decide(school, id, "APPROVE", null);

    assertThat(inboxIds(school)).doesNotContain(id);
    assertThat(inboxIds(district)).contains(id);
    assertThat(inboxIds(hr)).doesNotContain(id);
  }

  @Test
  void rejectionNeedsAReasonAndDisablesThePendingAccount() {
    String idNumber = Fixtures.freshIdNumber();
    long id = register(idNumber, "王五");

    Reply noReason = decide(school, id, "REJECT", " ");
    Reply rejected = decide(school, id, "REJECT", "非本校教师");

    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.error()).isEqualTo("reason_required");
    assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");
    assertThat(node.queryLong("select count(*) from account where id_number = ? "
        + "and status = 'DISABLED'", idNumber)).isEqualTo(1);
    assertThat(login(idNumber).status()).isEqualTo(401);
    assertThat(decide(district, id, "APPROVE", null).status()).isEqualTo(409);
  }

  @Test
  void twoReviewersRacingOnOneStepGetExactlyOneDecision() {
    long demoSchool = city.demoSchool();
    long colleague = city.teacherOf(demoSchool, 3);
    node.execute("insert into account_role (account_id, role, org_id) values (?, 'SCHOOL_ADMIN', ?)",
        colleague, demoSchool);
    String second = api.login(city.idNumberOf(colleague), TestNode.TEACHER_PASSWORD);

    for (int round = 0; round < 5; round++) {
      long id = register(Fixtures.freshIdNumber(), "赛跑" + round);

      List<Integer> statuses = race(id, school, "APPROVE", second, "APPROVE");

      assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
      assertThat(node.queryLong("select count(*) from approval_history where approval_id = ? "
          + "and step = 1", id)).isEqualTo(1);
      assertThat(node.queryLong("select step from approval where id = ?", id)).isEqualTo(2);
      assertThat(inboxIds(district).stream().filter(i -> i == id).count()).isEqualTo(1);
      assertThat(city.noticesLike("approval:" + id + ":step:1:%")).isEqualTo(1);
    }
  }

  @Test
  void oneReviewerInTwoTabsWithDifferentDecisionsGetsOneDecision() {
    long id = register(Fixtures.freshIdNumber(), "两个标签");

    List<Integer> statuses = race(id, school, "APPROVE", school, "REJECT");

    assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    assertThat(node.queryLong("select count(*) from approval_history where approval_id = ? "
        + "and decision in ('APPROVE', 'REJECT')", id)).isEqualTo(1);
    assertThat(city.noticesLike("approval:" + id + ":step:1:%")).isEqualTo(1);
  }

  @Test
  void aRetriedIdenticalDecisionReturnsTheFirstResult() {
    long id = register(Fixtures.freshIdNumber(), "重试");

    Reply first = decide(school, id, "APPROVE", "好");
    Reply again = decide(school, id, "APPROVE", "好");
    Reply changedMind = decide(school, id, "REJECT", "不好");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(changedMind.status()).isEqualTo(409);
    assertThat(changedMind.error()).isEqualTo("already_decided");
    assertThat(node.queryLong("select count(*) from approval_history where approval_id = ?", id))
        .isEqualTo(2);
  }

  @Test
  void batchDecisionAnswersEachItem() {
    long a = register(Fixtures.freshIdNumber(), "批量甲");
    long b = register(Fixtures.freshIdNumber(), "批量乙");
    decide(school, b, "APPROVE", null);

    Reply reply = api.post("/api/admin/approvals/batch", school, new JsonObject()
        .put("ids", new JsonArray().add(a).add(b).add(999_999)).put("decision", "APPROVE")
        .put("comment", "批量通过"));

    assertThat(reply.status()).isEqualTo(200);
    JsonArray items = reply.json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getBoolean("ok")).isTrue();
    assertThat(items.getJsonObject(1).getBoolean("ok")).isTrue();
    assertThat(items.getJsonObject(1).getJsonObject("result").getString("comment")).isNull();
    assertThat(items.getJsonObject(2).getInteger("status")).isEqualTo(404);
    assertThat(reply.json().getLong("succeeded")).isEqualTo(2);
    assertThat(reply.json().getLong("failed")).isEqualTo(1);
  }

  @Test
  void inboxIsPagedFilteredAndCounted() {
    register(Fixtures.freshIdNumber(), "分页一");
    register(Fixtures.freshIdNumber(), "分页二");

    JsonObject page = api.get("/api/admin/approvals/inbox?type=REGISTRATION&page=1&size=1",
        school).json();
    JsonObject transfers = api.get("/api/admin/approvals/inbox?type=TRANSFER", school).json();

    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getLong("total")).isGreaterThanOrEqualTo(2);
    assertThat(page.getJsonObject("counts").getLong("REGISTRATION")).isEqualTo(page.getLong("total"));
    assertThat(transfers.getJsonArray("items")).isEmpty();
    assertThat(api.get("/api/admin/approvals/inbox?type=NOPE", school).status()).isEqualTo(400);
    assertThat(api.get("/api/admin/approvals/inbox", api.login(Demo.TEACHER,
        TestNode.DEMO_PASSWORD)).status()).isEqualTo(403);
  }

  @Test
  void everyStepIsInTheAuditTrailOfTheAdminsInScope() {
    long id = register(Fixtures.freshIdNumber(), "审计");
    decide(school, id, "APPROVE", null);

    JsonArray mine = api.get("/api/admin/audit?action=approval.approve&size=100", school).json()
        .getJsonArray("items");
    JsonArray all = api.get("/api/admin/audit?action=approval.&size=100", district).json()
        .getJsonArray("items");
    String otherSchool = api.login(city.adminIdNumberOf(city.otherSchoolInDistrict()),
        TestNode.TEACHER_PASSWORD);
    JsonArray foreign = api.get("/api/admin/audit?size=100", otherSchool).json()
        .getJsonArray("items");

    assertThat(mine.stream().map(e -> ((JsonObject) e).getString("targetId")))
        .contains(String.valueOf(id));
    assertThat(all.stream().filter(e -> ((JsonObject) e).getString("targetId")
        .equals(String.valueOf(id))).map(e -> ((JsonObject) e).getString("action")))
        .contains("approval.submit", "approval.approve");
    assertThat(foreign.stream().map(e -> ((JsonObject) e).getString("targetId")))
        .doesNotContain(String.valueOf(id));
  }

  @ParameterizedTest(name = "{0} is refused with {1}")
  @CsvSource({
      "idNumber, 220102200301019990, invalid_id_number",
      "password, password, weak_password",
      "phone, 12345, invalid_phone",
      "schoolId, 999999, unknown_school",
      "subjectId, 1, unknown_subject"})
  void badRegistrationsAreRefusedWithTheField(String field, String value, String code) {
    JsonObject body = city.registration(Fixtures.freshIdNumber(), "错误");
    if (field.equals("schoolId") || field.equals("subjectId")) {
      body.put(field, Long.parseLong(value));
    } else {
      body.put(field, value);
    }
    if (field.equals("subjectId")) {
      body.put("stage", "SENIOR");
    }

    Reply reply = api.post("/api/registrations", null, body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(code);
    assertThat(reply.json().getString("field")).isEqualTo(field);
  }

  @Test
  void anIdNumberRegistersOnlyOnce() {
    String idNumber = Fixtures.freshIdNumber();
    register(idNumber, "一次");

    Reply twice = api.post("/api/registrations", null, city.registration(idNumber, "两次"));
    Reply existing = api.post("/api/registrations", null, city.registration(Demo.TEACHER, "老师"));

    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.error()).isEqualTo("already_registered");
    assertThat(existing.status()).isEqualTo(409);
  }

  private static List<Long> inboxIds(String token) {
    Reply reply = api.get("/api/admin/approvals/inbox?size=100", token);
    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    reply.json().getJsonArray("items").forEach(i -> ids.add(((JsonObject) i).getLong("id")));
    return ids;
  }

  /** Both decisions in flight at once, through the asynchronous client. */
  private static List<Integer> race(long id, String tokenA, String decisionA, String tokenB,
      String decisionB) {
    String path = "/api/admin/approvals/" + id + "/decision";
    Future<HttpResponse<Buffer>> a = api.web().post(path).bearerTokenAuthentication(tokenA)
        .sendJsonObject(new JsonObject().put("decision", decisionA).put("comment", "甲"));
    Future<HttpResponse<Buffer>> b = api.web().post(path).bearerTokenAuthentication(tokenB)
        .sendJsonObject(new JsonObject().put("decision", decisionB).put("comment", "乙"));
    TestNode.await(Future.join(a, b));
    return List.of(a.result().statusCode(), b.result().statusCode());
  }
}
