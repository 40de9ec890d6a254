package org.jijiao.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/** The course library and project forms: who may change them and what they refuse. */
@Timeout(120)
class CatalogueAdminTest {

  private static TestNode node;
  private static TestClient api;
  private static String admin;
  private static String teacher;
  private static String districtAdmin;
  private static int primarySubject;
  private static int juniorSubject;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    admin = api.login(Demo.INSTITUTION_ADMIN, TestNode.DEMO_PASSWORD);
    teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    districtAdmin = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    primarySubject = (int) node.queryLong("select min(id) from subject where stage_code = 'PRIMARY'");
    juniorSubject = (int) node.queryLong("select min(id) from subject where stage_code = 'JUNIOR'");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonObject course(String code) {
    return new JsonObject().put("code", code).put("title", "小学语文：整本书阅读")
        .put("category", "PROFESSIONAL").put("stageCode", "PRIMARY")
        .put("subjectId", primarySubject).put("hours", 3).put("credits", 3)
        .put("difficulty", 2).put("homeworkPrompt", "写一份教学设计");
  }

  @Test
  void anInstitutionAdminBuildsACourseWithVideosThatTeachersCanRead() {
    Reply created = api.post("/api/admin/courses", admin, course("T-001"));
    long id = created.json().getLong("id");
    Reply video = api.post("/api/admin/courses/" + id + "/videos", admin, new JsonObject()
        .put("title", "第 1 讲").put("durationSeconds", 600).put("mediaFile", "demo/clip-a.mp4"));
    Reply updated = api.put("/api/admin/courses/" + id, admin,
        course("T-001").put("title", "小学语文：整本书阅读（修订）"));
    Reply seen = api.get("/api/courses/" + id, teacher);
    Reply found = api.get("/api/admin/courses?q="
        + java.net.URLEncoder.encode("修订", java.nio.charset.StandardCharsets.UTF_8)
        + "&stage=PRIMARY", districtAdmin);

    assertThat(created.status()).isEqualTo(201);
    assertThat(video.status()).isEqualTo(201);
    assertThat(video.json().getInteger("ord")).isEqualTo(1);
    assertThat(updated.json().getString("title")).endsWith("（修订）");
    JsonObject view = seen.json();
    assertThat(view.getJsonArray("videos").getJsonObject(0).getInteger("durationSeconds"))
        .isEqualTo(600);
    assertThat(view.getJsonArray("videos").getJsonObject(0).containsKey("mediaFile")).isFalse();
    assertThat(view.getString("homeworkPrompt")).isEqualTo("写一份教学设计");
    assertThat(view.getLong("quizQuestionCount")).isZero();
    assertThat(found.json().getLong("total")).isEqualTo(1);
    assertThat(node.queryLong("select count(*) from audit_log where target_type = 'course' "
        + "and target_id = ?", String.valueOf(id))).isEqualTo(3);
    assertThat(api.get("/api/courses/100000", teacher).json().getLong("quizQuestionCount"))
        .isEqualTo(3);
  }

  @Test
  void onlyLibraryAdminsChangeTheLibrary() {
    assertThat(api.post("/api/admin/courses", teacher, course("T-002")).status()).isEqualTo(403);
    assertThat(api.post("/api/admin/courses", districtAdmin, course("T-002")).status())
        .isEqualTo(403);
    assertThat(api.get("/api/admin/courses", teacher).status()).isEqualTo(403);
    assertThat(api.get("/api/admin/courses/999999", admin).status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing title | title | | invalid_field",
      "public with a stage | category | PUBLIC | not_allowed",
      "subject of another stage | subjectId | JUNIOR_SUBJECT | invalid_value",
      "zero hours | hours | 0 | out_of_range",
      "too precise credits | credits | 1.25 | too_precise",
      "difficulty nine | difficulty | 9 | out_of_range",
      "bad code | code | a b | invalid_value"})
  void badCoursesAreRefusedWithTheField(String name, String field, String value, String code) {
    JsonObject body = course("T-BAD");
    if (value == null) {
      body.remove(field);
    } else if (value.equals("JUNIOR_SUBJECT")) {
      body.put(field, juniorSubject);
    } else if (value.matches("[0-9.]+")) {
      body.put(field, Double.parseDouble(value));
    } else {
      body.put(field, value);
    }

    Reply reply = api.post("/api/admin/courses", admin, body);

    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(400);
    assertThat(reply.error()).isIn(code, "missing_field");
  }

  @Test
  void aDuplicateCodeIsAConflict() {
    api.post("/api/admin/courses", admin, course("T-DUP"));

    Reply again = api.post("/api/admin/courses", admin, course("T-DUP"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.error()).isEqualTo("code_taken");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "weights not summing to one | weights | {\"video\":0.5,\"homework\":0.2,\"quiz\":0.1,\"forum\":0.1} | weights_sum",
      "pass score above 100 | passScorePublic | 120 | out_of_range",
      "zero capacity | capacity | 0 | out_of_range",
      "enrollment window reversed | enrollClosesAt | 2000-01-01T00:00:00Z | window_order",
      "time without zone | studyOpensAt | 2026-01-01T00:00 | invalid_time",
      "unknown kind | kind | ONLINE | invalid_value"})
  void badProjectsAreRefusedWithTheField(String name, String field, String value, String code) {
    JsonObject body = EnrollmentTest.trainingBody(1, false, null);
    body.put(field, value.startsWith("{") ? new JsonObject(value)
        : value.matches("[0-9]+") ? (Object) Integer.parseInt(value) : value);

    Reply reply = api.post("/api/admin/trainings", admin, body);

    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(code);
    assertThat(reply.json().getString("field")).isEqualTo(field);
  }

  @Test
  void theLibraryCountsTheProjectsUsingACourse() {
    long course = api.post("/api/admin/courses", admin, course("T-USE")).json().getLong("id");
    long project = api.post("/api/admin/trainings", admin,
        EnrollmentTest.trainingBody(1, false, null)).json().getLong("id");

    Reply offered = api.put("/api/admin/trainings/" + project + "/courses", admin,
        new JsonObject().put("courseIds", new JsonArray().add(course).add(100_001)));
    Reply again = api.put("/api/admin/trainings/" + project + "/courses", admin,
        new JsonObject().put("courseIds", new JsonArray().add(course).add(100_001)));
    Reply unknown = api.put("/api/admin/trainings/" + project + "/courses", admin,
        new JsonObject().put("courseIds", new JsonArray().add(987_654_321)));
    JsonObject usage = api.get("/api/admin/courses/" + course + "/usage", admin).json();

    assertThat(offered.status()).isEqualTo(200);
    assertThat(offered.json().getJsonArray("courses")).hasSize(2);
    assertThat(again.status()).isEqualTo(200);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(usage.getInteger("usageCount")).isEqualTo(1);
    assertThat(usage.getJsonArray("projects").getJsonObject(0).getLong("id")).isEqualTo(project);
    assertThat(node.queryLong("select count(*) from course c where usage_count <> (select "
        + "count(*) from project_course pc where pc.course_id = c.id)")).isZero();
  }
}
