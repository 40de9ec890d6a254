package org.jijiao.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of simultaneous attempts on a capacity: the seat update decides, never a read. */
@Timeout(300)
class CapacityTest {

  private static final int ATTEMPTS = 2000;

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("seed.teachers", "2300", "seed.schools", "60"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void twoThousandConcurrentAttemptsFillAHundredSeatsExactly() {
    List<Long> teachers = Tokens.ids(node, "select a.id from account a join account_role r on "
        + "r.account_id = a.id and r.role = 'TEACHER' order by a.id limit ?", ATTEMPTS);
    assertThat(teachers).hasSize(ATTEMPTS);
    List<String> tokens = teachers.stream().map(id -> Tokens.forAccount(node, id)).toList();
    WebClient web = WebClient.create(node.node().vertx(), new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(node.node().port()),
        new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));

    long started = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> replies = new ArrayList<>();
    // Every teacher tries once and a tenth of them double-click: duplicates must not take seats.
    for (int i = 0; i < ATTEMPTS; i++) {
      replies.add(web.post("/api/trainings/1001/enrollments").bearerTokenAuthentication(
          tokens.get(i)).send());
      if (i % 10 == 0) {
        replies.add(web.post("/api/trainings/1001/enrollments").bearerTokenAuthentication(
            tokens.get(i)).send());
      }
    }
    TestNode.await(Future.join(replies));
    long ms = (System.nanoTime() - started) / 1_000_000;

    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<HttpResponse<Buffer>> reply : replies) {
      HttpResponse<Buffer> response = reply.result();
      String key = response.statusCode() + (response.statusCode() == 409
          ? " " + response.bodyAsJsonObject().getString("error") : "");
      outcomes.merge(key, 1, Integer::sum);
    }
    System.out.printf("event=capacity_race attempts=%d requests=%d ms=%d perSecond=%.0f "
        + "outcomes=%s%n", ATTEMPTS, replies.size(), ms, replies.size() * 1000.0 / ms, outcomes);

    assertThat(outcomes.get("201")).isEqualTo(100);
    assertThat(outcomes.keySet()).containsOnly("201", "200", "409 capacity_full");
    assertThat(node.queryLong("select count(*) from enrollment where project_id = 1001"))
        .isEqualTo(100);
    assertThat(node.queryLong("select enrolled_count from training_project where id = 1001"))
        .isEqualTo(100);
    assertThat(node.queryLong("select count(distinct teacher_id) from enrollment "
        + "where project_id = 1001")).isEqualTo(100);
  }
}
