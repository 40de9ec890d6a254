package org.jijiao.learning;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jijiao.credit.Scoring;
import org.jijiao.platform.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress flusher: every {@code learning.flushIntervalMs} the node holding the flush
 * lease drains the Redis progress buffer into PostgreSQL ({@link ProgressFlush}); other
 * nodes stand by and retry the lease each tick. On an orderly stop it drains whatever is
 * buffered before the pool closes, then hands the lease back at once.
 *
 * <p>It also answers {@code jijiao.learning.rescore} ({@code {selectionId}}) on every node,
 * for capabilities whose grades feed the course score (homework, forum tutor scores).
 */
public final class ProgressFlusher extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressFlusher.class);

  private final Pool pool;
  private final ProgressFlush flush;
  private final FlushLease lease;
  private final Scoring scoring;
  private final LearningConfig config;
  private final Clock clock;
  private final String holder;
  private long tickTimer = -1;
  private long renewTimer = -1;
  private boolean active;
  private boolean stopping;
  private Future<?> running = Future.succeededFuture();

  public ProgressFlusher(Pool pool, ProgressFlush flush, FlushLease lease, Scoring scoring,
      LearningConfig config, Clock clock, String holder) {
    this.pool = pool;
    this.flush = flush;
    this.lease = lease;
    this.scoring = scoring;
    this.config = config;
    this.clock = clock;
    this.holder = holder;
  }

  public static ProgressFlusher create(Platform p) {
    LearningConfig config = LearningConfig.from(p.config(), p.settings());
    ProgressBuffer buffer = new ProgressBuffer(p.redis(), p.keys(), config);
    Scoring scoring = new Scoring();
    Clock clock = Clock.systemUTC();
    ProgressFlush flush = new ProgressFlush(p.pool(), buffer, new LearningStore(p.pool()),
        scoring, config.flushBatchSize(), clock, p.metrics());
    String holder = UUID.randomUUID().toString();
    return new ProgressFlusher(p.pool(), flush, new FlushLease(p.redis(), p.keys(), holder,
        config.flushLeaseMs()), scoring, config, clock, holder);
  }

  @Override
  public Future<?> start() {
    renewTimer = vertx.setPeriodic(config.flushLeaseMs() / 3, id -> renew());
    schedule();
    return vertx.eventBus().<JsonObject>consumer(Scoring.RESCORE_ADDRESS, this::rescore)
        .completion();
  }

  private void schedule() {
    if (!stopping) {
      tickTimer = vertx.setTimer(config.flushIntervalMs(), id -> tick());
    }
  }

  private void tick() {
    running = lease.hold()
        .compose(held -> {
          if (held != active) {
            LOG.info("event=flusher_{} holder={}", held ? "active" : "standby", holder);
            active = held;
          }
          return held ? flush.drainAll() : Future.succeededFuture(0);
        })
        .onFailure(e -> LOG.warn("event=flush_failed reason={}", e.toString()))
        .onComplete(done -> schedule());
  }

  private void renew() {
    if (active && !stopping) {
      lease.hold().onSuccess(held -> active = held)
          .onFailure(e -> LOG.warn("event=flush_lease_renew_failed reason={}", e.toString()));
    }
  }

  /**
   * Orderly stop: wait for a running tick, drain everything buffered (safe whether or not
   * this node holds the lease, since writes are absolute and versioned), release the lease.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(renewTimer);
    Promise<Void> done = Promise.promise();
    running.transform(v -> flush.drainAll())
        .onSuccess(n -> LOG.info("event=flusher_stopped flushedStates={}", n))
        .onFailure(e -> LOG.error("event=flush_on_stop_failed", e))
        .transform(v -> lease.release())
        .onComplete(v -> done.complete());
    return done.future();
  }

  private void rescore(Message<JsonObject> msg) {
    Long selectionId = msg.body() == null ? null : msg.body().getLong("selectionId");
    if (selectionId == null) {
      msg.fail(400, "selectionId is required");
      return;
    }
    scoring.rescore(pool, List.of(selectionId), clock.instant())
        .onSuccess(results -> {
          JsonArray items = new JsonArray();
          results.forEach(r -> items.add(new JsonObject().put("selectionId", r.selectionId())
              .put("score", r.score()).put("status", r.status())
              .put("awarded", r.awarded())));
          msg.reply(new JsonObject().put("results", items));
        })
        .onFailure(e -> {
          LOG.error("event=rescore_failed selection={}", selectionId, e);
          msg.fail(500, "rescore failed");
        });
  }
}
