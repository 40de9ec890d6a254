package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A login burst larger than the hashing pool's queue is refused at once, explained. */
@Timeout(120)
class OverloadTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    // A realistic hash cost with one worker and a queue of two: a burst of 30 overflows.
    node = TestNode.start(Map.of("auth.argon2MemoryKib", "19456", "auth.argon2Iterations", "2",
        "auth.hashWorkers", "1", "auth.hashQueue", "2", "auth.maxFailuresPerAddress", "10000"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void burstBeyondTheHashQueueGets503WithRetryAfterAndTheRestSucceed() {
    JsonObject body = new JsonObject().put("idNumber", Demo.TEACHER)
        .put("password", TestNode.DEMO_PASSWORD);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(node.client().web().post("/api/auth/login").sendJsonObject(body));
    }
    TestNode.await(Future.join(calls));

    long ok = calls.stream().filter(c -> c.result().statusCode() == 200).count();
    List<HttpResponse<Buffer>> refused = calls.stream().map(Future::result)
        .filter(r -> r.statusCode() == 503).toList();
    assertThat(ok).isGreaterThanOrEqualTo(3);
    assertThat(ok + refused.size()).isEqualTo(30);
    assertThat(refused).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getHeader("Retry-After")).isEqualTo("2");
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("overloaded");
    });
  }
}
