package org.jijiao.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
class ForumTest {

  /** This year's all-staff training, owned by the city. */
  private static final long CITY_PROJECT = 1000;
  private static final long SCHOOL_ADMIN = 2;
  private static final long DISTRICT_ADMIN = 3;
  private static final long CITY_ADMIN = 4;
  private static final long TUTOR = 9;
  private static final int FLOOD_LIMIT = 5;

  private static TestNode node;
  private static TestClient api;
  private static InteractionFixtures city;
  private static final AtomicInteger nextTeacher = new AtomicInteger();

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("forum.maxPostsPerWindow", String.valueOf(FLOOD_LIMIT)));
    api = node.client();
    city = new InteractionFixtures(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A fresh teacher enrolled in the city project (fresh, so flood counts never mix). */
  private static long enrolledTeacher() {
    long id = city.teachers(nextTeacher.getAndIncrement(), 1).get(0);
    city.enroll(CITY_PROJECT, id);
    return id;
  }

  private static Reply post(long author, long project, String title, String body) {
    return api.post("/api/trainings/" + project + "/forum/posts", city.token(author),
        new JsonObject().put("title", title).put("body", body));
  }

  private static long postOk(long author, long project) {
    Reply reply = post(author, project, "学习心得", "这门课很有收获。");
    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(201);
    return reply.json().getLong("id");
  }

  private static Reply reply(long author, long postId, String body) {
    return api.post("/api/forum/posts/" + postId + "/replies", city.token(author),
        new JsonObject().put("body", body));
  }

  private static Reply setOpen(long admin, long project, boolean open) {
    return api.put("/api/admin/trainings/" + project + "/forum", city.token(admin),
        new JsonObject().put("open", open));
  }

  @Test
  void enrolledTeachersPostAndReplyAndTheAuthorIsToldOfTheReplyOnce() {
    long author = enrolledTeacher();
    long replier = enrolledTeacher();
    long thread = postOk(author, CITY_PROJECT);

    Reply answer = reply(replier, thread, "同意，尤其是第二讲。");
    Reply ownAnswer = reply(author, answer.json().getLong("id"), "谢谢！");

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().getLong("threadId")).isEqualTo(thread);
    assertThat(ownAnswer.status()).isEqualTo(201);
    assertThat(city.eventually(1, "select count(*) from message where user_id = ? "
        + "and kind = 'FORUM_REPLY'", author)).isEqualTo(1);
    assertThat(node.queryLong("select count(*) from message where user_id = ? "
        + "and dedupe_key = ?", author, "forum:reply:" + answer.json().getLong("id") + ":"
        + author)).isEqualTo(1);
    // The author answered the replier's reply: the replier hears of it; the author, who
    // wrote it, does not hear of their own words.
    assertThat(city.eventually(1, "select count(*) from message where user_id = ? "
        + "and kind = 'FORUM_REPLY'", replier)).isEqualTo(1);
    assertThat(node.queryLong("select count(*) from message where user_id = ? "
        + "and kind = 'FORUM_REPLY'", author)).isEqualTo(1);

    Reply view = api.get("/api/forum/posts/" + thread, city.token(replier));
    assertThat(view.status()).isEqualTo(200);
    assertThat(view.json().getJsonObject("thread").getInteger("replyCount")).isEqualTo(2);
    assertThat(view.json().getJsonObject("replies").getLong("total")).isEqualTo(2);
  }

  @Test
  void teachersNotEnrolledCanNeitherReadNorWrite() {
    long outsider = city.teachers(nextTeacher.getAndIncrement(), 1).get(0);

    Reply read = api.get("/api/trainings/" + CITY_PROJECT + "/forum/posts",
        city.token(outsider));
    Reply write = post(outsider, CITY_PROJECT, "标题", "内容");

    assertThat(read.status()).isEqualTo(403);
    assertThat(read.error()).isEqualTo("not_enrolled");
    assertThat(write.status()).isEqualTo(403);
  }

  @Test
  void authorsDeleteOnlyTheirOwnPosts() {
    long author = enrolledTeacher();
    long other = enrolledTeacher();
    long thread = postOk(author, CITY_PROJECT);
    long answer = reply(other, thread, "回复").json().getLong("id");

    assertThat(api.delete("/api/forum/posts/" + thread, city.token(other)).status())
        .isEqualTo(403);
    assertThat(api.delete("/api/forum/posts/" + answer, city.token(other)).status())
        .isEqualTo(204);
    Reply view = api.get("/api/forum/posts/" + thread, city.token(author));
    assertThat(view.json().getJsonObject("thread").getInteger("replyCount")).isZero();
    assertThat(view.json().getJsonObject("replies").getJsonArray("items").getJsonObject(0)
        .getString("status")).isEqualTo("DELETED");
    assertThat(api.delete("/api/forum/posts/" + thread, city.token(author)).status())
        .isEqualTo(204);
  }

  @ParameterizedTest(name = "account {0} closing the city forum gets {1}")
  @CsvSource({"2, 403", "3, 403", "1, 403", "9, 403"})
  void onlyAdminsCoveringTheOwnerMayCloseTheCityForum(long account, int status) {
    assertThat(setOpen(account, CITY_PROJECT, false).status()).isEqualTo(status);
  }

  @Test
  void aClosedForumIsReadOnlyForEveryoneUntilReopened() {
    long author = enrolledTeacher();
    long thread = postOk(author, CITY_PROJECT);

    Reply closed = setOpen(CITY_ADMIN, CITY_PROJECT, false);
    try {
      assertThat(closed.status()).isEqualTo(200);
      assertThat(closed.json().getBoolean("open")).isFalse();
      Reply newPost = post(author, CITY_PROJECT, "关闭后", "发帖");
      Reply newReply = reply(author, thread, "关闭后回复");
      Reply tutorReply = reply(TUTOR, thread, "导师评论");
      Reply delete = api.delete("/api/forum/posts/" + thread, city.token(author));
      Reply read = api.get("/api/trainings/" + CITY_PROJECT + "/forum/posts",
          city.token(author));

      assertThat(newPost.status()).isEqualTo(409);
      assertThat(newPost.error()).isEqualTo("forum_closed");
      assertThat(newReply.error()).isEqualTo("forum_closed");
      assertThat(tutorReply.error()).isEqualTo("forum_closed");
      assertThat(delete.error()).isEqualTo("forum_closed");
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json().getBoolean("open")).isFalse();
    } finally {
      assertThat(setOpen(CITY_ADMIN, CITY_PROJECT, true).status()).isEqualTo(200);
    }
    assertThat(reply(author, thread, "重新开放后").status()).isEqualTo(201);
  }

  @Test
  void aSchoolBasedForumIsManagedByItsSchoolAndDistrictButNotByOtherSchools() {
    long school = city.demoSchool();
    long project = node.queryLong("insert into training_project (name, kind, year, owner_org_id,"
        + " enroll_opens_at, enroll_closes_at, study_opens_at, study_closes_at) values "
        + "('校本论坛', 'SCHOOL_BASED', 2026, ?, now(), now() + interval '1 day', now(), "
        + "now() + interval '1 day') returning id", school);
    long neighbourAdmin = city.schoolAdminOf(city.neighbourSchool());
    long farDistrictAdmin = city.districtAdminOf(city.districtOf(city.farSchool()));

    assertThat(setOpen(neighbourAdmin, project, false).error()).isEqualTo("out_of_scope");
    assertThat(setOpen(farDistrictAdmin, project, false).error()).isEqualTo("out_of_scope");
    assertThat(setOpen(SCHOOL_ADMIN, project, false).status()).isEqualTo(200);
    assertThat(setOpen(DISTRICT_ADMIN, project, true).status()).isEqualTo(200);
    assertThat(setOpen(CITY_ADMIN, project, true).status()).isEqualTo(200);
  }

  @Test
  void aMutedTeachersPostsAreRefusedUntilUnmutedAndOthersAreUnaffected() {
    long muted = enrolledTeacher();
    long other = enrolledTeacher();
    long thread = postOk(other, CITY_PROJECT);
    JsonObject mute = new JsonObject().put("teacherId", muted).put("minutes", 60)
        .put("reason", "刷屏");

    assertThat(api.post("/api/admin/trainings/" + CITY_PROJECT + "/forum/mutes",
        city.token(DISTRICT_ADMIN), mute).status()).isEqualTo(403);
    Reply muting = api.post("/api/admin/trainings/" + CITY_PROJECT + "/forum/mutes",
        city.token(CITY_ADMIN), mute);
    assertThat(muting.status()).isEqualTo(200);
    assertThat(muting.json().getString("mutedUntil")).isNotBlank();

    Reply refused = post(muted, CITY_PROJECT, "禁言中", "发帖");
    Reply refusedReply = reply(muted, thread, "禁言中回复");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error()).isEqualTo("muted");
    assertThat(refused.json().getString("message")).contains("禁言");
    assertThat(refusedReply.error()).isEqualTo("muted");
    assertThat(reply(other, thread, "我没被禁言").status()).isEqualTo(201);
    assertThat(api.get("/api/forum/posts/" + thread, city.token(muted)).status())
        .isEqualTo(200);

    assertThat(api.delete("/api/admin/trainings/" + CITY_PROJECT + "/forum/mutes/" + muted,
        city.token(CITY_ADMIN)).status()).isEqualTo(204);
    assertThat(post(muted, CITY_PROJECT, "解除禁言", "发帖").status()).isEqualTo(201);
  }

  @Test
  void anExpiredMuteNoLongerApplies() {
    long teacher = enrolledTeacher();
    node.execute("insert into forum_mute (project_id, teacher_id, muted_until, reason, muted_by)"
        + " values (?, ?, now() - interval '1 minute', '过期', 4)", CITY_PROJECT, teacher);

    assertThat(post(teacher, CITY_PROJECT, "禁言已过期", "发帖").status()).isEqualTo(201);
  }

  @Test
  void adminsRemovePostsWithAReasonTheAuthorIsToldAndOthersSeeAPlaceholder() {
    long author = enrolledTeacher();
    long thread = postOk(author, CITY_PROJECT);
    long answer = reply(enrolledTeacher(), thread, "<script>alert(1)</script>广告").json()
        .getLong("id");
    JsonObject why = new JsonObject().put("reason", "广告内容");

    assertThat(api.post("/api/admin/forum/posts/" + answer + "/remove", city.token(SCHOOL_ADMIN),
        why).status()).isEqualTo(403);
    Reply removed = api.post("/api/admin/forum/posts/" + answer + "/remove",
        city.token(CITY_ADMIN), why);

    assertThat(removed.status()).isEqualTo(200);
    JsonObject shown = api.get("/api/forum/posts/" + thread, city.token(author)).json()
        .getJsonObject("replies").getJsonArray("items").getJsonObject(0);
    assertThat(shown.getString("status")).isEqualTo("REMOVED");
    assertThat(shown.getString("body")).contains("广告内容").doesNotContain("<script>");
    long replier = node.queryLong("select author_id from forum_post where id = ?", answer);
    assertThat(city.eventually(1, "select count(*) from message where user_id = ? "
        + "and kind = 'FORUM_REMOVED'", replier)).isEqualTo(1);
  }

  @Test
  void tutorsCommentAndProposeAForumScoreThatAsksTheLearningEngineToRescore() {
    long teacher = enrolledTeacher();
    long thread = postOk(teacher, CITY_PROJECT);
    long enrollment = node.queryLong("select id from enrollment where project_id = ? "
        + "and teacher_id = ?", CITY_PROJECT, teacher);
    long selection = node.queryLong("insert into selection (enrollment_id, project_id, "
        + "teacher_id, course_id) values (?, ?, ?, 100001) returning id", enrollment,
        CITY_PROJECT, teacher);

    Reply comment = reply(TUTOR, thread, "观点清晰，建议结合课堂案例。");
    Reply tutorThread = post(TUTOR, CITY_PROJECT, "导师开帖", "内容");
    Reply score = api.post("/api/tutor/selections/" + selection + "/forum-score",
        city.token(TUTOR), new JsonObject().put("score", 85).put("comment", "积极参与"));

    assertThat(comment.status()).isEqualTo(201);
    assertThat(comment.json().getBoolean("byTutor")).isTrue();
    assertThat(tutorThread.status()).isEqualTo(403);
    assertThat(score.status()).isEqualTo(200);
    assertThat(node.queryLong("select forum_score::int from selection where id = ?", selection))
        .isEqualTo(85);
    assertThat(node.queryLong("select count(*) from forum_score where selection_id = ?",
        selection)).isEqualTo(1);
    // The learning engine takes the rescore request and folds the forum score in with the
    // project's forum weight (0.1): 85 → a course score of at least 8.5.
    assertThat(city.eventually(850, "select (score * 100)::bigint from selection where id = ?",
        selection)).isGreaterThanOrEqualTo(850);

    assertThat(api.post("/api/tutor/selections/" + selection + "/forum-score",
        city.token(TUTOR), new JsonObject().put("score", 101)).status()).isEqualTo(400);
    assertThat(api.post("/api/tutor/selections/" + selection + "/forum-score",
        city.token(teacher), new JsonObject().put("score", 100)).status()).isEqualTo(403);
    assertThat(api.post("/api/tutor/selections/" + selection + "/forum-score",
        city.token(CITY_ADMIN), new JsonObject().put("score", 100)).status()).isEqualTo(403);
  }

  @Test
  void floodingIsRefusedWith429AndRetryAfter() {
    long teacher = enrolledTeacher();
    for (int i = 0; i < FLOOD_LIMIT; i++) {
      assertThat(post(teacher, CITY_PROJECT, "帖子 " + i, "内容").status()).isEqualTo(201);
    }

    Reply flood = post(teacher, CITY_PROJECT, "再来一帖", "内容");

    assertThat(flood.status()).isEqualTo(429);
    assertThat(Integer.parseInt(flood.header("Retry-After"))).isBetween(1, 60);
    assertThat(node.queryLong("select count(*) from forum_post where author_id = ?", teacher))
        .isEqualTo(FLOOD_LIMIT);
  }

  @Test
  void lengthsAreCountedInCodePoints() {
    long teacher = enrolledTeacher();

    Reply longest = post(teacher, CITY_PROJECT, "𠇔".repeat(100), "𠇔".repeat(5000));
    Reply tooLong = post(teacher, CITY_PROJECT, "标题", "𠇔".repeat(5001));
    Reply blank = post(teacher, CITY_PROJECT, "标题", "   ");

    assertThat(longest.status()).isEqualTo(201);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("field")).isEqualTo("body");
    assertThat(blank.status()).isEqualTo(400);
  }

  @Test
  void threadsArePagedNewestActivityFirst() {
    long teacher = enrolledTeacher();
    long first = postOk(teacher, CITY_PROJECT);
    long second = postOk(teacher, CITY_PROJECT);
    reply(teacher, first, "顶");

    Reply page = api.get("/api/trainings/" + CITY_PROJECT + "/forum/posts?page=1&size=2",
        city.token(teacher));

    assertThat(page.json().getJsonArray("items")).hasSize(2);
    assertThat(page.json().getLong("total")).isGreaterThanOrEqualTo(2);
    assertThat(page.json().getJsonArray("items").getJsonObject(0).getLong("id"))
        .isEqualTo(first);
    assertThat(page.json().getJsonArray("items").getJsonObject(1).getLong("id"))
        .isEqualTo(second);
  }
}
