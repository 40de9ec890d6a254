package org.jijiao.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class EnrollmentTest {

  /** 南关区, the demo accounts' district, and another unit. */
  private static final long NANGUAN = 2;
  private static final long OTHER_DISTRICT = 3;

  private static TestNode node;
  private static TestClient api;
  private static String teacher;
  private static String schoolAdmin;
  private static String districtAdmin;
  private static String institutionAdmin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    schoolAdmin = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    districtAdmin = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    institutionAdmin = api.login(Demo.INSTITUTION_ADMIN, TestNode.DEMO_PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void enrollTwiceReturnsTheSameEnrollment() {
    Reply first = api.post("/api/trainings/1000/enrollments", teacher, null);
    Reply second = api.post("/api/trainings/1000/enrollments", teacher, null);

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(first.json().getString("status")).isEqualTo("APPROVED");
    assertThat(first.json().getLong("phaseId")).isNotNull();
    assertThat(node.queryLong("select count(*) from enrollment where project_id = 1000 "
        + "and teacher_id = 1")).isEqualTo(1);
    assertThat(node.queryLong("select enrolled_count from training_project where id = 1000"))
        .isEqualTo(node.queryLong("select count(*) from enrollment where project_id = 1000"));

    JsonObject listed = api.get("/api/trainings", teacher).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(p -> p.getLong("id") == 1000).findFirst().orElseThrow();
    assertThat(listed.getBoolean("enrolled")).isTrue();
    assertThat(listed.getString("enrollmentStatus")).isEqualTo("APPROVED");
  }

  @Test
  void teacherSeesOnlyProjectsOpenToTheirSchoolInTheYear() {
    long other = projectOwnedBy(OTHER_DISTRICT, false, null);
    int year = Instant.now().atZone(java.time.ZoneId.of("Asia/Shanghai")).getYear();

    Reply mine = api.get("/api/trainings?year=" + year, teacher);
    Reply lastYear = api.get("/api/trainings?year=" + (year - 1), teacher);

    assertThat(mine.json().getJsonArray("items").stream()
        .map(p -> ((JsonObject) p).getLong("id")).toList()).contains(1000L, 1001L)
        .doesNotContain(999L, other);
    assertThat(lastYear.json().getJsonArray("items").stream()
        .map(p -> ((JsonObject) p).getLong("id")).toList()).containsExactly(999L);
    assertThat(api.get("/api/trainings/" + other, teacher).status()).isEqualTo(404);
    JsonObject detail = api.get("/api/trainings/1000", teacher).json();
    assertThat(detail.getJsonArray("phases")).hasSize(4);
    assertThat(detail.getString("studyOpensAt")).isNotBlank();
  }

  @Test
  void enrollingOutsideTheWindowIsRefused() {
    Reply lastYear = api.post("/api/trainings/999/enrollments", teacher, null);
    long future = projectOwnedBy(1, false, null);
    node.execute("update training_project set enroll_opens_at = now() + interval '1 day', "
        + "enroll_closes_at = now() + interval '2 days' where id = ?", future);
    Reply notYet = api.post("/api/trainings/" + future + "/enrollments", teacher, null);

    assertThat(lastYear.status()).isEqualTo(409);
    assertThat(lastYear.error()).isEqualTo("enrollment_closed");
    assertThat(notYet.status()).isEqualTo(409);
    assertThat(notYet.error()).isEqualTo("enrollment_closed");
    assertThat(node.queryLong("select count(*) from enrollment where project_id in (999, ?)",
        future)).isZero();
  }

  @Test
  void teachersOutsideTheOwnersAreaAreNotEligible() {
    long other = projectOwnedBy(OTHER_DISTRICT, false, null);

    Reply reply = api.post("/api/trainings/" + other + "/enrollments", teacher, null);
    Reply admin = api.post("/api/trainings/1000/enrollments", districtAdmin, null);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error()).isEqualTo("not_eligible");
    assertThat(admin.status()).isEqualTo(409);
    assertThat(admin.error()).isEqualTo("not_eligible");
    assertThat(api.post("/api/trainings/987654/enrollments", teacher, null).status())
        .isEqualTo(404);
  }

  @Test
  void enrollmentNeedingApprovalWaitsForTheSchoolAdmin() {
    long project = projectOwnedBy(1, true, 5);
    long colleague = colleagueOfDemoTeacher(0);
    long another = colleagueOfDemoTeacher(1);
    String colleagueToken = Tokens.forAccount(node, colleague);
    String anotherToken = Tokens.forAccount(node, another);

    Reply pending = api.post("/api/trainings/" + project + "/enrollments", colleagueToken, null);
    api.post("/api/trainings/" + project + "/enrollments", anotherToken, null);
    Reply list = api.get("/api/admin/enrollments?trainingId=" + project + "&status=PENDING",
        schoolAdmin);
    long id = pending.json().getLong("id");
    Reply approved = api.post("/api/admin/enrollments/" + id + "/decision", schoolAdmin,
        new JsonObject().put("decision", "APPROVE").put("comment", "同意"));
    Reply again = api.post("/api/admin/enrollments/" + id + "/decision", schoolAdmin,
        new JsonObject().put("decision", "APPROVE"));
    Reply reversed = api.post("/api/admin/enrollments/" + id + "/decision", schoolAdmin,
        new JsonObject().put("decision", "REJECT"));

    assertThat(pending.status()).isEqualTo(201);
    assertThat(pending.json().getString("status")).isEqualTo("PENDING");
    assertThat(list.json().getLong("total")).isEqualTo(2);
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("APPROVED");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(approved.json());
    assertThat(reversed.status()).isEqualTo(409);
    assertThat(reversed.error()).isEqualTo("already_decided");
    assertThat(node.queryLong("select count(*) from audit_log where action = "
        + "'enrollment.approved' and target_id = ?", String.valueOf(id))).isEqualTo(1);
    long notices = 0;
    for (int i = 0; i < 50 && notices == 0; i++) {
      // The notice is stored by the notifications verticle, after the answer.
      notices = node.queryLong("select count(*) from message where user_id = ? and kind = "
          + "'ENROLLMENT_DECISION'", colleague);
      sleep(20);
    }
    assertThat(notices).isEqualTo(1);
  }

  @Test
  void rejectionGivesTheSeatBack() {
    long project = projectOwnedBy(1, true, 1);
    String first = Tokens.forAccount(node, colleagueOfDemoTeacher(2));
    String second = Tokens.forAccount(node, colleagueOfDemoTeacher(3));

    long id = api.post("/api/trainings/" + project + "/enrollments", first, null).json()
        .getLong("id");
    Reply full = api.post("/api/trainings/" + project + "/enrollments", second, null);
    Reply rejected = api.post("/api/admin/enrollments/" + id + "/decision", schoolAdmin,
        new JsonObject().put("decision", "REJECT").put("comment", "名额调整"));
    Reply seated = api.post("/api/trainings/" + project + "/enrollments", second, null);

    assertThat(full.status()).isEqualTo(409);
    assertThat(full.error()).isEqualTo("capacity_full");
    assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");
    assertThat(seated.status()).isEqualTo(201);
    assertThat(node.queryLong("select enrolled_count from training_project where id = ?",
        project)).isEqualTo(1);
  }

  @Test
  void districtAdminCannotReachAnotherDistrictsProjectOrEnrollments() {
    long other = projectOwnedBy(OTHER_DISTRICT, true, null);
    long otherTeacher = Tokens.ids(node, "select a.id from account a join org_unit o on "
        + "o.id = a.org_id join account_role r on r.account_id = a.id and r.role = 'TEACHER' "
        + "where o.district_id = ? order by a.id limit 1", OTHER_DISTRICT).get(0);
    long enrollment = api.post("/api/trainings/" + other + "/enrollments",
        Tokens.forAccount(node, otherTeacher), null).json().getLong("id");
    JsonObject update = trainingBody(OTHER_DISTRICT, true, null);

    assertThat(api.get("/api/admin/trainings/" + other, districtAdmin).status()).isEqualTo(403);
    assertThat(api.put("/api/admin/trainings/" + other, districtAdmin, update).status())
        .isEqualTo(403);
    assertThat(api.put("/api/admin/trainings/" + other + "/courses", districtAdmin,
        new JsonObject().put("courseIds", new io.vertx.core.json.JsonArray())).status())
        .isEqualTo(403);
    assertThat(api.get("/api/admin/enrollments?trainingId=" + other, districtAdmin).status())
        .isEqualTo(403);
    assertThat(api.post("/api/admin/enrollments/" + enrollment + "/decision", schoolAdmin,
        new JsonObject().put("decision", "APPROVE")).status()).isEqualTo(403);
    assertThat(api.post("/api/admin/trainings", districtAdmin, update).status()).isEqualTo(403);
    assertThat(api.get("/api/admin/trainings", districtAdmin).json().getJsonArray("items")
        .stream().map(p -> ((JsonObject) p).getLong("id")).toList()).doesNotContain(other);
    assertThat(api.get("/api/admin/enrollments", districtAdmin).json().getJsonArray("items")
        .stream().map(e -> ((JsonObject) e).getLong("id")).toList()).doesNotContain(enrollment);
    assertThat(api.post("/api/admin/trainings", districtAdmin,
        trainingBody(NANGUAN, false, null)).status()).isEqualTo(201);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A project created through the admin API by the institution admin. */
  private static long projectOwnedBy(long orgId, boolean needsApproval, Integer capacity) {
    Reply created = api.post("/api/admin/trainings", institutionAdmin,
        trainingBody(orgId, needsApproval, capacity));
    assertThat(created.status()).as(created.raw().toString()).isEqualTo(201);
    return created.json().getLong("id");
  }

  static JsonObject trainingBody(long orgId, boolean needsApproval, Integer capacity) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new JsonObject()
        .put("name", "测试专项培训 " + System.nanoTime())
        .put("kind", "SPECIAL")
        .put("year", now.atZone(java.time.ZoneId.of("Asia/Shanghai")).getYear())
        .put("ownerOrgId", orgId)
        .put("enrollOpensAt", now.minus(1, ChronoUnit.HOURS).toString())
        .put("enrollClosesAt", now.plus(10, ChronoUnit.DAYS).toString())
        .put("studyOpensAt", now.toString())
        .put("studyClosesAt", now.plus(60, ChronoUnit.DAYS).toString())
        .put("capacity", capacity)
        .put("needsApproval", needsApproval)
        .put("requiredPublic", 6)
        .put("requiredProfessional", 6);
  }

  /** Generated teachers of the demo teacher's school (never the demo accounts). */
  private static long colleagueOfDemoTeacher(int n) {
    return Tokens.ids(node, "select a.id from account a join account_role r on "
        + "r.account_id = a.id and r.role = 'TEACHER' where a.org_id = (select org_id from "
        + "account where id = 1) and a.id >= 100 and not exists (select 1 from account_role x "
        + "where x.account_id = a.id and x.role = 'SCHOOL_ADMIN') order by a.id").get(n);
  }
}
