package org.jijiao.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** The course supermarket of the demo teacher (primary, first subject) in project 1000. */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecommendationTest {

  private static final long CREDITED_LAST_YEAR = 100_000;

  private static TestNode node;
  private static TestClient api;
  private static String teacher;
  private static String institutionAdmin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    institutionAdmin = api.login(Demo.INSTITUTION_ADMIN, TestNode.DEMO_PASSWORD);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @Order(1)
  void recommendationsArePublicPlusMyStageAndSubjectLessWhatIWasCreditedFor() {
    Reply reply = api.get("/api/trainings/1000/recommendations", teacher);

    assertThat(reply.status()).isEqualTo(200);
    JsonObject body = reply.json();
    List<Long> ids = courseIds(body);
    List<Long> expected = Tokens.ids(node, "select c.id from course c join project_course pc "
        + "on pc.course_id = c.id and pc.project_id = 1000 where c.id <> ? and (c.category = "
        + "'PUBLIC' or (c.stage_code, c.subject_id) = (select stage_code, subject_id from "
        + "account where id = 1)) order by c.id", CREDITED_LAST_YEAR);
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected).doesNotContain(CREDITED_LAST_YEAR);
    assertThat(items(body).stream().filter(i -> i.getString("category").equals("PROFESSIONAL"))
        .count()).isPositive();
    assertThat(body.getJsonObject("required").getDouble("PUBLIC")).isEqualTo(30.0);
    assertThat(body.getJsonObject("missing").getDouble("PROFESSIONAL")).isEqualTo(30.0);
    assertThat(items(body)).allMatch(i -> !i.getBoolean("selected"));
  }

  @Test
  @Order(2)
  void selectingNeedsAnApprovedEnrollmentAndARecommendedCourse() {
    long publicCourse = 100_001;
    Reply notEnrolled = select(teacher, publicCourse);
    assertThat(api.post("/api/trainings/1000/enrollments", teacher, null).status())
        .isEqualTo(201);
    long otherStage = Tokens.ids(node, "select id from course where category = 'PROFESSIONAL' "
        + "and stage_code = 'JUNIOR' order by id limit 1").get(0);

    Reply first = select(teacher, publicCourse);
    Reply again = select(teacher, publicCourse);
    Reply credited = select(teacher, CREDITED_LAST_YEAR);
    Reply wrongStage = select(teacher, otherStage);

    assertThat(notEnrolled.status()).isEqualTo(409);
    assertThat(notEnrolled.error()).isEqualTo("not_enrolled");
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getString("status")).isEqualTo("SELECTED");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getLong("id")).isEqualTo(first.json().getLong("id"));
    assertThat(credited.error()).isEqualTo("not_recommended");
    assertThat(wrongStage.error()).isEqualTo("not_recommended");
    assertThat(node.queryLong("select count(*) from selection where teacher_id = 1")).isEqualTo(1);

    JsonObject list = api.get("/api/trainings/1000/recommendations", teacher).json();
    double credits = node.queryLong("select credits::int from course where id = ?", publicCourse);
    assertThat(items(list).stream().filter(i -> i.getBoolean("selected")).map(
        i -> i.getLong("courseId")).toList()).containsExactly(publicCourse);
    assertThat(list.getJsonObject("selectedCredits").getDouble("PUBLIC")).isEqualTo(credits);
    assertThat(list.getJsonObject("missing").getDouble("PUBLIC")).isEqualTo(30 - credits);

    JsonObject mine = api.get("/api/me/selections?trainingId=1000", teacher).json();
    JsonObject item = mine.getJsonArray("items").getJsonObject(0);
    assertThat(item.getLong("courseId")).isEqualTo(publicCourse);
    assertThat(item.getString("title")).isNotBlank();
    assertThat(item.getDouble("progressPercent")).isEqualTo(0.0);
    assertThat(item.getBoolean("passed")).isFalse();
    assertThat(item.getBoolean("creditsAwarded")).isFalse();
  }

  @Test
  @Order(3)
  void aSelectionGoesOnlyBeforeLearningStartsAndOnlyByItsOwner() {
    long kept = select(teacher, 100_002).json().getLong("id");
    long dropped = select(teacher, 100_003).json().getLong("id");
    node.execute("update selection set status = 'LEARNING' where id = ?", kept);
    String stranger = Tokens.forAccount(node, Tokens.ids(node, "select a.id from account a join "
        + "account_role r on r.account_id = a.id and r.role = 'TEACHER' where a.id >= 100 "
        + "order by a.id limit 1").get(0));

    Reply byStranger = api.delete("/api/selections/" + dropped, stranger);
    Reply started = api.delete("/api/selections/" + kept, teacher);
    Reply ok = api.delete("/api/selections/" + dropped, teacher);
    Reply twice = api.delete("/api/selections/" + dropped, teacher);

    assertThat(byStranger.status()).isEqualTo(404);
    assertThat(started.status()).isEqualTo(409);
    assertThat(started.error()).isEqualTo("learning_started");
    assertThat(ok.status()).isEqualTo(204);
    assertThat(twice.status()).isEqualTo(404);
    assertThat(node.queryLong("select count(*) from selection where id = ?", kept)).isEqualTo(1);
  }

  @Test
  @Order(4)
  void anOfferChangeReachesTheCachedRecommendationsAndTheUsageCount() {
    JsonObject before = api.get("/api/trainings/1000/recommendations", teacher).json();
    long removed = items(before).stream()
        .filter(i -> i.getString("category").equals("PROFESSIONAL")).findFirst().orElseThrow()
        .getLong("courseId");
    long usageBefore = node.queryLong("select usage_count from course where id = ?", removed);
    List<Long> offer = Tokens.ids(node, "select course_id from project_course where project_id "
        + "= 1000 and course_id <> ? order by course_id", removed);

    Reply changed = api.put("/api/admin/trainings/1000/courses", institutionAdmin,
        new JsonObject().put("courseIds", new JsonArray(offer)));
    assertThat(changed.status()).as(changed.raw().toString()).isEqualTo(200);
    List<Long> after = courseIds(eventually(() -> {
      JsonObject now = api.get("/api/trainings/1000/recommendations", teacher).json();
      return courseIds(now).contains(removed) ? null : now;
    }));
    Reply selectedOut = api.put("/api/admin/trainings/1000/courses", institutionAdmin,
        new JsonObject().put("courseIds", new JsonArray(offer.stream()
            .filter(id -> id != 100_001L).collect(Collectors.toList()))));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(after).doesNotContain(removed).isNotEmpty();
    assertThat(node.queryLong("select usage_count from course where id = ?", removed))
        .isEqualTo(usageBefore - 1);
    assertThat(api.get("/api/admin/courses/" + removed + "/usage", institutionAdmin).json()
        .getJsonArray("projects").stream().map(p -> ((JsonObject) p).getLong("id")).toList())
        .doesNotContain(1000L);
    assertThat(selectedOut.status()).isEqualTo(409);
    assertThat(selectedOut.error()).isEqualTo("course_in_use");
    assertThat(node.queryLong("select count(*) from audit_log where action = 'training.offer'"))
        .isEqualTo(1);
  }

  @Test
  @Order(5)
  void aCourseChangeReachesTheCachedRecommendations() {
    api.get("/api/trainings/1000/recommendations", teacher);
    JsonObject course = api.get("/api/admin/courses/100004", institutionAdmin).json();
    JsonObject update = new JsonObject().put("code", course.getString("code"))
        .put("title", "新标题：依法执教").put("category", "PUBLIC")
        .put("hours", course.getDouble("hours")).put("credits", course.getDouble("credits"));

    assertThat(api.put("/api/admin/courses/100004", institutionAdmin, update).status())
        .isEqualTo(200);
    JsonObject after = eventually(() -> {
      JsonObject now = api.get("/api/trainings/1000/recommendations", teacher).json();
      return items(now).stream().anyMatch(i -> i.getString("title").equals("新标题：依法执教"))
          ? now : null;
    });
    assertThat(after).isNotNull();
  }

  private static Reply select(String token, long courseId) {
    return api.post("/api/trainings/1000/selections", token,
        new JsonObject().put("courseId", courseId));
  }

  /** Invalidation travels over the event bus: allow it a moment. */
  private static JsonObject eventually(java.util.function.Supplier<JsonObject> probe) {
    for (int i = 0; i < 50; i++) {
      JsonObject found = probe.get();
      if (found != null) {
        return found;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("the change did not show within a second");
  }

  private static List<JsonObject> items(JsonObject body) {
    return body.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  private static List<Long> courseIds(JsonObject body) {
    return items(body).stream().map(i -> i.getLong("courseId")).toList();
  }
}
