package org.jijiao.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How unexpected failures become answers: overload of a store pool is a 503, not a 500. */
class FailureHandlerTest {

  @Test
  void aFullRedisPoolWaitQueueIsAnsweredAsOverloadWithRetryAfter() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = Redis.createClient(vertx, new RedisOptions()
          .setConnectionString("redis://127.0.0.1:6379")
          .setMaxPoolSize(1).setMaxPoolWaiting(1));
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(redis.send(Request.cmd(Command.PING)));
      }
      Future.join(calls).toCompletionStage().toCompletableFuture()
          .exceptionally(e -> null).get(10, TimeUnit.SECONDS);
      Throwable refused = calls.stream().filter(Future::failed).map(Future::cause)
          .findFirst().orElseThrow(() -> new AssertionError("the pool refused nothing"));

      ApiException answer = FailureHandler.translate(500, refused);

      assertThat(answer.status()).as(refused.toString()).isEqualTo(503);
      assertThat(answer.code()).isEqualTo("overloaded");
      assertThat(answer.retryAfterSeconds()).isEqualTo(1);
      ApiException wrapped = FailureHandler.translate(500, new RuntimeException(refused));
      assertThat(wrapped.status()).as("found under a wrapper too").isEqualTo(503);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anyOtherUnexpectedFailureStaysAPlain500() {
    ApiException answer = FailureHandler.translate(500, new IllegalStateException("boom"));

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.code()).isEqualTo("internal_error");
    assertThat(answer.retryAfterSeconds()).isNull();
  }
}
