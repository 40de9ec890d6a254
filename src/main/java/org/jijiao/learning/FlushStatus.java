package org.jijiao.learning;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.jijiao.common.Json;

/**
 * {@code GET /api/admin/ops/flush-status}: how far PostgreSQL is behind the heartbeats
 * buffered in Redis. Operators watch it during the peak and the load test polls it until
 * {@code pending} is 0 before judging the database.
 *
 * <p>{@code pending} counts states and sessions in the dirty sets (shared by every node);
 * {@code oldestPendingAgeMs} is how long the oldest waiting change has waited. The lag
 * figures come from this node's {@code jijiao.flush.lag} timer, so they are present only
 * on a node that ran the flusher recently.
 */
final class FlushStatus {

  private final ProgressBuffer buffer;
  private final MeterRegistry metrics;
  private final long flushIntervalMs;
  private final Clock clock;

  FlushStatus(ProgressBuffer buffer, MeterRegistry metrics, long flushIntervalMs, Clock clock) {
    this.buffer = buffer;
    this.metrics = metrics;
    this.flushIntervalMs = flushIntervalMs;
    this.clock = clock;
  }

  void handle(RoutingContext ctx) {
    Future<Long> pending = buffer.backlog();
    Future<OptionalLong> oldest = buffer.oldestPendingAtMs();

    Future.all(pending, oldest).onSuccess(all -> {
      JsonObject body = new JsonObject()
          .put("pending", pending.result())
          .put("drained", pending.result() == 0)
          .put("flushIntervalMs", flushIntervalMs);
      oldest.result().ifPresent(at ->
          body.put("oldestPendingAgeMs", Math.max(0, clock.millis() - at)));
      addLag(body);
      Json.ok(ctx, body);
    }).onFailure(ctx::fail);
  }

  /**
   * The flush timer's recent maximum as {@code lagMs}, with its median and p99, and the mean
   * since the node started. The recent figures cover Micrometer's sliding window (about two
   * minutes): after an idle stretch they would read 0, which looks like "no lag", so they
   * are left out then and {@code recentlyIdle} says why.
   */
  private void addLag(JsonObject body) {
    Timer lag = metrics.find("jijiao.flush.lag").timer();
    if (lag == null || lag.count() == 0) {
      return;
    }
    body.put("flushedChanges", lag.count());
    body.put("lagMeanMs", Math.round(lag.mean(TimeUnit.MILLISECONDS)));
    double recentMax = lag.max(TimeUnit.MILLISECONDS);
    if (recentMax == 0) {
      body.put("recentlyIdle", true);
      return;
    }
    body.put("lagMs", Math.round(recentMax));
    for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
      String name = p.percentile() >= 0.99 ? "lagP99Ms" : "lagP50Ms";
      body.put(name, Math.round(p.value(TimeUnit.MILLISECONDS)));
    }
  }
}
