package org.jijiao.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.testing.Fixtures;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group commit of heartbeats: beats that reach one event loop together go to Redis in one
 * script call, yet each gets the answer it would have got alone, a superseded or failing
 * beat spoils none of its neighbours, and what was acknowledged reaches PostgreSQL.
 */
class HeartbeatBatchTest {

  private static final int TEACHERS = 40;

  private static TestNode node;
  private static MutableClock clock;
  private static Engine engine;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    clock = new MutableClock(Instant.now());
    engine = new Engine(node, clock);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Viewer(long teacher, String session) {
  }

  @Test
  void beatsArrivingTogetherShareScriptCallsAndEachGetsItsOwnAnswer() {
    List<Viewer> viewers = open("BATCH-1", 300);
    clock.advanceMs(10_000);
    List<Sent> sent = new ArrayList<>();
    for (Viewer v : viewers) {
      sent.add(new Sent(v.teacher(), v.session(), 1, 10));
    }
    sent.add(new Sent(viewers.get(0).teacher(), viewers.get(0).session(), 1, 10));
    String unknown = "999999-00000000000000000000000000000000";
    sent.add(new Sent(viewers.get(1).teacher(), unknown, 1, 10));
    sent.add(new Sent(viewers.get(2).teacher(), viewers.get(3).session(), 1, 10));

    DistributionSummary batches = engine.metrics.get("jijiao.heartbeat.batch").summary();
    double beatsBefore = batches.totalAmount();

    List<JsonObject> answers = sendOnOneEventLoop(sent);

    for (int i = 0; i < TEACHERS; i++) {
      assertThat(answers.get(i).getInteger("watchedSeconds")).as("viewer %d", i).isEqualTo(10);
    }
    assertThat(answers.get(TEACHERS).getInteger("watchedSeconds"))
        .as("a duplicate answers the state it already made").isEqualTo(10);
    assertThat(answers.get(TEACHERS + 1).getString("error")).isEqualTo("session_superseded");
    assertThat(answers.get(TEACHERS + 2).getString("error"))
        .as("another teacher's session").isEqualTo("session_superseded");

    assertThat(batches.totalAmount() - beatsBefore).isEqualTo(sent.size());
    assertThat(batches.max()).as("beats queued behind the first call go together")
        .isGreaterThanOrEqualTo(TEACHERS / 2.0);

    engine.drain();
    for (Viewer v : viewers) {
      assertThat(storedWatched(v.teacher())).as("teacher %d", v.teacher()).isEqualTo(10);
    }
  }

  @Test
  void aBeatThatFailsInsideTheScriptFailsAloneAndChangesNothing() {
    List<Viewer> viewers = open("BATCH-2", 300);
    Viewer broken = viewers.get(5);
    String sessionKey = engine.buffer.session(broken.session());
    TestNode.await(engine.platform.redis().hset(List.of(sessionKey, "rate", "not-a-number")));
    clock.advanceMs(10_000);
    List<Sent> sent = new ArrayList<>();
    for (Viewer v : viewers) {
      sent.add(new Sent(v.teacher(), v.session(), 1, 10));
    }

    List<JsonObject> answers = sendOnOneEventLoop(sent);

    for (int i = 0; i < TEACHERS; i++) {
      if (i == 5) {
        assertThat(answers.get(i).getString("error")).isEqualTo("failed");
      } else {
        assertThat(answers.get(i).getInteger("watchedSeconds")).as("viewer %d", i)
            .isEqualTo(10);
      }
    }
    var fields = TestNode.await(engine.platform.redis().hmget(List.of(sessionKey, "seq", "pos")));
    assertThat(fields.get(0).toInteger()).as("the failed beat left its session as it was")
        .isEqualTo(0);
    assertThat(fields.get(1).toLong()).isEqualTo(0);
  }

  @Test
  void aSessionIdHoldingSpacesOrPatternCharactersIsOnlyAnUnknownSession() {
    List<Viewer> viewers = open("BATCH-5", 300);
    Viewer viewer = viewers.get(0);
    long video = PlayService.videoOf(viewer.session());
    clock.advanceMs(10_000);

    List<ProgressBuffer.Beat> answers = TestNode.await(engine.buffer.beats(List.of(
        new ProgressBuffer.BeatInput(viewer.session() + " 1 2 3 %d .*", viewer.teacher(), video,
            1, 10_000, true),
        new ProgressBuffer.BeatInput(viewer.session(), viewer.teacher(), video, 1, 10_000, true)),
        clock.millis()));

    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).status()).isEqualTo(-1);
    assertThat(answers.get(1).status()).isZero();
    assertThat(answers.get(1).watchedSeconds()).isEqualTo(10);
  }

  @Test
  void oneBeatAfterALongOfflineStretchCreditsEveryCoveredSegment() {
    long course = Fixtures.course(node, "BATCH-3", 1, 1, new int[] {7200});
    long video = Fixtures.videos(node, course).get(0);
    long teacher = Fixtures.teachers(node, 1).get(0);
    long selection = Fixtures.select(node, teacher, course);
    String session = engine.open(teacher, selection, video).getString("sessionId");
    clock.advanceMs(6_000_000);

    JsonObject answer = engine.beat(teacher, session, 1, 6_000, true);

    assertThat(answer.getInteger("watchedSeconds"))
        .as("1,200 segments in one beat, over more than one BITFIELD chunk").isEqualTo(6_000);
  }

  @Test
  void sessionsOpenedBeforeTheStateCopyKeepWorkingAndStaySuperseded() {
    List<Viewer> viewers = open("BATCH-4", 300);
    Viewer current = viewers.get(0);
    Viewer stale = viewers.get(1);
    var redis = engine.platform.redis();
    for (Viewer v : List.of(current, stale)) {
      TestNode.await(redis.hdel(List.of(engine.buffer.session(v.session()), "w", "n", "done")));
    }
    // As an older server superseded it: the current-session key names another session.
    TestNode.await(redis.set(List.of(engine.buffer.current(stale.teacher()), "7-0000")));
    clock.advanceMs(10_000);

    assertThat(engine.beat(current.teacher(), current.session(), 1, 10, true)
        .getInteger("watchedSeconds")).isEqualTo(10);
    assertThat(engine.beat(stale.teacher(), stale.session(), 1, 10, true).getString("error"))
        .isEqualTo("session_superseded");
  }

  private record Sent(long teacher, String session, long seq, double position) {
  }

  /** Sends every beat from one event-loop task, so all but the first queue in one lane. */
  private List<JsonObject> sendOnOneEventLoop(List<Sent> sent) {
    Promise<List<JsonObject>> all = Promise.promise();
    node.node().platform().vertx().runOnContext(v -> {
      List<Future<JsonObject>> answers = new ArrayList<>();
      for (Sent s : sent) {
        answers.add(engine.play.beat(s.teacher(), s.session(), s.seq(), s.position(), true)
            .recover(e -> Future.succeededFuture(new JsonObject().put("error",
                e instanceof ApiException api ? api.code() : "failed"))));
      }
      Future.all(answers).map(done -> answers.stream().map(Future::result).toList())
          .onComplete(all);
    });
    return TestNode.await(all.future());
  }

  private List<Viewer> open(String code, int durationSeconds) {
    long course = Fixtures.course(node, code, 1, 1, new int[] {durationSeconds});
    long video = Fixtures.videos(node, course).get(0);
    List<Viewer> viewers = new ArrayList<>();
    for (long teacher : Fixtures.teachers(node, TEACHERS)) {
      long selection = Fixtures.select(node, teacher, course);
      String session = engine.open(teacher, selection, video).getString("sessionId");
      viewers.add(new Viewer(teacher, session));
    }
    return viewers;
  }

  private long storedWatched(long teacher) {
    return Fixtures.longs(node, """
        select coalesce(sum(watched_seconds), 0) from video_progress p
        join course_video v on v.id = p.video_id join course c on c.id = v.course_id
        where p.teacher_id = ? and c.code = 'BATCH-1'""", teacher).get(0);
  }
}
