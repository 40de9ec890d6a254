package org.jijiao.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.common.ApiException;

/**
 * Password hashing off the event loop, on a worker pool of fixed size with a bounded queue.
 *
 * <p>Vert.x worker executors queue without limit, so a login burst would pile up requests
 * that time out long after the client gave up. This pool counts what is in flight and
 * refuses at once with 503 + Retry-After when the queue is full: a quick, explained "try
 * again" beats a slow failure.
 */
public final class HashingPool {

  private final WorkerExecutor executor;
  private final PasswordHasher hasher;
  private final int capacity;
  private final AtomicInteger inFlight = new AtomicInteger();

  public HashingPool(Vertx vertx, PasswordHasher hasher, int workers, int queue,
      MeterRegistry registry) {
    // Shared by name: every HTTP verticle instance of this process uses the same threads.
    this.executor = vertx.createSharedWorkerExecutor("jijiao-password-hash", workers);
    this.hasher = hasher;
    this.capacity = workers + queue;
    if (registry != null) {
      registry.gauge("jijiao_password_hash_in_flight", inFlight);
    }
  }

  public Future<Boolean> verify(String password, String storedHash) {
    return submit(() -> hasher.verify(password, storedHash));
  }

  public Future<String> hash(String password) {
    return submit(() -> hasher.hash(password));
  }

  /**
   * Fails at once when the queue is already full, so a caller can refuse a login before
   * spending a Redis and a PostgreSQL round trip on it. Only a hint: {@link #verify} checks
   * again when it submits.
   */
  public Future<Void> checkRoom() {
    return inFlight.get() >= capacity ? Future.failedFuture(full())
        : Future.succeededFuture();
  }

  private static ApiException full() {
    return ApiException.overloaded("登录人数过多，请稍后重试", 2);
  }

  private <T> Future<T> submit(java.util.concurrent.Callable<T> work) {
    if (inFlight.incrementAndGet() > capacity) {
      inFlight.decrementAndGet();
      return Future.failedFuture(full());
    }
    return executor.<T>executeBlocking(work, false)
        .andThen(done -> inFlight.decrementAndGet());
  }

  public void close() {
    executor.close();
  }
}
