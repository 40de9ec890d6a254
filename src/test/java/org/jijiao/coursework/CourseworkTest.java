package org.jijiao.coursework;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
class CourseworkTest {

  private static TestNode node;
  private static TestClient api;
  private static long teacher;
  private static String token;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    teacher = Fixtures.teachers(node, 1).get(0);
    token = Fixtures.token(node, teacher);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Reply submit(long selection, String body, String name, byte[] file) {
    MultipartForm form = MultipartForm.create().attribute("body", body);
    if (file != null) {
      form.binaryFileUpload("file", name, Buffer.buffer(file), "application/pdf");
    }
    return TestClient.reply(api.web().post("/api/selections/" + selection + "/homework")
        .bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  static byte[] zip(String... entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String entry : entries) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write("<x/>".getBytes());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
      "an executable named .pdf, MZ\u0090\u0000\u0003 this program cannot be run",
      "a script named .pdf, <script>alert(1)</script>",
      "plain text named .pdf, just some text"})
  void disguisedAttachmentsAreRefusedByContent(String what, String content) {
    long selection = Fixtures.select(node, teacher, Fixtures.course(node,
        "HW-D-" + Math.abs(what.hashCode()), 1, 1, 60));

    Reply reply = submit(selection, "我的作业", "homework.pdf", content.getBytes());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo("unsupported_file_type");
    assertThat(node.queryLong("select count(*) from homework_submission where selection_id = ?",
        selection)).isZero();
  }

  @Test
  void aZipThatIsNotAWordDocumentIsRefusedButARealDocxIsKept() throws Exception {
    long selection = Fixtures.select(node, teacher, Fixtures.course(node, "HW-Z", 1, 1, 60));

    assertThat(submit(selection, "作业", "a.docx", zip("evil.exe")).error())
        .isEqualTo("unsupported_file_type");
    Reply ok = submit(selection, "作业", "报告.docx",
        zip("[Content_Types].xml", "word/document.xml"));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().getString("attachmentType")).contains("wordprocessingml");
    assertThat(ok.json().getString("attachmentName")).isEqualTo("报告.docx");
  }

  @Test
  void homeworkCanBeResubmittedUntilGradedAndGradingRescores() {
    long course = Fixtures.course(node, "HW-G", 1, 1, 60);
    long selection = Fixtures.select(node, teacher, course);

    assertThat(submit(selection, "初稿", "a.pdf", "%PDF-1.4\n%…".getBytes()).status())
        .isEqualTo(200);
    Reply second = submit(selection, "定稿", null, null);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().getString("body")).isEqualTo("定稿");
    assertThat(second.json().getString("attachmentType")).isEqualTo("application/pdf");
    long homework = second.json().getLong("id");

    JsonObject grade = new JsonObject().put("score", 90).put("comment", "很好");
    String stranger = Fixtures.token(node, Fixtures.teachers(node, 2).get(1));
    assertThat(api.post("/api/admin/homework/" + homework + "/grade", stranger, grade).status())
        .isEqualTo(403);
    String lead = api.login(Demo.COURSE_LEAD, TestNode.DEMO_PASSWORD);
    Reply graded = api.post("/api/admin/homework/" + homework + "/grade", lead, grade);
    assertThat(graded.status()).isEqualTo(200);
    assertThat(graded.json().getDouble("score")).isEqualTo(90.0);

    // weight_homework 0.2 x 90 = 18 points, video 0
    assertThat(node.queryLong("select score * 100 from selection where id = ?", selection))
        .isEqualTo(1800);
    assertThat(node.queryLong("select count(*) from audit_log where action = 'homework.grade'"
        + " and target_id = ?", String.valueOf(homework))).isEqualTo(1);
    Reply late = submit(selection, "再改一次", null, null);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.error()).isEqualTo("already_graded");
  }

  @Test
  void gradersSeeWhatWaitsForThemAndCanOpenTheAttachment() {
    long course = Fixtures.course(node, "HW-GRADERS", 1, 1, 60);
    long selection = Fixtures.select(node, teacher, course);
    long homework = submit(selection, "待批改", "心得.pdf", "%PDF-1.4\n%…".getBytes()).json()
        .getLong("id");
    String lead = api.login(Demo.COURSE_LEAD, TestNode.DEMO_PASSWORD);
    String tutor = api.login(Demo.TUTOR, TestNode.DEMO_PASSWORD);

    JsonObject waiting = api.get("/api/admin/homework?status=ungraded&courseId=" + course, lead)
        .json();
    Reply file = api.get("/api/admin/homework/" + homework + "/attachment", tutor);
    Reply byTeacher = api.get("/api/admin/homework?status=ungraded", Fixtures.token(node,
        teacher));
    Reply badStatus = api.get("/api/admin/homework?status=maybe", lead);

    assertThat(waiting.getLong("total")).isEqualTo(1);
    assertThat(waiting.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(homework);
    assertThat(waiting.getJsonArray("items").getJsonObject(0).getString("courseTitle"))
        .isNotBlank();
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.raw().toString()).startsWith("%PDF");
    assertThat(file.header("Content-Disposition")).contains("filename*=UTF-8''%E5%BF%83");
    assertThat(byTeacher.status()).isEqualTo(403);
    assertThat(badStatus.status()).isEqualTo(400);
  }

  @Test
  void homeworkBodyIsLimitedAndOthersSelectionsAreHidden() {
    long selection = Fixtures.select(node, teacher, Fixtures.course(node, "HW-L", 1, 1, 60));
    String other = Fixtures.token(node, Fixtures.teachers(node, 2).get(1));

    assertThat(submit(selection, "字".repeat(5001), null, null).error()).isEqualTo("too_long");
    assertThat(submit(selection, "𠇔".repeat(5000), null, null).status()).isEqualTo(200);
    assertThat(api.get("/api/selections/" + selection + "/homework", other).status())
        .isEqualTo(404);
  }

  private static long quizCourse(String code) {
    long course = Fixtures.course(node, code, 1, 1, 60);
    node.execute("update course set quiz_max_attempts = 2 where id = ?", course);
    for (int i = 1; i <= 4; i++) {
      node.execute("""
          insert into quiz_question (course_id, ord, stem, options, answer)
          values (?, ?, ?, '{"A":"对","B":"错"}'::jsonb, 'A')""", course, i, "第 " + i + " 题");
    }
    return course;
  }

  @Test
  void quizHidesAnswersLimitsAttemptsKeepsTheBestAndReplaysARetry() {
    long course = quizCourse("QUIZ-1");
    long selection = Fixtures.select(node, teacher, course);
    List<Long> questions = Fixtures.longs(node,
        "select id from quiz_question where course_id = ? order by ord", course);

    Reply view = api.get("/api/selections/" + selection + "/quiz", token);
    assertThat(view.json().getInteger("attemptsLeft")).isEqualTo(2);
    assertThat(view.raw().toString()).doesNotContain("\"answer\"");

    JsonObject threeRight = new JsonObject();
    questions.forEach(q -> threeRight.put(String.valueOf(q), "A"));
    threeRight.put(String.valueOf(questions.get(0)), "B");
    JsonObject attempt = new JsonObject().put("answers", threeRight).put("attemptKey", "k1");
    Reply first = api.post("/api/selections/" + selection + "/quiz", token, attempt);
    Reply retried = api.post("/api/selections/" + selection + "/quiz", token, attempt);
    assertThat(first.json().getDouble("score")).isEqualTo(75.0);
    assertThat(retried.json()).isEqualTo(first.json());

    JsonObject none = new JsonObject().put("answers", new JsonObject()).put("attemptKey", "k2");
    Reply second = api.post("/api/selections/" + selection + "/quiz", token, none);
    assertThat(second.json().getDouble("score")).isEqualTo(0.0);
    assertThat(second.json().getDouble("bestScore")).isEqualTo(75.0);
    assertThat(second.json().getInteger("attemptsLeft")).isZero();

    Reply third = api.post("/api/selections/" + selection + "/quiz", token,
        none.copy().put("attemptKey", "k3"));
    assertThat(third.status()).isEqualTo(409);
    assertThat(third.error()).isEqualTo("no_attempts_left");
    assertThat(node.queryLong("select quiz_score from selection where id = ?", selection))
        .isEqualTo(75);
    assertThat(node.queryLong("select count(*) from quiz_attempt where selection_id = ?",
        selection)).isEqualTo(2);
  }

  @Test
  void evaluationNeedsLearningAndIsRecordedOnce() {
    long selection = Fixtures.select(node, teacher, Fixtures.course(node, "EVAL-1", 1, 1, 60));
    JsonObject body = new JsonObject().put("rating", 5).put("comment", "受益匪浅");

    Reply early = api.post("/api/selections/" + selection + "/evaluation", token, body);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.error()).isEqualTo("not_started");

    node.execute("update selection set status = 'LEARNING' where id = ?", selection);
    Reply first = api.post("/api/selections/" + selection + "/evaluation", token, body);
    Reply second = api.post("/api/selections/" + selection + "/evaluation", token,
        body.copy().put("rating", 1));
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(api.post("/api/selections/" + selection + "/evaluation", token,
        new JsonObject().put("rating", 6)).status()).isEqualTo(400);
  }
}
