package org.jijiao.learning;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.jijiao.common.ApiException;
import org.jijiao.credit.Scoring;
import org.jijiao.platform.Platform;
import org.jijiao.testing.TestNode;

/** The learning engine built on a test node's stores with a clock the test controls. */
final class Engine {

  final LearningConfig config;
  final ProgressBuffer buffer;
  final PlayService play;
  final ProgressFlush flush;
  final Platform platform;
  /** Where this engine's batcher records its batch sizes. */
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  Engine(TestNode node, Clock clock) {
    this.platform = node.node().platform();
    this.config = LearningConfig.from(platform.config(), platform.settings());
    LearningStore store = new LearningStore(platform.pool());
    this.buffer = new ProgressBuffer(platform.redis(), platform.keys(), config);
    HeartbeatBatcher beats = new HeartbeatBatcher(buffer, clock, config.heartbeatBatchMax(),
        config.heartbeatCallsInFlight(),
        metrics);
    this.play = new PlayService(store, buffer, beats,
        new ProjectRules(platform.vertx(), platform.pool()), config, clock);
    this.flush = new ProgressFlush(platform.pool(), buffer, store, new Scoring(),
        config.flushBatchSize(), clock, new SimpleMeterRegistry());
  }

  JsonObject open(long teacher, long selection, long video) {
    return TestNode.await(play.open(teacher, selection, video));
  }

  /** The heartbeat's answer, or {@code {"error": code}} when it was refused. */
  JsonObject beat(long teacher, String session, long seq, double position, boolean playing) {
    Future<JsonObject> answer = play.beat(teacher, session, seq, position, playing)
        .recover(e -> e instanceof ApiException api
            ? Future.succeededFuture(new JsonObject().put("error", api.code()))
            : Future.failedFuture(e));
    return TestNode.await(answer);
  }

  int drain() {
    return TestNode.await(flush.drainAll());
  }
}
