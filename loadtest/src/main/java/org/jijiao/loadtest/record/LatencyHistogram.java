package org.jijiao.loadtest.record;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram: 1 ms buckets to 1 s, 10 ms buckets to 10 s, then one
 * overflow bucket. Coarse enough to keep one per request and time window, fine enough
 * that a p99 near the 100 ms target is read to the millisecond.
 */
public final class LatencyHistogram {

  private static final int FINE_LIMIT_MS = 1_000;
  private static final int COARSE_STEP_MS = 10;
  private static final int COARSE_LIMIT_MS = 10_000;
  private static final int BUCKETS =
      FINE_LIMIT_MS + (COARSE_LIMIT_MS - FINE_LIMIT_MS) / COARSE_STEP_MS + 1;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  public void record(long millis) {
    counts.incrementAndGet(bucket(Math.max(0, millis)));
  }

  public long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** The upper edge of the bucket holding the given quantile, in ms; -1 when empty. */
  public long percentile(double quantile) {
    long total = count();
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperEdge(i);
      }
    }
    return upperEdge(BUCKETS - 1);
  }

  private static int bucket(long millis) {
    if (millis < FINE_LIMIT_MS) {
      return (int) millis;
    }
    if (millis < COARSE_LIMIT_MS) {
      return FINE_LIMIT_MS + (int) ((millis - FINE_LIMIT_MS) / COARSE_STEP_MS);
    }
    return BUCKETS - 1;
  }

  private static long upperEdge(int bucket) {
    if (bucket < FINE_LIMIT_MS) {
      return bucket;
    }
    if (bucket < BUCKETS - 1) {
      return FINE_LIMIT_MS + (long) (bucket - FINE_LIMIT_MS + 1) * COARSE_STEP_MS;
    }
    return COARSE_LIMIT_MS;
  }
}
