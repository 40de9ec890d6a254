package org.jijiao.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.jijiao.testing.Demo;
import org.jijiao.testing.Multipart;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Credit declaration (certificate upload, school → district) and credit appeal. */
@Timeout(180)
class CreditFlowsTest {

  private static final int LIMIT = 64 * 1024;
  private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private static TestNode node;
  private static TestClient api;
  private static Fixtures city;
  private static String teacher;
  private static String school;
  private static String district;
  private static int year;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("approval.certificateMaxBytes", String.valueOf(LIMIT),
        "http.uploadLimitBytes", String.valueOf(1 << 20)));
    api = node.client();
    city = new Fixtures(node);
    teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    school = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    district = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    year = LocalDate.now().getYear();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Reply declare(String title, String fileName, String type, Buffer content) {
    return Multipart.post(api, "/api/me/credit-declarations", teacher, Map.of(
        "title", title, "hours", "12", "credits", "1.5", "category", "PROFESSIONAL",
        "year", String.valueOf(year), "organizer", "省教育学院"),
        "certificate", fileName, type, content);
  }

  private static Buffer png(int size) {
    Buffer buffer = Buffer.buffer(PNG_HEAD);
    while (buffer.length() < size) {
      buffer.appendByte((byte) (buffer.length() % 251));
    }
    return buffer;
  }

  private static Reply decide(String token, long id, String decision, String comment) {
    return api.post("/api/admin/approvals/" + id + "/decision", token,
        new JsonObject().put("decision", decision).put("comment", comment));
  }

  @Test
  void anApprovedDeclarationBecomesOneLedgerEntryKeyedByItsId() {
    Reply declared = declare("省级骨干教师培训", "结业证书.png", "image/png", png(2048));
    assertThat(declared.status()).as(declared.raw().toString()).isEqualTo(201);
    long id = declared.json().getLong("id");

    Reply file = api.get("/api/admin/approvals/" + id + "/attachment", school);
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Type")).isEqualTo("image/png");
    assertThat(file.header("Content-Disposition"))
        .contains("filename*=UTF-8''%E7%BB%93%E4%B8%9A%E8%AF%81%E4%B9%A6.png");
    assertThat(file.raw().length()).isEqualTo(2048);
    assertThat(decide(district, id, "APPROVE", null).status()).isEqualTo(403);
    assertThat(decide(school, id, "APPROVE", "证书属实").status()).isEqualTo(200);
    assertThat(node.queryLong("select count(*) from credit_entry where source = 'DECLARATION' "
        + "and source_ref = ?", String.valueOf(id))).isZero();

    Reply approved = decide(district, id, "APPROVE", "同意计入");
    Reply retried = decide(district, id, "APPROVE", "同意计入");

    assertThat(approved.json().getString("status")).isEqualTo("APPROVED");
    assertThat(retried.json()).isEqualTo(approved.json());
    assertThat(node.queryLong("select count(*) from credit_entry where source = 'DECLARATION' "
        + "and source_ref = ? and teacher_id = 1 and credits = 1.5 and hours = 12", String.valueOf(id)))
        .isEqualTo(1);
    assertThat(api.get("/api/me/applications/" + id + "/attachment", teacher).status())
        .isEqualTo(200);
  }

  @ParameterizedTest(name = "{0} as {1} ({2}) is refused")
  @CsvSource({
      "'<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>', cert.png, image/png",
      "'<!DOCTYPE html><html><script>alert(1)</script></html>', cert.pdf, application/pdf",
      "'  <?xml version=\"1.0\"?><svg/>', cert.jpg, image/jpeg",
      "'GIF89a......', cert.png, image/png"})
  void filesAreJudgedByContentNotByNameOrDeclaredType(String content, String name, String type) {
    long before = declarations();

    Reply reply = declare("伪装文件" + name, name, type,
        Buffer.buffer(content.getBytes(StandardCharsets.UTF_8)));

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.error()).isEqualTo("unsupported_file_type");
    assertThat(declarations()).isEqualTo(before);
    assertThat(filesIn("certificates")).isEqualTo(keptCertificates());
    assertThat(eventuallyEmpty("uploads")).isTrue();
  }

  @Test
  void anOversizedCertificateIs413WithAClearMessageAndLeavesNothing() {
    long before = declarations();

    Reply reply = declare("超大证书", "big.png", "image/png", png(LIMIT + 1));

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.error()).isEqualTo("file_too_large");
    assertThat(reply.json().getString("message")).contains("64 KB");
    assertThat(declarations()).isEqualTo(before);
    assertThat(filesIn("certificates")).isEqualTo(keptCertificates());
    assertThat(eventuallyEmpty("uploads")).isTrue();
  }

  @Test
  void anUploadOverTheRequestLimitIs413AndLeavesNothing() {
    long before = declarations();

    Reply reply = declare("超过请求上限", "huge.png", "image/png", png((1 << 20) + 4096));

    assertThat(reply.status()).isEqualTo(413);
    assertThat(declarations()).isEqualTo(before);
    assertThat(eventuallyEmpty("uploads")).isTrue();
  }

  @Test
  void declarationFieldsAreCheckedBeforeTheFile() {
    Reply reply = Multipart.post(api, "/api/me/credit-declarations", teacher, Map.of(
        "title", "缺学分", "hours", "12", "credits", "1.25", "category", "PROFESSIONAL",
        "year", String.valueOf(year)), "certificate", "c.png", "image/png", png(100));
    Reply noFile = Multipart.post(api, "/api/me/credit-declarations", teacher, Map.of(
        "title", "无证书", "hours", "12", "credits", "1", "category", "公需",
        "year", String.valueOf(year)), null, null, null, null);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("field")).isEqualTo("credits");
    assertThat(noFile.status()).isEqualTo(400);
    assertThat(noFile.json().getString("field")).isEqualTo("certificate");
  }

  @Test
  void anotherSchoolsAdminCannotReviewADeclaration() {
    long id = declare("跨校审核", "c.pdf", "application/pdf",
        Buffer.buffer("%PDF-1.7\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1)))
        .json().getLong("id");
    String other = api.login(city.adminIdNumberOf(city.otherSchoolInDistrict()),
        TestNode.TEACHER_PASSWORD);

    Reply reply = decide(other, id, "APPROVE", null);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.error()).isEqualTo("out_of_scope");
    assertThat(api.get("/api/admin/approvals/" + id + "/attachment", other).status())
        .isEqualTo(403);
  }

  @Test
  void anAppealIsRejectedOnlyWithAReasonAndApprovedIntoACorrectingEntry() {
    JsonObject appeal = new JsonObject().put("courseId", 100_001).put("year", year)
        .put("credits", 2).put("hours", 2).put("reason", "课程已学完但未计学分")
        .put("evidence", "学习记录截图见附件说明");
    long rejectedId = api.post("/api/me/credit-appeals", teacher, appeal).json().getLong("id");

    Reply noReason = decide(school, rejectedId, "REJECT", null);
    Reply rejected = decide(school, rejectedId, "REJECT", "学习记录显示未完成");

    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.error()).isEqualTo("reason_required");
    assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");
    assertThat(node.queryLong("select count(*) from credit_entry where source = 'APPEAL'")).isZero();

    Reply second = api.post("/api/me/credit-appeals", teacher, appeal);
    assertThat(second.status()).as(second.raw().toString()).isEqualTo(201);
    long id = second.json().getLong("id");
    decide(school, id, "APPROVE", null);
    decide(district, id, "APPROVE", "核实无误");

    assertThat(node.queryLong("select count(*) from credit_entry where source = 'APPEAL' "
        + "and source_ref = ? and course_id = 100001 and credits = 2", String.valueOf(id)))
        .isEqualTo(1);
    assertThat(city.noticesLike("approval:" + id + ":%")).isEqualTo(3);
  }

  @ParameterizedTest(name = "appeal {0} is refused on {1}")
  @CsvSource({
      "'{\"year\":2026,\"credits\":1,\"hours\":1,\"reason\":\"r\",\"evidence\":\"e\"}', courseId",
      "'{\"courseId\":1,\"year\":2026,\"credits\":1,\"hours\":1,\"reason\":\"r\",\"evidence\":\"e\"}', courseId",
      "'{\"courseId\":100001,\"year\":2026,\"credits\":0,\"hours\":1,\"reason\":\"r\",\"evidence\":\"e\"}', credits",
      "'{\"courseId\":100001,\"year\":2026,\"credits\":1,\"hours\":1,\"reason\":\"r\"}', evidence"})
  void badAppealsAreRefusedWithTheField(String body, String field) {
    Reply reply = api.post("/api/me/credit-appeals", teacher,
        new JsonObject(body).put("year", year));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("field")).isEqualTo(field);
  }

  private static long declarations() {
    return node.queryLong("select count(*) from approval where flow = 'DECLARATION'");
  }

  private static long keptCertificates() {
    return node.queryLong("select count(*) from approval where flow = 'DECLARATION' "
        + "and payload -> 'certificate' is not null");
  }

  private static long filesIn(String sub) {
    File[] files = new File(node.settings().files().filesDir(), sub).listFiles();
    return files == null ? 0 : files.length;
  }

  private static boolean eventuallyEmpty(String sub) {
    long deadline = System.currentTimeMillis() + 3_000;
    while (System.currentTimeMillis() < deadline) {
      if (filesIn(sub) == 0) {
        return true;
      }
      Fixtures.sleep(50);
    }
    return false;
  }
}
