package org.jijiao.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** New school (district → HR), school admin change (HR) and school transfer (both schools). */
@Timeout(180)
class OrganisationFlowsTest {

  private static TestNode node;
  private static TestClient api;
  private static Fixtures city;
  private static String district;
  private static String hr;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    city = new Fixtures(node);
    district = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    hr = api.login(Demo.HR_ADMIN, TestNode.DEMO_PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Reply decide(String token, long id, String decision, String comment) {
    return api.post("/api/admin/approvals/" + id + "/decision", token,
        new JsonObject().put("decision", decision).put("comment", comment));
  }

  @Test
  void aNewSchoolProposedByTheDistrictExistsAfterHrApprovesAndTakesRegistrations() {
    Reply proposed = api.post("/api/admin/school-proposals", district,
        new JsonObject().put("name", "南关区新区实验小学").put("stageCode", "PRIMARY"));
    assertThat(proposed.status()).as(proposed.raw().toString()).isEqualTo(201);
    long id = proposed.json().getLong("id");
    Reply again = api.post("/api/admin/school-proposals", district,
        new JsonObject().put("name", "南关区新区实验小学").put("stageCode", "PRIMARY"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(decide(district, id, "APPROVE", null).status()).isEqualTo(403);

    Reply approved = decide(hr, id, "APPROVE", "同意设立");

    assertThat(approved.json().getString("status")).isEqualTo("APPROVED");
    JsonObject done = api.get("/api/admin/approvals/inbox?status=APPROVED&type=NEW_SCHOOL", hr)
        .json();
    assertThat(done.getLong("total")).isEqualTo(1);
    assertThat(done.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(id);
    JsonObject outcome = api.get("/api/admin/approvals/" + id, hr).json()
        .getJsonObject("outcome");
    long schoolId = outcome.getLong("schoolId");
    assertThat(node.queryLong("select count(*) from org_unit where id = ? and path = "
        + "'/1/' || ? || '/' || ? || '/' and kind = 'SCHOOL'", schoolId, city.demoDistrict(),
        schoolId)).isEqualTo(1);
    JsonObject registration = city.registration(Fixtures.freshIdNumber(), "新校教师")
        .put("schoolId", schoolId);
    assertThat(api.post("/api/registrations", null, registration).status()).isEqualTo(201);
    assertThat(api.post("/api/admin/school-proposals", district,
        new JsonObject().put("name", "南关区新区实验小学").put("stageCode", "PRIMARY")).error())
        .isEqualTo("school_exists");
  }

  @Test
  void aSchoolAdminCannotProposeASchoolAndADistrictCannotProposeInAnother() {
    String school = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    long otherDistrict = node.queryLong("select max(id) from org_unit where kind = 'DISTRICT'");

    assertThat(api.post("/api/admin/school-proposals", school, new JsonObject()
        .put("name", "某校").put("stageCode", "PRIMARY")).status()).isEqualTo(403);
    Reply foreign = api.post("/api/admin/school-proposals", district, new JsonObject()
        .put("districtId", otherDistrict).put("name", "某校").put("stageCode", "PRIMARY"));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.error()).isEqualTo("out_of_scope");
  }

  @Test
  void hrApprovesASchoolAdminChangeAndTheRoleMoves() {
    long schoolId = city.otherSchoolInDistrict();
    String oldAdmin = city.adminIdNumberOf(schoolId);
    long newAdmin = city.teacherOf(schoolId, 0);

    Reply proposed = api.post("/api/admin/school-admin-changes", district,
        new JsonObject().put("schoolId", schoolId).put("accountId", newAdmin));
    assertThat(proposed.status()).as(proposed.raw().toString()).isEqualTo(201);
    long id = proposed.json().getLong("id");
    String heldByOldAdmin = api.login(oldAdmin, TestNode.TEACHER_PASSWORD);
    assertThat(api.get("/api/admin/approvals/inbox", heldByOldAdmin).status()).isEqualTo(200);
    Reply stranger = api.post("/api/admin/school-admin-changes", district,
        new JsonObject().put("schoolId", schoolId).put("accountId", 1));
    assertThat(stranger.status()).isEqualTo(400);

    assertThat(decide(hr, id, "APPROVE", null).json().getString("status")).isEqualTo("APPROVED");

    assertThat(node.queryLong("select count(*) from account_role where role = 'SCHOOL_ADMIN' "
        + "and org_id = ?", schoolId)).isEqualTo(1);
    assertThat(node.queryLong("select account_id from account_role where role = 'SCHOOL_ADMIN' "
        + "and org_id = ?", schoolId)).isEqualTo(newAdmin);
    String token = api.login(city.idNumberOf(newAdmin), TestNode.TEACHER_PASSWORD);
    assertThat(api.get("/api/admin/approvals/inbox", token).status()).isEqualTo(200);
    String demoted = api.login(oldAdmin, TestNode.TEACHER_PASSWORD);
    assertThat(api.get("/api/admin/approvals/inbox", demoted).status()).isEqualTo(403);
    Reply stale = api.get("/api/admin/approvals/inbox", heldByOldAdmin);
    assertThat(stale.status()).as("a token still naming the role").isEqualTo(401);
    assertThat(stale.error()).isEqualTo("token_revoked");
  }

  @Test
  void aTransferIsReviewedByBothSchoolsAndMovesTheTeacher() {
    long from = city.demoSchool();
    long to = city.otherSchoolInDistrict();
    long teacherId = city.teacherOf(from, 5);
    String teacher = api.login(city.idNumberOf(teacherId), TestNode.TEACHER_PASSWORD);
    String fromAdmin = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    String toAdmin = api.login(city.adminIdNumberOf(to), TestNode.TEACHER_PASSWORD);

    long id = api.post("/api/me/transfers", teacher, new JsonObject()
        .put("targetSchoolId", to).put("reason", "家庭住址变更")).json().getLong("id");
    assertThat(api.post("/api/me/transfers", teacher, new JsonObject()
        .put("targetSchoolId", to).put("reason", "再来一次")).error()).isEqualTo("already_pending");
    assertThat(decide(toAdmin, id, "APPROVE", null).status()).isEqualTo(403);
    assertThat(decide(fromAdmin, id, "APPROVE", "同意调出").status()).isEqualTo(200);

    Reply cancelLate = api.post("/api/me/applications/" + id + "/cancel", teacher, null);
    assertThat(cancelLate.status()).isEqualTo(409);
    assertThat(cancelLate.error()).isEqualTo("already_reviewed");
    assertThat(decide(toAdmin, id, "APPROVE", "同意调入").json().getString("status"))
        .isEqualTo("APPROVED");

    assertThat(node.queryLong("select org_id from account where id = ?", teacherId)).isEqualTo(to);
    assertThat(node.queryLong("select org_id from account_role where account_id = ? "
        + "and role = 'TEACHER'", teacherId)).isEqualTo(to);
    Reply stale = api.get("/api/me/applications/" + id, teacher);
    assertThat(stale.status()).as("the old token names the old school").isEqualTo(401);
    assertThat(stale.error()).isEqualTo("token_revoked");
    String moved = api.login(city.idNumberOf(teacherId), TestNode.TEACHER_PASSWORD);
    JsonObject mine = api.get("/api/me/applications/" + id, moved).json();
    assertThat(mine.getString("status")).isEqualTo("APPROVED");
    assertThat(mine.getJsonArray("history")).hasSize(3);
    assertThat(api.get("/api/me/applications", moved).json().getLong("total")).isEqualTo(1);
    assertThat(api.get("/api/me", moved).json().getJsonObject("org").getLong("schoolId"))
        .isEqualTo(to);
  }

  @Test
  void aTeacherMayCancelATransferBeforeTheFirstReviewButNotSomeoneElses() {
    long from = city.demoSchool();
    long teacherId = city.teacherOf(from, 6);
    String teacher = api.login(city.idNumberOf(teacherId), TestNode.TEACHER_PASSWORD);
    String colleague = api.login(city.idNumberOf(city.teacherOf(from, 7)),
        TestNode.TEACHER_PASSWORD);
    long id = api.post("/api/me/transfers", teacher, new JsonObject()
        .put("targetSchoolId", city.otherSchoolInDistrict()).put("reason", "试试"))
        .json().getLong("id");

    assertThat(api.post("/api/me/applications/" + id + "/cancel", colleague, null).status())
        .isEqualTo(404);
    Reply cancelled = api.post("/api/me/applications/" + id + "/cancel", teacher, null);
    Reply again = api.post("/api/me/applications/" + id + "/cancel", teacher, null);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(again.json()).isEqualTo(cancelled.json());
    assertThat(decide(api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD), id, "APPROVE", null)
        .status()).isEqualTo(409);
    assertThat(node.queryLong("select org_id from account where id = ?", teacherId))
        .isEqualTo(from);
    assertThat(api.post("/api/me/transfers", teacher, new JsonObject()
        .put("targetSchoolId", from).put("reason", "同校")).error()).isEqualTo("same_school");
  }
}
