package org.jijiao.schooltraining;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jijiao.testing.InteractionFixtures;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SchoolTrainingTest {

  private static final long SCHOOL_ADMIN = 2;
  private static final long DISTRICT_ADMIN = 3;
  private static final long CITY_ADMIN = 4;
  private static final int CAP = 4;

  private static TestNode node;
  private static TestClient api;
  private static InteractionFixtures city;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("schooltraining.maxCreditsPerYear", String.valueOf(CAP)));
    api = node.client();
    city = new InteractionFixtures(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long project(long schoolAdmin, String name) {
    Reply created = api.post("/api/admin/school-trainings", city.token(schoolAdmin),
        new JsonObject().put("name", name));
    assertThat(created.status()).as(created.raw().toString()).isEqualTo(201);
    return created.json().getLong("id");
  }

  private static Reply schedule(long admin, long project, double credits) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return api.post("/api/admin/trainings/" + project + "/sessions", city.token(admin),
        new JsonObject().put("title", "校本教研：同课异构").put("venue", "本校多功能厅")
            .put("startsAt", now.minus(5, ChronoUnit.MINUTES).toString())
            .put("endsAt", now.plus(1, ChronoUnit.HOURS).toString())
            .put("capacity", 50).put("credits", credits).put("hours", credits)
            .put("needsConfirmation", false));
  }

  /** Signs up, scans in and submits the summary: everything a school session asks. */
  private static Reply attend(long teacher, long session) {
    assertThat(api.post("/api/sessions/" + session + "/signups", city.token(teacher), null)
        .status()).isEqualTo(201);
    String token = api.get("/api/admin/sessions/" + session + "/qr", city.token(SCHOOL_ADMIN))
        .json().getString("token");
    assertThat(api.post("/api/attendance/check-in", city.token(teacher),
        new JsonObject().put("token", token)).status()).isEqualTo(200);
    return api.put("/api/sessions/" + session + "/summary", city.token(teacher),
        new JsonObject().put("text", "校本教研活动总结：同课异构让我看到了不同的教学思路。"));
  }

  @Test
  void aSchoolAdminCreatesProjectsOwnedByItsSchoolAndOnlySchoolAdminsMay() {
    Reply created = api.post("/api/admin/school-trainings", city.token(SCHOOL_ADMIN),
        new JsonObject().put("name", "<b>校本</b>研修"));

    assertThat(created.status()).isEqualTo(201);
    long id = created.json().getLong("id");
    assertThat(node.queryLong("select owner_org_id from training_project where id = ? "
        + "and kind = 'SCHOOL_BASED'", id)).isEqualTo(city.demoSchool());
    assertThat(created.json().getString("name")).isEqualTo("<b>校本</b>研修");
    for (long notSchoolAdmin : new long[] {DISTRICT_ADMIN, CITY_ADMIN, 1}) {
      assertThat(api.post("/api/admin/school-trainings", city.token(notSchoolAdmin),
          new JsonObject().put("name", "不该创建")).status()).isEqualTo(403);
    }
    assertThat(node.queryLong("select count(*) from audit_log where action = "
        + "'school_training.create' and target_id = ?", String.valueOf(id))).isEqualTo(1);
  }

  @Test
  void listsStayWithinEachAdminsScope() {
    long neighbourAdmin = city.schoolAdminOf(city.neighbourSchool());
    long farDistrictAdmin = city.districtAdminOf(city.districtOf(city.farSchool()));
    long ours = project(SCHOOL_ADMIN, "本校项目");
    long theirs = project(neighbourAdmin, "邻校项目");

    assertThat(ids(SCHOOL_ADMIN)).contains(ours).doesNotContain(theirs);
    assertThat(ids(neighbourAdmin)).contains(theirs).doesNotContain(ours);
    assertThat(ids(DISTRICT_ADMIN)).contains(ours, theirs);
    assertThat(ids(farDistrictAdmin)).doesNotContain(ours, theirs);
    assertThat(ids(CITY_ADMIN)).contains(ours, theirs);
  }

  @Test
  void onlyTheSchoolAndItsAncestorsScheduleItsSessionsWithinTheCap() {
    long project = project(SCHOOL_ADMIN, "排课范围");
    long neighbourAdmin = city.schoolAdminOf(city.neighbourSchool());

    assertThat(schedule(neighbourAdmin, project, 1).status()).isEqualTo(403);
    assertThat(schedule(SCHOOL_ADMIN, project, 1).status()).isEqualTo(201);
    assertThat(schedule(DISTRICT_ADMIN, project, 1).status()).isEqualTo(201);
    Reply overCap = schedule(SCHOOL_ADMIN, project, CAP + 1);
    assertThat(overCap.status()).isEqualTo(400);
    assertThat(overCap.json().getString("field")).isEqualTo("credits");
  }

  @Test
  void teachersOfTheSchoolJoinWithoutEnrollmentAndOthersCannot() {
    long project = project(SCHOOL_ADMIN, "本校教师参加");
    long session = schedule(SCHOOL_ADMIN, project, 1).json().getLong("id");
    long outsider = city.teachersAt(city.neighbourSchool(), 1).get(0);

    Reply refused = api.post("/api/sessions/" + session + "/signups", city.token(outsider), null);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(api.get("/api/trainings/" + project + "/sessions", city.token(outsider))
        .status()).isEqualTo(403);
    long insider = city.teachersAt(city.demoSchool(), 1).get(0);
    assertThat(api.get("/api/trainings/" + project + "/sessions", city.token(insider))
        .status()).isEqualTo(200);
  }

  @Test
  void schoolBasedCreditsGoToTheSameLedgerAndStopAtTheYearlyCap() {
    long project = project(SCHOOL_ADMIN, "学分上限");
    long teacher = city.teachersAt(city.demoSchool(), 3).get(2);
    List<Long> sessions = List.of(
        schedule(SCHOOL_ADMIN, project, 3).json().getLong("id"),
        schedule(SCHOOL_ADMIN, project, 3).json().getLong("id"),
        schedule(SCHOOL_ADMIN, project, 3).json().getLong("id"));

    for (long session : sessions) {
      assertThat(attend(teacher, session).status()).isEqualTo(200);
    }

    assertThat(node.queryLong("select count(*) from credit_entry where teacher_id = ? "
        + "and source = 'SCHOOL_BASED'", teacher)).isEqualTo(2);
    assertThat(node.queryLong("select sum(credits)::int from credit_entry where teacher_id = ? "
        + "and source = 'SCHOOL_BASED'", teacher)).isEqualTo(CAP);
    assertThat(node.queryLong("select credits::int from credit_entry where source_ref = ?",
        "session:" + sessions.get(1) + ":" + teacher)).isEqualTo(1);
    assertThat(node.queryLong("select count(*) from f2f_participant where teacher_id = ? "
        + "and credited_at is not null", teacher)).isEqualTo(3);
    Reply mine = api.get("/api/me/school-training-credits", city.token(teacher));
    assertThat(mine.json().getDouble("earned")).isEqualTo(CAP);
    assertThat(mine.json().getDouble("remaining")).isZero();
  }

  private static List<Long> ids(long admin) {
    Reply list = api.get("/api/admin/school-trainings?size=100", city.token(admin));
    assertThat(list.status()).isEqualTo(200);
    return list.json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
