package org.jijiao.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
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

/** The learning path through HTTP, in real time, with a 4-second video and 1 s segments. */
@Timeout(180)
class LearningFlowTest {

  private static TestNode node;
  private static long teacher;
  private static String token;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("learning.segmentSeconds", "1",
        "learning.heartbeatSeconds", "1", "learning.flushIntervalMs", "100",
        "media.dir", Fixtures.mediaDir().toString()));
    teacher = Fixtures.teachers(node, 1).get(0);
    token = Fixtures.token(node, teacher);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static TestClient api() {
    return node.client();
  }

  private static JsonObject open(String who, long selection, long video) {
    Reply reply = api().post("/api/learn/sessions", who,
        new JsonObject().put("selectionId", selection).put("videoId", video));
    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(201);
    return reply.json();
  }

  private static Reply beat(String who, String session, long seq, double position) {
    return api().post("/api/learn/heartbeats", who, new JsonObject().put("sessionId", session)
        .put("seq", seq).put("position", position).put("playing", true));
  }

  @Test
  void teacherWatchesAShortCourseAndIsAwardedCreditsExactlyOnce() throws Exception {
    long course = Fixtures.course(node, "FLOW-1", 2, 3, 4);
    long video = Fixtures.videos(node, course).get(0);
    long selection = Fixtures.select(node, teacher, course);

    JsonObject session = open(token, selection, video);
    assertThat(session.getInteger("durationSeconds")).isEqualTo(4);
    assertThat(session.getDouble("resumeAt")).isZero();
    assertThat(node.queryLong("select count(*) from selection where id = ? and status = 'LEARNING'",
        selection)).isEqualTo(1);

    String id = session.getString("sessionId");
    Reply last = null;
    for (int seq = 1; seq <= 4; seq++) {
      Thread.sleep(1050);
      last = beat(token, id, seq, seq);
      assertThat(last.status()).isEqualTo(200);
      // The same heartbeat again (a retry) changes nothing.
      assertThat(beat(token, id, seq, seq).json()).isEqualTo(last.json());
    }
    assertThat(last.json().getBoolean("completed")).isTrue();
    assertThat(last.json().getInteger("watchedSeconds")).isEqualTo(4);

    awaitTrue(() -> node.queryLong("select count(*) from credit_entry where selection_id = ?",
        selection) == 1);
    for (int i = 0; i < 5; i++) {
      node.node().vertx().eventBus().publish("jijiao.learning.rescore",
          new JsonObject().put("selectionId", selection));
      assertThat(beat(token, id, 4, 4).status()).isEqualTo(200);
    }
    Thread.sleep(500);

    assertThat(node.queryLong("select count(*) from credit_entry where selection_id = ?",
        selection)).isEqualTo(1);
    assertThat(node.queryLong("select count(*) from selection where id = ? and status = 'PASSED'"
        + " and video_percent = 100 and score = 60", selection)).isEqualTo(1);
    assertThat(node.queryLong("select credited_seconds from play_session where id = ?", id))
        .isEqualTo(4);
    Reply credits = api().get("/api/me/credits", token);
    if (credits.status() == 200) {
      assertThat(credits.json().getDouble("totalCredits")).isGreaterThanOrEqualTo(2.0);
    }
  }

  @Test
  void aStateWhoseSelectionVanishedNeverBlocksOtherTeachersProgress() throws Exception {
    long course = Fixtures.course(node, "FLOW-ORPHAN", 1, 1, 30);
    long video = Fixtures.videos(node, course).get(0);
    List<Long> two = Fixtures.teachers(node, 3).subList(1, 3);
    long orphanSelection = Fixtures.select(node, two.get(0), course);
    long liveSelection = Fixtures.select(node, two.get(1), course);
    String orphanToken = Fixtures.token(node, two.get(0));
    String liveToken = Fixtures.token(node, two.get(1));
    String orphan = open(orphanToken, orphanSelection, video).getString("sessionId");
    String live = open(liveToken, liveSelection, video).getString("sessionId");

    // The selection disappears under a buffered state (the drop/open race, or an admin).
    deleteSelectionUnderTheFlush(orphanSelection);
    for (int seq = 1; seq <= 3; seq++) {
      Thread.sleep(1050);
      beat(orphanToken, orphan, seq, seq);
      assertThat(beat(liveToken, live, seq, seq).status()).isEqualTo(200);
    }

    awaitTrue(() -> node.queryLong("select coalesce(max(watched_seconds), 0) from video_progress"
        + " where selection_id = ?", liveSelection) >= 3);
    assertThat(node.queryLong("select count(*) from video_progress where selection_id = ?",
        orphanSelection)).isZero();
  }

  /**
   * Deletes a selection and what hangs on it while the flush keeps running. The selection row is
   * locked first, so a flush cannot slip a play_session row in between the deletes.
   */
  private void deleteSelectionUnderTheFlush(long selection) throws java.sql.SQLException {
    try (var connection = node.jdbc()) {
      connection.setAutoCommit(false);
      String[] steps = {
          "select id from selection where id = ? for update",
          "delete from video_progress where selection_id = ?",
          "delete from play_session where selection_id = ?",
          "delete from selection where id = ?"};
      for (String sql : steps) {
        try (var statement = connection.prepareStatement(sql)) {
          statement.setLong(1, selection);
          statement.execute();
        }
      }
      connection.commit();
    }
  }

  @Test
  void theHeartbeatRouteStillRefusesBadInputLikeEveryOtherRoute() {
    io.vertx.core.buffer.Buffer big = io.vertx.core.buffer.Buffer.buffer(
        "{\"sessionId\":\"" + "x".repeat(10_000) + "\"}");

    Reply tooLarge = api().raw(io.vertx.core.http.HttpMethod.POST, "/api/learn/heartbeats", token,
        "application/json", big);
    Reply broken = api().raw(io.vertx.core.http.HttpMethod.POST, "/api/learn/heartbeats", token,
        "application/json", io.vertx.core.buffer.Buffer.buffer("{\"seq\": "));
    Reply anonymous = api().post("/api/learn/heartbeats", null,
        new JsonObject().put("sessionId", "1-abc").put("seq", 1).put("position", 1));
    Reply missing = api().post("/api/learn/heartbeats", token, new JsonObject().put("seq", 1));

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.error()).isEqualTo("malformed_json");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("field")).isEqualTo("sessionId");
  }

  @Test
  void everyRedisKeyOfAPlayingSessionExpiresWhateverSeqNumbersTheClientSends() throws Exception {
    long course = Fixtures.course(node, "FLOW-TTL", 1, 1, 30);
    long video = Fixtures.videos(node, course).get(0);
    long mine = Fixtures.teachers(node, 5).get(4);
    String who = Fixtures.token(node, mine);
    String session = open(who, Fixtures.select(node, mine, course), video).getString("sessionId");
    for (int seq = 1; seq <= 7; seq += 2) {
      Thread.sleep(1050);
      assertThat(beat(who, session, seq, (seq + 1) / 2.0).status()).isEqualTo(200);
    }

    var keys = node.node().platform().keys();
    for (String key : List.of(keys.of("lcur", mine), keys.of("lses", session),
        keys.of("lst", mine, video), keys.of("lbits", mine, video))) {
      long ttl = TestNode.await(node.node().platform().redis().pttl(key)).toLong();
      assertThat(ttl).as(key).isPositive();
    }
  }

  @Test
  void openingASessionOnADroppedSelectionIsNotFound() {
    long course = Fixtures.course(node, "FLOW-DROPPED", 1, 1, 30);
    long video = Fixtures.videos(node, course).get(0);
    long mine = Fixtures.teachers(node, 4).get(3);
    long selection = Fixtures.select(node, mine, course);
    node.execute("delete from selection where id = ?", selection);

    Reply reply = api().post("/api/learn/sessions", Fixtures.token(node, mine),
        new JsonObject().put("selectionId", selection).put("videoId", video));

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void aSecondTabSupersedesTheFirstWhichGets409() throws Exception {
    long course = Fixtures.course(node, "FLOW-2", 1, 1, 30, 30);
    List<Long> videos = Fixtures.videos(node, course);
    long selection = Fixtures.select(node, teacher, course);

    String first = open(token, selection, videos.get(0)).getString("sessionId");
    String second = open(token, selection, videos.get(1)).getString("sessionId");

    Reply old = beat(token, first, 1, 1);
    assertThat(old.status()).isEqualTo(409);
    assertThat(old.error()).isEqualTo("session_superseded");
    assertThat(beat(token, second, 1, 0.5).status()).isEqualTo(200);
  }

  @Test
  void aSessionOnSomeoneElsesSelectionIsNotFound() {
    long course = Fixtures.course(node, "FLOW-3", 1, 1, 30);
    long video = Fixtures.videos(node, course).get(0);
    long other = Fixtures.teachers(node, 2).get(1);
    long selection = Fixtures.select(node, other, course);

    Reply reply = api().post("/api/learn/sessions", token,
        new JsonObject().put("selectionId", selection).put("videoId", video));

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void anUnknownOrForgedSessionIsRefusedAsSuperseded() {
    assertThat(beat(token, "100000-deadbeef", 1, 1).error()).isEqualTo("session_superseded");
    assertThat(beat(token, "nonsense", 1, 1).error()).isEqualTo("session_superseded");
    assertThat(beat(token, "x", -1, 1).status()).isEqualTo(400);
  }

  @ParameterizedTest(name = "Range [{0}] -> {1}")
  @CsvSource({
      "'', 200",
      "bytes=0-99, 206",
      "bytes=100-, 206",
      "bytes=-50, 206",
      "bytes=999999999-, 416",
      "bytes=50-10, 416",
      "bytes=abc, 416"})
  void mediaAnswersRangesWith206AndBadOnesWith416(String range, int status) throws Exception {
    long course = Fixtures.course(node, "MEDIA-" + status + "-" + range.hashCode(), 1, 1, 60);
    long video = Fixtures.videos(node, course).get(0);
    Fixtures.select(node, teacher, course);
    long size = Files.size(Fixtures.mediaDir().resolve("clip-60.mp4"));

    var request = api().web().get("/api/media/" + video).bearerTokenAuthentication(token);
    if (!range.isEmpty()) {
      request.putHeader("Range", range);
    }
    Reply reply = TestClient.reply(request.send());

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.header("Accept-Ranges")).isEqualTo("bytes");
    Buffer body = reply.raw() == null ? Buffer.buffer() : reply.raw();
    switch (status) {
      case 200 -> {
        assertThat(reply.header("Content-Type")).isEqualTo("video/mp4");
        assertThat((long) body.length()).isEqualTo(size);
      }
      case 206 -> {
        String expected = switch (range) {
          case "bytes=0-99" -> "bytes 0-99/" + size;
          case "bytes=100-" -> "bytes 100-" + (size - 1) + "/" + size;
          default -> "bytes " + (size - 50) + "-" + (size - 1) + "/" + size;
        };
        assertThat(reply.header("Content-Range")).isEqualTo(expected);
        byte[] file = Files.readAllBytes(Fixtures.mediaDir().resolve("clip-60.mp4"));
        int from = Integer.parseInt(expected.substring(6, expected.indexOf('-')));
        assertThat(body.getBytes()).isEqualTo(java.util.Arrays.copyOfRange(file, from,
            from + body.length()));
      }
      default -> assertThat(reply.header("Content-Range")).isEqualTo("bytes */" + size);
    }
  }

  @Test
  void mediaIsOnlyForTeachersWhoSelectedTheCourseAndAcceptsAQueryToken() {
    long course = Fixtures.course(node, "MEDIA-ACL", 1, 1, 60);
    long video = Fixtures.videos(node, course).get(0);
    String stranger = Fixtures.token(node, Fixtures.teachers(node, 3).get(2));

    assertThat(api().get("/api/media/" + video, stranger).status()).isEqualTo(403);
    assertThat(api().get("/api/media/" + video + "?access_token=" + token, null).status())
        .isEqualTo(403);
    Fixtures.select(node, teacher, course);
    assertThat(api().get("/api/media/" + video + "?access_token=" + token, null).status())
        .isEqualTo(200);
    assertThat(api().get("/api/media/99999999", token).status()).isEqualTo(404);
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(50);
    }
  }
}
