package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jijiao.common.ApiException;
import org.junit.jupiter.api.Test;

/**
 * The bounded hashing pool: when every worker and queue place is taken, a login is refused
 * at once with 503 + Retry-After, both by the early room check (before any look-up) and by
 * the submission itself; room comes back as the hashes finish.
 */
class HashingPoolTest {

  @Test
  void aFullPoolRefusesAtOnceAndHasRoomAgainWhenTheHashesFinish() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      // Costly parameters so the two accepted checks are still running when we look.
      PasswordHasher slow = new PasswordHasher(64 * 1024, 6);
      String stored = slow.hash("Teacher@2026");
      HashingPool pool = new HashingPool(vertx, slow, 1, 1, null);
      assertThat(pool.checkRoom().succeeded()).isTrue();

      Future<Boolean> first = pool.verify("Teacher@2026", stored);
      Future<Boolean> second = pool.verify("wrong", stored);

      Future<Void> early = pool.checkRoom();
      Future<Boolean> third = pool.verify("Teacher@2026", stored);
      for (Future<?> refused : List.of(early, third)) {
        assertThat(refused.failed()).isTrue();
        ApiException error = (ApiException) refused.cause();
        assertThat(error.status()).isEqualTo(503);
        assertThat(error.retryAfterSeconds()).isEqualTo(2);
      }

      assertThat(await(first)).isTrue();
      assertThat(await(second)).isFalse();
      assertThat(pool.checkRoom().succeeded()).isTrue();
      pool.close();
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
