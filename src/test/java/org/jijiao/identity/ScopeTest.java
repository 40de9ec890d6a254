package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One matrix for the one scope mechanism: each admin level against its own subtree, a
 * sibling subtree and a parent. Organisation ids: 1 city, 2 南关区 (demo district), 3 宽城区;
 * the demo school is the first primary school of 南关区.
 */
@Timeout(120)
class ScopeTest {

  private static TestNode node;
  private static TestClient api;
  private static long demoSchool;
  private static long otherSchoolSameDistrict;
  private static long schoolInOtherDistrict;
  private static long teacherInOtherDistrict;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    demoSchool = node.queryLong("select org_id from account where id = 1");
    otherSchoolSameDistrict = node.queryLong(
        "select min(id) from org_unit where kind = 'SCHOOL' and district_id = 2 and id <> ?",
        demoSchool);
    schoolInOtherDistrict = node.queryLong(
        "select min(id) from org_unit where kind = 'SCHOOL' and district_id = 3");
    teacherInOtherDistrict = node.queryLong("select min(a.id) from account a "
        + "join org_unit o on o.id = a.org_id where o.district_id = 3");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long org(String name) {
    return switch (name) {
      case "city" -> 1;
      case "district" -> 2;
      case "otherDistrict" -> 3;
      case "school" -> demoSchool;
      case "siblingSchool" -> otherSchoolSameDistrict;
      case "farSchool" -> schoolInOtherDistrict;
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0} reading org {1} gets {2}")
  @CsvSource({
      "SCHOOL_ADMIN,   school,        200",
      "SCHOOL_ADMIN,   siblingSchool, 403",
      "SCHOOL_ADMIN,   district,      403",
      "SCHOOL_ADMIN,   city,          403",
      "DISTRICT_ADMIN, district,      200",
      "DISTRICT_ADMIN, school,        200",
      "DISTRICT_ADMIN, siblingSchool, 200",
      "DISTRICT_ADMIN, otherDistrict, 403",
      "DISTRICT_ADMIN, farSchool,     403",
      "DISTRICT_ADMIN, city,          403",
      "CITY_ADMIN,     city,          200",
      "CITY_ADMIN,     farSchool,     200",
      "HR_ADMIN,       otherDistrict, 200",
      "TEACHER,        school,        403",
      "COURSE_LEAD,    school,        403"})
  void everyAdminLevelSeesOnlyItsSubtree(String role, String target, int status) {
    String token = api.login(idOf(role), TestNode.DEMO_PASSWORD);

    assertThat(api.get("/api/admin/orgs/" + org(target), token).status()).isEqualTo(status);
    assertThat(api.get("/api/admin/teachers?orgId=" + org(target), token).status())
        .isEqualTo(status);
    assertThat(api.get("/api/admin/orgs?parentId=" + org(target), token).status())
        .isEqualTo(status);
  }

  @Test
  void districtAdminCannotChangeATeacherOfAnotherDistrict() {
    String token = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    String before = nameOf(teacherInOtherDistrict);

    var update = api.put("/api/admin/teachers/" + teacherInOtherDistrict, token,
        new io.vertx.core.json.JsonObject().put("name", "改名"));
    var reset = api.post("/api/admin/teachers/" + teacherInOtherDistrict + "/reset-password",
        token, new io.vertx.core.json.JsonObject());

    assertThat(update.status()).isEqualTo(403);
    assertThat(update.error()).isEqualTo("out_of_scope");
    assertThat(reset.status()).isEqualTo(403);
    assertThat(nameOf(teacherInOtherDistrict)).isEqualTo(before);
  }

  @Test
  void schoolAdminListsOnlyItsOwnTeachersWithMaskedIds() {
    String token = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);

    var list = api.get("/api/admin/teachers?size=100", token).json();

    long expected = node.queryLong("select count(*) from account a join account_role r "
        + "on r.account_id = a.id and r.role = 'TEACHER' where a.org_id = ?", demoSchool);
    assertThat(list.getLong("total")).isEqualTo(expected);
    list.getJsonArray("items").forEach(item -> {
      var teacher = (io.vertx.core.json.JsonObject) item;
      assertThat(teacher.getLong("orgId")).isEqualTo(demoSchool);
      assertThat(teacher.getString("idNumberMasked")).contains("********");
    });
  }

  @Test
  void schoolAdminUpdatesItsOwnTeacherAndTheChangeIsAudited() {
    String token = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);

    var reply = api.put("/api/admin/teachers/1", token,
        new io.vertx.core.json.JsonObject().put("phone", "13912345678"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("phoneMasked")).isEqualTo("139****5678");
    assertThat(node.queryLong("select count(*) from audit_log where action = 'teacher.update' "
        + "and target_id = '1'")).isEqualTo(1);
  }

  @Test
  void adminAccountsCannotBeTakenOverThroughTheTeacherEndpoints() {
    String district = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    String sys = api.login(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);
    long schoolAdmin = node.queryLong("select account_id from account_role "
        + "where role = 'SCHOOL_ADMIN' and account_id = 2");
    long hrAdmin = 6;

    var resetPeer = api.post("/api/admin/teachers/" + schoolAdmin + "/reset-password", district,
        new io.vertx.core.json.JsonObject());
    var resetSelf = api.post("/api/admin/teachers/3/reset-password", district,
        new io.vertx.core.json.JsonObject());
    var resetHr = api.post("/api/admin/teachers/" + hrAdmin + "/reset-password", sys,
        new io.vertx.core.json.JsonObject());

    assertThat(resetPeer.status()).isEqualTo(403);
    assertThat(resetSelf.status()).isIn(403, 404);
    assertThat(resetHr.status()).as("not a teacher: not reachable here").isEqualTo(404);
    assertThat(api.post("/api/auth/login", null, new io.vertx.core.json.JsonObject()
        .put("idNumber", Demo.SCHOOL_ADMIN).put("password", TestNode.DEMO_PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void unknownAndOutOfScopeTeachersAnswerAtOnce() {
    String token = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);

    assertThat(api.get("/api/admin/teachers/999999", token).status()).isEqualTo(404);
    assertThat(api.get("/api/admin/teachers/" + teacherInOtherDistrict, token).status())
        .isEqualTo(403);
  }

  @Test
  void searchMatchesWholeIdNumbersOnlySoMaskedDigitsCannotBeGuessed() {
    String token = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);

    long byPrefix = api.get("/api/admin/teachers?q=2201", token).json().getLong("total");
    long byWildcard = api.get("/api/admin/teachers?q=%25", token).json().getLong("total");
    long byWhole = api.get("/api/admin/teachers?q=" + Demo.TEACHER, token).json()
        .getLong("total");

    assertThat(byPrefix).isZero();
    assertThat(byWildcard).isZero();
    assertThat(byWhole).isEqualTo(1);
  }

  @Test
  void aNulCharacterInTextIsA400NotA500() {
    String token = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);

    var reply = api.put("/api/admin/teachers/1", token,
        new io.vertx.core.json.JsonObject().put("name", "王\u0000梅"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo("invalid_text");
  }

  @Test
  void aSubjectOfAnotherStageOrAnOverflowingIdIsRefusedAndChangesNothing() {
    String token = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    long before = node.queryLong("select coalesce(subject_id, -1) from account where id = 1");
    long otherStage = node.queryLong("select min(s.id) from subject s where s.stage_code <> "
        + "(select stage_code from account where id = 1)");

    var mismatch = api.put("/api/admin/teachers/1", token,
        new io.vertx.core.json.JsonObject().put("subjectId", otherStage));
    var badStage = api.put("/api/admin/teachers/1", token,
        new io.vertx.core.json.JsonObject().put("stageCode", "KINDERGARTEN"));
    var overflow = api.raw(io.vertx.core.http.HttpMethod.PUT, "/api/admin/teachers/1", token,
        "application/json", io.vertx.core.buffer.Buffer.buffer("{\"subjectId\":4294967299}"));

    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.error()).isEqualTo("subject_mismatch");
    assertThat(badStage.status()).isEqualTo(400);
    assertThat(badStage.json().getString("field")).isEqualTo("stageCode");
    assertThat(overflow.status()).isEqualTo(400);
    assertThat(overflow.error()).isEqualTo("out_of_range");
    assertThat(node.queryLong("select coalesce(subject_id, -1) from account where id = 1"))
        .isEqualTo(before);
  }

  @Test
  void anyoneLoggedInFindsSchoolsByName() {
    String token = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);

    var found = api.get("/api/reference/schools?q=" + java.net.URLEncoder.encode("宽城区",
        java.nio.charset.StandardCharsets.UTF_8) + "&size=3", token);

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().getJsonArray("items")).hasSize(3);
    assertThat(found.json().getJsonArray("items").getJsonObject(0).getString("districtName"))
        .isEqualTo("宽城区");
    assertThat(api.get("/api/reference/schools?q=", token).status()).isEqualTo(400);
    assertThat(api.get("/api/reference/schools?q=x", null).status()).isEqualTo(401);
  }

  @Test
  void stagesAndSubjectsAreReadableWithoutLogin() {
    var stages = api.get("/api/reference/stages", null).json().getJsonArray("items");

    assertThat(stages).hasSize(4);
    assertThat(stages.getJsonObject(1).getString("name")).isEqualTo("小学");
    assertThat(stages.getJsonObject(1).getJsonArray("subjects").getJsonObject(0)
        .getString("name")).isEqualTo("语文");
  }

  private static String idOf(String role) {
    return switch (role) {
      case "SCHOOL_ADMIN" -> Demo.SCHOOL_ADMIN;
      case "DISTRICT_ADMIN" -> Demo.DISTRICT_ADMIN;
      case "CITY_ADMIN" -> Demo.CITY_ADMIN;
      case "HR_ADMIN" -> Demo.HR_ADMIN;
      case "TEACHER" -> Demo.TEACHER;
      case "COURSE_LEAD" -> Demo.COURSE_LEAD;
      default -> throw new IllegalArgumentException(role);
    };
  }

  private static String nameOf(long id) {
    try (var c = node.jdbc(); var s = c.prepareStatement("select name from account where id = ?")) {
      s.setLong(1, id);
      var rows = s.executeQuery();
      rows.next();
      return rows.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
