package org.jijiao.credit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jijiao.testing.Demo;
import org.jijiao.testing.Fixtures;
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
class CreditTest {

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

  @ParameterizedTest(name = "public {0} + professional {1}: meets={2}, missing {3} of which {4}")
  @CsvSource({
      "0, 0, false, 90, 60",
      "30, 60, true, 0, 0",
      "0, 90, true, 0, 0",
      "20, 80, true, 0, 0",
      "10, 50, false, 30, 10",
      "40, 60, false, 0, 20",
      "60, 0, false, 30, 120"})
  void theYearlyRequirementSaysWhatIsMissing(double pub, double prof, boolean meets,
      double missingTotal, double missingProf) {
    Requirement r = Requirement.of(BigDecimal.valueOf(pub), BigDecimal.valueOf(prof));

    assertThat(r.meets()).isEqualTo(meets);
    assertThat(r.missingTotal().doubleValue()).isEqualTo(missingTotal);
    assertThat(r.missingProfessional().doubleValue()).isEqualTo(missingProf);
    assertThat(r.message()).isNotBlank();
  }

  /** A selection whose videos are all completed: video 100 %, score 60, passes at 60. */
  private static long watchedSelection(long teacher, String code) {
    long course = Fixtures.course(node, code, 2, 3, 30, 30);
    long selection = Fixtures.select(node, teacher, course);
    for (long video : Fixtures.videos(node, course)) {
      node.execute("""
          insert into video_progress (teacher_id, video_id, selection_id, segments,
                                      watched_seconds, position_seconds, completed, version)
          values (?, ?, ?, '\\xfc'::bytea, 30, 30, true, 1)""", teacher, video, selection);
    }
    return selection;
  }

  @ParameterizedTest(name = "awarded at {0} counts for {1}")
  @CsvSource({
      "2025-12-31T15:59:00Z, 2025",
      "2025-12-31T16:00:00Z, 2026",
      "2026-01-01T00:30:00Z, 2026"})
  void theCreditYearIsTheBeijingYearOfTheAward(String instant, int year) {
    long teacher = Fixtures.teachers(node, 10).get(year == 2025 ? 3 : instant.hashCode() & 1);
    long selection = watchedSelection(teacher, "YEAR-" + instant);

    var results = TestNode.await(new Scoring().rescore(node.node().platform().pool(),
        List.of(selection), Instant.parse(instant)));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.awarded()).isTrue());
    assertThat(node.queryLong("select year from credit_entry where selection_id = ?",
        selection)).isEqualTo(year);
  }

  @Test
  void manyConcurrentRescoresAwardExactlyOnce() {
    long teacher = Fixtures.teachers(node, 10).get(5);
    long selection = watchedSelection(teacher, "ONCE-1");
    Scoring scoring = new Scoring();
    var pool = node.node().platform().pool();

    List<Future<List<Scoring.Result>>> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(pool.withTransaction(tx -> scoring.rescore(tx, List.of(selection), Instant.now())));
    }
    TestNode.await(Future.all(all));

    assertThat(node.queryLong("select count(*) from credit_entry where selection_id = ?",
        selection)).isEqualTo(1);
    assertThat(all.stream().filter(f -> f.result().get(0).awarded()).count()).isEqualTo(1);
    assertThat(node.queryLong("select count(*) from selection where id = ? and status = 'PASSED'",
        selection)).isEqualTo(1);
  }

  @Test
  void myCreditsSumTheYearByProjectAndCourseAndSayWhatIsMissing() {
    long teacher = Fixtures.teachers(node, 10).get(6);
    long selection = watchedSelection(teacher, "VIEW-1");
    TestNode.await(new Scoring().rescore(node.node().platform().pool(), List.of(selection),
        Instant.parse("2025-06-01T00:00:00Z")));
    node.execute("""
        insert into credit_entry (teacher_id, source, source_ref, year, category, credits, hours)
        values (?, 'DECLARATION', 'test-decl', 2025, 'PROFESSIONAL', 10, 12)""", teacher);
    String token = Fixtures.token(node, teacher);

    JsonObject view = api.get("/api/me/credits?year=2025", token).json();

    assertThat(view.getInteger("year")).isEqualTo(2025);
    assertThat(view.getDouble("totalCredits")).isEqualTo(12.0);
    assertThat(view.getDouble("totalHours")).isEqualTo(15.0);
    assertThat(view.getDouble("publicHours")).isEqualTo(3.0);
    assertThat(view.getDouble("professionalHours")).isEqualTo(12.0);
    assertThat(view.getBoolean("meetsRequirement")).isFalse();
    assertThat(view.getJsonObject("missing").getDouble("totalHours")).isEqualTo(75.0);
    assertThat(view.getJsonObject("missing").getDouble("professionalHours")).isEqualTo(48.0);
    assertThat(view.getJsonArray("byProject")).hasSize(2);
    assertThat(view.getJsonArray("byCourse")).hasSize(1);
    assertThat(api.get("/api/me/credits", token).json().getInteger("year"))
        .isEqualTo(org.jijiao.common.Beijing.yearOf(Instant.now()));
    assertThat(api.get("/api/me/credits?year=abc", token).status()).isEqualTo(400);
  }

  @Test
  void theLeadCorrectsACourseResultWithANewAuditedEntry() {
    long teacher = Fixtures.teachers(node, 10).get(7);
    long selection = watchedSelection(teacher, "CORR-1");
    TestNode.await(new Scoring().rescore(node.node().platform().pool(), List.of(selection),
        Instant.now()));
    String lead = api.login(Demo.COURSE_LEAD, TestNode.DEMO_PASSWORD);
    JsonObject body = new JsonObject().put("credits", 1.5).put("hours", 2).put("reason",
        "作业抄袭，按规定减半").put("requestKey", "r-1");
    String path = "/api/admin/selections/" + selection + "/credit-correction";

    assertThat(api.post(path, Fixtures.token(node, teacher), body).status()).isEqualTo(403);
    Reply first = api.post(path, lead, body);
    Reply retried = api.post(path, lead, body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getDouble("credits")).isEqualTo(-0.5);
    assertThat(first.json().getDouble("hours")).isEqualTo(-1.0);
    assertThat(retried.json().getLong("entryId")).isEqualTo(first.json().getLong("entryId"));
    assertThat(node.queryLong("select count(*) from credit_entry where selection_id = ?",
        selection)).isEqualTo(2);
    assertThat(node.queryLong("select sum(credits) * 10 from credit_entry where selection_id = ?",
        selection)).isEqualTo(15);
    assertThat(node.queryLong("select count(*) from audit_log where action = "
        + "'credit.lead_correction' and target_id = ?", String.valueOf(selection))).isEqualTo(1);
    Reply inflated = api.post(path, lead, body.copy().put("credits", 1000)
        .put("requestKey", "r-big"));
    assertThat(inflated.status()).isEqualTo(400);
    assertThat(inflated.error()).isEqualTo("beyond_course_credits");

    node.execute("update course set lead_id = null where id = (select course_id from selection"
        + " where id = ?)", selection);
    assertThat(api.post(path, lead, body.copy().put("requestKey", "r-2")).status())
        .isEqualTo(403);
  }
}
