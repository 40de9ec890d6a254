package org.jijiao.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class NoticeTest {

  private static final long SCHOOL_ADMIN = 2;
  private static final long DISTRICT_ADMIN = 3;
  private static final long CITY_ADMIN = 4;
  private static final long TEACHER = 1;

  private static TestNode node;
  private static TestClient api;
  private static InteractionFixtures city;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("notices.maxAttachmentBytes", "4096",
        "notices.maxAttachments", "3"));
    api = node.client();
    city = new InteractionFixtures(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Reply publish(long adminId, Long orgId, String title, String html,
      boolean pinned) {
    JsonObject body = new JsonObject().put("title", title).put("bodyHtml", html)
        .put("pinned", pinned);
    if (orgId != null) {
      body.put("orgId", orgId);
    }
    return api.post("/api/admin/notices", city.token(adminId), body);
  }

  private static long publishOk(long adminId, Long orgId, String title) {
    Reply reply = publish(adminId, orgId, title, "<p>正文</p>", false);
    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(201);
    return reply.json().getLong("id");
  }

  private static List<Long> idsIn(Reply list) {
    return list.json().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  void teachersOfTheSubtreeSeeANoticeUnreadUntilTheyOpenItAndOpeningTwiceReadsOnce() {
    long mine = publishOk(SCHOOL_ADMIN, null, "本校教研活动安排");
    long teacherElsewhere = city.teachersAt(city.neighbourSchool(), 1).get(0);

    Reply before = api.get("/api/notices", city.token(TEACHER));
    assertThat(before.status()).isEqualTo(200);
    assertThat(idsIn(before)).contains(mine);
    JsonObject item = before.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(o -> o.getLong("id") == mine).findFirst().orElseThrow();
    assertThat(item.getBoolean("read")).isFalse();
    long unreadBefore = before.json().getLong("unreadCount");
    assertThat(unreadBefore).isGreaterThanOrEqualTo(1);
    assertThat(idsIn(api.get("/api/notices", city.token(teacherElsewhere)))).doesNotContain(mine);

    Reply open = api.get("/api/notices/" + mine, city.token(TEACHER));
    Reply again = api.get("/api/notices/" + mine, city.token(TEACHER));

    assertThat(open.status()).isEqualTo(200);
    assertThat(open.json().getString("bodyHtml")).isEqualTo("<p>正文</p>");
    assertThat(again.status()).isEqualTo(200);
    assertThat(node.queryLong("select count(*) from notice_read where notice_id = ?", mine))
        .isEqualTo(1);
    Reply after = api.get("/api/notices", city.token(TEACHER));
    assertThat(after.json().getLong("unreadCount")).isEqualTo(unreadBefore - 1);
    assertThat(api.get("/api/notices/" + mine, city.token(teacherElsewhere)).status())
        .isEqualTo(404);
  }

  @Test
  void aCityNoticeReachesEveryTeacherAndPinnedNoticesComeFirst() {
    long plain = publishOk(CITY_ADMIN, null, "全市普通通知");
    long pinned = publish(CITY_ADMIN, null, "全市置顶通知", "<p>x</p>", true).json().getLong("id");
    long farTeacher = city.teachersAt(city.farSchool(), 1).get(0);

    List<Long> seen = idsIn(api.get("/api/notices?size=100", city.token(farTeacher)));

    assertThat(seen).contains(plain, pinned);
    assertThat(seen.indexOf(pinned)).isLessThan(seen.indexOf(plain));
    Reply paged = api.get("/api/notices?page=1&size=1", city.token(farTeacher));
    assertThat(paged.json().getJsonArray("items")).hasSize(1);
    assertThat(paged.json().getLong("total")).isGreaterThanOrEqualTo(2);
  }

  enum Target { OWN_SCHOOL, NEIGHBOUR_SCHOOL, DEMO_DISTRICT, FAR_SCHOOL, CITY }

  @ParameterizedTest(name = "account {0} publishing to {1} gets {2}")
  @CsvSource({
      "2, OWN_SCHOOL, 201", "2, NEIGHBOUR_SCHOOL, 403", "2, DEMO_DISTRICT, 403",
      "2, CITY, 403",
      "3, OWN_SCHOOL, 201", "3, NEIGHBOUR_SCHOOL, 201", "3, DEMO_DISTRICT, 201",
      "3, FAR_SCHOOL, 403", "3, CITY, 403",
      "4, FAR_SCHOOL, 201", "4, CITY, 201",
      "1, OWN_SCHOOL, 403"})
  void adminsPublishOnlyInsideTheirSubtree(long account, Target target, int status) {
    long orgId = switch (target) {
      case OWN_SCHOOL -> city.demoSchool();
      case NEIGHBOUR_SCHOOL -> city.neighbourSchool();
      case DEMO_DISTRICT -> city.demoDistrict();
      case FAR_SCHOOL -> city.farSchool();
      case CITY -> 1L;
    };

    Reply reply = publish(account, orgId, "范围测试", "<p>x</p>", false);

    assertThat(reply.status()).isEqualTo(status);
    if (status == 403) {
      assertThat(reply.error()).isIn("out_of_scope", "forbidden");
    }
  }

  @Test
  void adminListsShowOnlyNoticesInsideTheAdminsScope() {
    long neighbourAdmin = city.schoolAdminOf(city.neighbourSchool());
    long farDistrictAdmin = city.districtAdminOf(city.districtOf(city.farSchool()));
    long ours = publishOk(SCHOOL_ADMIN, null, "本校通知-列表");
    long theirs = publishOk(neighbourAdmin, null, "邻校通知-列表");

    List<Long> schoolView = idsIn(api.get("/api/admin/notices?size=100",
        city.token(SCHOOL_ADMIN)));
    List<Long> neighbourView = idsIn(api.get("/api/admin/notices?size=100",
        city.token(neighbourAdmin)));
    List<Long> districtView = idsIn(api.get("/api/admin/notices?size=100",
        city.token(DISTRICT_ADMIN)));
    List<Long> farDistrictView = idsIn(api.get("/api/admin/notices?size=100",
        city.token(farDistrictAdmin)));
    List<Long> cityView = idsIn(api.get("/api/admin/notices?size=100", city.token(CITY_ADMIN)));

    assertThat(schoolView).contains(ours).doesNotContain(theirs);
    assertThat(neighbourView).contains(theirs).doesNotContain(ours);
    assertThat(districtView).contains(ours, theirs);
    assertThat(farDistrictView).doesNotContain(ours, theirs);
    assertThat(cityView).contains(ours, theirs);
    assertThat(api.get("/api/admin/notices", city.token(TEACHER)).status()).isEqualTo(403);
  }

  @Test
  void onlyAdminsCoveringTheTargetEditPinOrDeleteAndDeletedNoticesDisappear() {
    long id = publishOk(SCHOOL_ADMIN, null, "待修改的通知");
    long neighbourAdmin = city.schoolAdminOf(city.neighbourSchool());
    JsonObject edit = new JsonObject().put("title", "已修改的通知").put("bodyHtml", "<p>新</p>");

    assertThat(api.put("/api/admin/notices/" + id, city.token(neighbourAdmin), edit).status())
        .isEqualTo(403);
    assertThat(api.put("/api/admin/notices/" + id + "/pin", city.token(neighbourAdmin),
        new JsonObject().put("pinned", true)).status()).isEqualTo(403);
    assertThat(api.delete("/api/admin/notices/" + id, city.token(neighbourAdmin)).status())
        .isEqualTo(403);

    Reply edited = api.put("/api/admin/notices/" + id, city.token(DISTRICT_ADMIN), edit);
    Reply pinned = api.put("/api/admin/notices/" + id + "/pin", city.token(SCHOOL_ADMIN),
        new JsonObject().put("pinned", true));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().getString("title")).isEqualTo("已修改的通知");
    assertThat(pinned.json().getBoolean("pinned")).isTrue();

    assertThat(api.delete("/api/admin/notices/" + id, city.token(SCHOOL_ADMIN)).status())
        .isEqualTo(204);
    assertThat(api.get("/api/notices/" + id, city.token(TEACHER)).status()).isEqualTo(404);
    assertThat(idsIn(api.get("/api/notices?size=100", city.token(TEACHER)))).doesNotContain(id);
    assertThat(api.delete("/api/admin/notices/" + id, city.token(SCHOOL_ADMIN)).status())
        .isEqualTo(404);
    assertThat(node.queryLong("select count(*) from audit_log where target_type = 'notice' "
        + "and target_id = ?", String.valueOf(id))).isEqualTo(4);
  }

  @Test
  void anAdminOpensANoticeToEditWithoutCountingAsAReader() {
    long id = publishOk(SCHOOL_ADMIN, null, "编辑时不算已读");
    assertThat(api.get("/api/notices/" + id, city.token(TEACHER)).status()).isEqualTo(200);

    Reply forEditing = api.get("/api/admin/notices/" + id, city.token(DISTRICT_ADMIN));
    Reply again = api.get("/api/admin/notices/" + id, city.token(SCHOOL_ADMIN));
    Reply neighbour = api.get("/api/admin/notices/" + id,
        city.token(city.schoolAdminOf(city.neighbourSchool())));
    Reply teacher = api.get("/api/admin/notices/" + id, city.token(TEACHER));

    assertThat(forEditing.status()).isEqualTo(200);
    assertThat(forEditing.json().getString("bodyHtml")).isEqualTo("<p>正文</p>");
    assertThat(again.json().getLong("readCount")).as("only the teacher read it").isEqualTo(1);
    assertThat(neighbour.status()).as("out of scope reads as missing").isEqualTo(404);
    assertThat(teacher.status()).isEqualTo(403);
    assertThat(node.queryLong("select count(*) from notice_read where notice_id = ?", id))
        .isEqualTo(1);
  }

  @Test
  void numbersBeyondTheirRangeAndMangledTextAreRefusedNotNarrowed() {
    String token = city.token(CITY_ADMIN);
    long before = node.queryLong("select count(*) from notice");

    Reply wrapped = raw(token, "{\"title\":\"t\",\"bodyHtml\":\"<p>x</p>\","
        + "\"orgId\":18446744073709551617}");
    Reply fraction = raw(token, "{\"title\":\"t\",\"bodyHtml\":\"<p>x</p>\",\"orgId\":1.5}");
    Reply loneSurrogate = raw(token, "{\"title\":\"a\\ud800b\",\"bodyHtml\":\"<p>x</p>\"}");
    Reply replacement = raw(token, "{\"title\":\"a\uFFFDb\",\"bodyHtml\":\"<p>x</p>\"}");

    assertThat(wrapped.status()).isEqualTo(400);
    assertThat(wrapped.error()).isEqualTo("wrong_type");
    assertThat(fraction.error()).isEqualTo("wrong_type");
    assertThat(loneSurrogate.status()).isEqualTo(400);
    assertThat(loneSurrogate.error()).isEqualTo("invalid_text");
    assertThat(replacement.error()).isEqualTo("invalid_text");
    assertThat(node.queryLong("select count(*) from notice")).isEqualTo(before);
  }

  private static Reply raw(String token, String json) {
    return api.raw(io.vertx.core.http.HttpMethod.POST, "/api/admin/notices", token,
        "application/json", io.vertx.core.buffer.Buffer.buffer(json));
  }

  @Test
  void storedScriptInBodiesIsStrippedAndTitlesComeBackAsPlainData() {
    String title = "<script>alert('t')</script>标题";
    String html = "<p onclick=\"steal()\">你好<script>alert(1)</script>"
        + "<a href=\"javascript:alert(2)\">链接</a><img src=\"x\" onerror=\"alert(3)\">"
        + "<iframe src=\"https://evil.example\"></iframe><b>加粗</b></p>";

    Reply reply = publish(SCHOOL_ADMIN, null, title, html, false);

    assertThat(reply.status()).isEqualTo(201);
    String stored = reply.json().getString("bodyHtml");
    assertThat(stored).doesNotContain("<script", "onclick", "javascript:", "onerror",
        "<iframe", "alert(1)");
    assertThat(stored).contains("你好", "<b>加粗</b>");
    Reply read = api.get("/api/notices/" + reply.json().getLong("id"), city.token(TEACHER));
    assertThat(read.header("Content-Type")).startsWith("application/json");
    assertThat(read.json().getString("title")).isEqualTo(title);
    assertThat(read.json().getString("bodyHtml")).isEqualTo(stored);
  }

  @Test
  void oversizedTitlesAndMissingFieldsAre400() {
    assertThat(publish(SCHOOL_ADMIN, null, "长".repeat(101), "<p>x</p>", false).json()
        .getString("field")).isEqualTo("title");
    assertThat(publish(SCHOOL_ADMIN, null, "𠇔".repeat(100), "<p>x</p>", false).status())
        .isEqualTo(201);
    assertThat(api.post("/api/admin/notices", city.token(SCHOOL_ADMIN),
        new JsonObject().put("title", "无正文")).status()).isEqualTo(400);
  }

  @Test
  void attachmentsKeepTheirChineseNameAndAreServedWithTheRightHeaders() {
    long id = publishOk(SCHOOL_ADMIN, null, "带附件的通知");
    byte[] pdf = "%PDF-1.4 培训通知".getBytes(StandardCharsets.UTF_8);

    Reply uploaded = city.upload("/api/admin/notices/" + id + "/attachments",
        city.token(SCHOOL_ADMIN), "2026年 培训通知.pdf", "application/octet-stream", pdf);

    assertThat(uploaded.status()).as(uploaded.raw().toString()).isEqualTo(201);
    assertThat(uploaded.json().getString("fileName")).isEqualTo("2026年 培训通知.pdf");
    String url = uploaded.json().getString("url");
    Reply download = api.get(url, city.token(TEACHER));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Type")).isEqualTo("application/pdf");
    assertThat(download.header("Content-Disposition")).isEqualTo("attachment; "
        + "filename=\"2026_ ____.pdf\"; filename*=UTF-8''2026%E5%B9%B4%20%E5%9F%B9%E8%AE%AD"
        + "%E9%80%9A%E7%9F%A5.pdf");
    assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(download.raw().getBytes()).isEqualTo(pdf);
    assertThat(api.get(url + "?inline=1", city.token(TEACHER)).header("Content-Disposition"))
        .startsWith("inline; ");
    JsonArray listed = api.get("/api/notices/" + id, city.token(TEACHER)).json()
        .getJsonArray("attachments");
    assertThat(listed).hasSize(1);

    long farTeacher = city.teachersAt(city.farSchool(), 1).get(0);
    assertThat(api.get(url, city.token(farTeacher)).status()).isEqualTo(404);
  }

  @Test
  void scriptAndPathsInFileNamesAreStrippedAndAllNamesGetAnAsciiFallback() {
    long id = publishOk(SCHOOL_ADMIN, null, "文件名测试");

    Reply evil = city.upload("/api/admin/notices/" + id + "/attachments",
        city.token(SCHOOL_ADMIN), "..\\..\\etc\\<img src=x onerror=alert(1)>.pdf",
        "application/pdf", new byte[] {1, 2, 3});
    Reply chinese = city.upload("/api/admin/notices/" + id + "/attachments",
        city.token(SCHOOL_ADMIN), "通知.docx", "application/msword", new byte[] {4});

    assertThat(evil.status()).isEqualTo(201);
    String name = evil.json().getString("fileName");
    assertThat(name).doesNotContain("/", "\\", "<", ">", "..").endsWith(".pdf");
    Reply download = api.get(chinese.json().getString("url"), city.token(TEACHER));
    assertThat(download.header("Content-Disposition")).contains("filename=\"attachment-")
        .contains("filename*=UTF-8''%E9%80%9A%E7%9F%A5.docx");
    assertThat(download.header("Content-Type")).isEqualTo(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  }

  @Test
  void dangerousTypesOversizedFilesOutOfScopeUploadsAndTooManyFilesAreRefused() {
    long id = publishOk(SCHOOL_ADMIN, null, "附件限制");
    String path = "/api/admin/notices/" + id + "/attachments";
    long neighbourAdmin = city.schoolAdminOf(city.neighbourSchool());

    Reply html = city.upload(path, city.token(SCHOOL_ADMIN), "page.html", "text/html",
        "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
    Reply svg = city.upload(path, city.token(SCHOOL_ADMIN), "pic.svg", "image/svg+xml",
        new byte[] {1});
    Reply big = city.upload(path, city.token(SCHOOL_ADMIN), "big.pdf", "application/pdf",
        new byte[5000]);
    Reply foreign = city.upload(path, city.token(neighbourAdmin), "a.pdf", "application/pdf",
        new byte[] {1});

    assertThat(html.status()).isEqualTo(415);
    assertThat(html.error()).isEqualTo("unsupported_file_type");
    assertThat(svg.status()).isEqualTo(415);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.error()).isEqualTo("file_too_large");
    assertThat(foreign.status()).isEqualTo(403);
    for (int i = 0; i < 3; i++) {
      assertThat(city.upload(path, city.token(SCHOOL_ADMIN), i + ".txt", "text/plain",
          new byte[] {1}).status()).isEqualTo(201);
    }
    assertThat(city.upload(path, city.token(SCHOOL_ADMIN), "4.txt", "text/plain",
        new byte[] {1}).error()).isEqualTo("too_many_attachments");
    assertThat(node.queryLong("select count(*) from notice_attachment where notice_id = ?", id))
        .isEqualTo(3);
  }
}
