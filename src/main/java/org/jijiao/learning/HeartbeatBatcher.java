package org.jijiao.learning;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jijiao.learning.ProgressBuffer.Beat;
import org.jijiao.learning.ProgressBuffer.BeatInput;

/**
 * Group commit for heartbeats. Each event loop has one lane; a lane has at most one script
 * call in flight, and the beats that arrive meanwhile wait and go to Redis together in the
 * next call. At the peak that turns tens of thousands of round trips and script runs a
 * second into a few hundred, which is what lets one node keep up with the city.
 *
 * <p>There is no timer: a lone beat goes out at once, so batching costs latency only when a
 * queue has formed anyway. Every beat is still answered only after Redis has applied it, so
 * an acknowledged heartbeat is as safe as before. The queue needs no bound of its own: the
 * load shedder caps the requests in flight on the node.
 */
public final class HeartbeatBatcher {

  private final ProgressBuffer buffer;
  private final Clock clock;
  private final int maxBatch;
  private final int maxInFlight;
  private final DistributionSummary batchSizes;
  private final Map<Thread, Lane> lanes = new ConcurrentHashMap<>();

  public HeartbeatBatcher(ProgressBuffer buffer, Clock clock, int maxBatch, int maxInFlight,
      MeterRegistry metrics) {
    this.buffer = buffer;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.batchSizes = DistributionSummary.builder("jijiao.heartbeat.batch")
        .description("Heartbeats applied by one Redis script call")
        .publishPercentiles(0.5, 0.99)
        .register(metrics);
  }

  /** Applies one heartbeat, batched with others on the same event loop. */
  public Future<Beat> submit(BeatInput beat) {
    Context context = Vertx.currentContext();
    if (context == null || !Context.isOnEventLoopThread()) {
      // Off an event loop (tools, some tests) there is no lane to join: a batch of one.
      return write(List.of(beat)).map(all -> all.get(0));
    }
    return lanes.computeIfAbsent(Thread.currentThread(), thread -> new Lane(context, thread))
        .submit(beat);
  }

  private Future<List<Beat>> write(List<BeatInput> beats) {
    batchSizes.record(beats.size());
    return buffer.beats(beats, clock.millis());
  }

  private record Waiting(BeatInput beat, Promise<Beat> answer) {
  }

  /** One event loop's queue; touched only from that loop's thread. */
  private final class Lane {

    private final Context context;
    private final Thread thread;
    private List<Waiting> waiting = new ArrayList<>();
    private int writing;

    Lane(Context context, Thread thread) {
      this.context = context;
      this.thread = thread;
    }

    Future<Beat> submit(BeatInput beat) {
      Promise<Beat> answer = Promise.promise();
      waiting.add(new Waiting(beat, answer));
      if (writing < maxInFlight) {
        writeNext();
      }
      return answer.future();
    }

    private void writeNext() {
      List<Waiting> batch = nextBatch();
      List<BeatInput> beats = new ArrayList<>(batch.size());
      batch.forEach(w -> beats.add(w.beat()));

      writing++;
      write(beats).onComplete(result -> {
        if (Thread.currentThread() == thread) {
          settle(batch, result);
        } else {
          context.runOnContext(v -> settle(batch, result));
        }
      });
    }

    private List<Waiting> nextBatch() {
      if (waiting.size() <= maxBatch) {
        List<Waiting> all = waiting;
        waiting = new ArrayList<>();
        return all;
      }
      List<Waiting> head = new ArrayList<>(waiting.subList(0, maxBatch));
      waiting.subList(0, maxBatch).clear();
      return head;
    }

    private void settle(List<Waiting> batch, AsyncResult<List<Beat>> result) {
      writing--;
      if (!waiting.isEmpty()) {
        writeNext();
      }

      for (int i = 0; i < batch.size(); i++) {
        Promise<Beat> answer = batch.get(i).answer();
        if (result.failed()) {
          answer.fail(result.cause());
        } else if (result.result().get(i).status() == -2) {
          answer.fail(new IllegalStateException("heartbeat failed in the batch script"));
        } else {
          answer.complete(result.result().get(i));
        }
      }
    }
  }
}
