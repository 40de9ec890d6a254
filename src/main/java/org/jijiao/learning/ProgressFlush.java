package org.jijiao.learning;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jijiao.credit.Scoring;
import org.jijiao.learning.ProgressBuffer.Batch;
import org.jijiao.learning.ProgressBuffer.DirtyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves dirty watch states and play sessions from Redis to PostgreSQL: read a batch
 * (nothing removed), write absolute states and sessions and rescore the touched selections
 * in one transaction, then acknowledge only the entries not changed meanwhile. Every step is
 * safe to repeat, so a crash anywhere costs at most a second identical write.
 */
public final class ProgressFlush {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressFlush.class);
  /** Bounds one drain, so a tick under a flood of heartbeats still ends. */
  private static final int MAX_BATCHES_PER_DRAIN = 1000;

  private final Pool pool;
  private final ProgressBuffer buffer;
  private final LearningStore store;
  private final Scoring scoring;
  private final int batchSize;
  private final Clock clock;
  private final Timer lag;
  private final DistributionSummary batchRows;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong busyNanos = new AtomicLong();

  public ProgressFlush(Pool pool, ProgressBuffer buffer, LearningStore store, Scoring scoring,
      int batchSize, Clock clock, MeterRegistry metrics) {
    this.pool = pool;
    this.buffer = buffer;
    this.store = store;
    this.scoring = scoring;
    this.batchSize = batchSize;
    this.clock = clock;
    this.lag = Timer.builder("jijiao.flush.lag")
        .description("time from a heartbeat's change to its commit in PostgreSQL")
        .publishPercentiles(0.5, 0.99)
        .register(metrics);
    this.batchRows = DistributionSummary.builder("jijiao.flush.batch.rows").register(metrics);
  }

  /** What one batch moved; {@code full} when more may be waiting. */
  public record Flushed(int states, int sessions, boolean full) {
  }

  /** Flushes batch after batch while they come back full; answers the states written. */
  public Future<Integer> drainAll() {
    return drainFrom(0, 0);
  }

  private Future<Integer> drainFrom(int soFar, int batches) {
    return flushOnce().compose(f -> f.full() && batches < MAX_BATCHES_PER_DRAIN
        ? drainFrom(soFar + f.states(), batches + 1)
        : Future.succeededFuture(soFar + f.states()));
  }

  /** Reads, writes and acknowledges one batch. */
  public Future<Flushed> flushOnce() {
    long started = System.nanoTime();
    return buffer.take(batchSize).compose(batch -> {
      if (batch.isEmpty()) {
        return Future.succeededFuture(new Flushed(0, 0, false));
      }
      return write(batch)
          .compose(v -> buffer.ack(batch))
          .map(v -> {
            record(batch, started);
            return new Flushed(batch.states().size(), batch.sessions().size(),
                batch.states().size() >= batchSize || batch.sessions().size() >= batchSize);
          });
    });
  }

  /** Writes one batch in a transaction; writing the same batch again changes nothing. */
  public Future<Void> write(Batch batch) {
    List<DirtyState> states = batch.states().stream().filter(s -> !s.expired()).toList();
    List<ProgressBuffer.DirtySession> sessions = batch.sessions().stream()
        .filter(s -> !s.expired()).toList();
    Set<Long> selections = new LinkedHashSet<>();
    states.forEach(s -> selections.add(s.selectionId()));
    Instant now = clock.instant();

    return pool.withTransaction(tx -> {
      Future<Integer> written = states.isEmpty() ? Future.succeededFuture(0)
          : store.writeStates(tx, states);
      return written
          .compose(n -> sessions.isEmpty() ? Future.succeededFuture(0)
              : store.writeSessions(tx, sessions))
          .compose(n -> scoring.rescore(tx, selections, now))
          .map(results -> {
            results.stream().filter(Scoring.Result::awarded).forEach(r -> LOG.info(
                "event=credits_awarded selection={} score={}", r.selectionId(), r.score()));
            return null;
          });
    });
  }

  private void record(Batch batch, long startedNanos) {
    long now = clock.millis();
    long tookNanos = System.nanoTime() - startedNanos;
    batch.states().stream().filter(s -> !s.expired())
        .forEach(s -> lag.record(Math.max(0, now - s.atMs()), TimeUnit.MILLISECONDS));
    int rows = batch.states().size() + batch.sessions().size();
    batchRows.record(rows);
    rowsWritten.addAndGet(rows);
    busyNanos.addAndGet(tookNanos);
    LOG.debug("event=flush_batch states={} sessions={} ms={}", batch.states().size(),
        batch.sessions().size(), tookNanos / 1_000_000);
  }

  /** Rows written and time spent writing since start, for benchmarks and logs. */
  public long rowsWritten() {
    return rowsWritten.get();
  }

  public long busyMillis() {
    return busyNanos.get() / 1_000_000;
  }

  public Timer lag() {
    return lag;
  }
}
