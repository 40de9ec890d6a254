package org.jijiao.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import org.jijiao.credit.Scoring;
import org.jijiao.platform.Platform;
import org.jijiao.testing.Demo;
import org.jijiao.testing.Fixtures;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flush status an operator (and the load test) reads: buffered progress shows as
 * pending with the age of its oldest change until a flush writes it, then as drained with
 * the lag that flush measured. The node's own flusher is slowed to once in ten minutes so
 * the test decides when the flush happens.
 */
class FlushStatusTest {

  private static final String PATH = "/api/admin/ops/flush-status";

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("learning.flushIntervalMs", "600000",
        "learning.segmentSeconds", "1"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void pendingProgressIsReportedUntilAFlushWritesIt() throws Exception {
    String admin = node.client().login(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);
    long teacher = Fixtures.teachers(node, 1).get(0);
    String token = Fixtures.token(node, teacher);
    long course = Fixtures.course(node, "FLUSH-STATUS", 1, 1, 30);
    long video = Fixtures.videos(node, course).get(0);
    long selection = Fixtures.select(node, teacher, course);

    JsonObject before = status(admin);
    assertThat(before.getBoolean("drained")).as(before.encode()).isTrue();
    assertThat(before.getLong("pending")).isZero();

    Reply opened = node.client().post("/api/learn/sessions", token,
        new JsonObject().put("selectionId", selection).put("videoId", video));
    String session = opened.json().getString("sessionId");
    Thread.sleep(1100);
    Reply beat = node.client().post("/api/learn/heartbeats", token, new JsonObject()
        .put("sessionId", session).put("seq", 1).put("position", 1.0).put("playing", true));
    assertThat(beat.status()).isEqualTo(200);
    Thread.sleep(200);

    JsonObject waiting = status(admin);
    assertThat(waiting.getBoolean("drained")).as(waiting.encode()).isFalse();
    assertThat(waiting.getLong("pending")).as("one state and one session").isEqualTo(2);
    assertThat(waiting.getLong("oldestPendingAgeMs")).isBetween(200L, 60_000L);
    assertThat(waiting.getLong("flushIntervalMs")).isEqualTo(600_000);

    flushWithTheNodesMetrics();

    JsonObject after = status(admin);
    assertThat(after.getBoolean("drained")).as(after.encode()).isTrue();
    assertThat(after.getLong("pending")).isZero();
    assertThat(after.containsKey("oldestPendingAgeMs")).isFalse();
    assertThat(after.getLong("lagMs")).as("the flush measured its lag").isBetween(200L, 60_000L);
    assertThat(node.queryLong("select watched_seconds from video_progress where selection_id = ?",
        selection)).isEqualTo(1);
  }

  @Test
  void onlyOperatorsMayReadIt() {
    long teacher = Fixtures.teachers(node, 2).get(1);
    Reply refused = node.client().get(PATH, Fixtures.token(node, teacher));
    assertThat(refused.status()).isEqualTo(403);

    Reply anonymous = node.client().get(PATH, null);
    assertThat(anonymous.status()).isEqualTo(401);
  }

  private static JsonObject status(String admin) {
    Reply reply = node.client().get(PATH, admin);
    assertThat(reply.status()).as(reply.raw().toString()).isEqualTo(200);
    return reply.json();
  }

  /** Flushes as the node's flusher would, recording its lag where the endpoint reads it. */
  private static void flushWithTheNodesMetrics() {
    Platform p = node.node().platform();
    LearningConfig config = LearningConfig.from(p.config(), p.settings());
    ProgressBuffer buffer = new ProgressBuffer(p.redis(), p.keys(), config);
    ProgressFlush flush = new ProgressFlush(p.pool(), buffer, new LearningStore(p.pool()),
        new Scoring(), config.flushBatchSize(), Clock.systemUTC(), p.metrics());
    TestNode.await(flush.drainAll());
  }
}
