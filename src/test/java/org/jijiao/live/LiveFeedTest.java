package org.jijiao.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jijiao.testing.Demo;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live enrollment feed: a snapshot at once, updates after enrollments, within scope. */
@Timeout(120)
class LiveFeedTest {

  private static final long NANGUAN = 2;

  private static TestNode node;
  private static TestClient api;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    http = node.node().vertx().createHttpClient();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** An open event stream: its status and the events' data as they arrive. */
  record Stream(int status, BlockingQueue<JsonObject> events, HttpClientResponse response) {
    JsonObject next() throws InterruptedException {
      JsonObject event = events.poll(5, TimeUnit.SECONDS);
      assertThat(event).as("an event within 5 s (status " + status + ")").isNotNull();
      return event;
    }

    void close() {
      response.request().connection().close();
    }
  }

  private static Stream open(String token) {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    StringBuilder pending = new StringBuilder();
    // The data handler is set as the response arrives, on its event loop: set later, the
    // first chunk (the snapshot) could already have gone by.
    HttpClientResponse response = TestNode.await(http.request(new RequestOptions()
            .setMethod(HttpMethod.GET).setHost("localhost").setPort(node.node().port())
            .setURI("/api/admin/live/enrollments?access_token=" + token))
        .compose(request -> request.send())
        .map(arrived -> arrived.handler(chunk -> {
          pending.append(chunk.toString());
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            for (String line : block.split("\n")) {
              if (line.startsWith("data: ")) {
                events.add(new JsonObject(line.substring(6)));
              }
            }
          }
        })));
    return new Stream(response.statusCode(), events, response);
  }

  @Test
  void aCityAdminGetsTheCitySnapshotAtOnceThenUpdates() throws Exception {
    String cityAdmin = api.login(Demo.CITY_ADMIN, TestNode.DEMO_PASSWORD);
    String teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    Stream stream = open(cityAdmin);

    JsonObject first = stream.next();
    long before = first.getLong("total");
    assertThat(api.post("/api/trainings/1000/enrollments", teacher, null).status())
        .isEqualTo(201);
    JsonObject update = stream.next();
    stream.close();

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.response().getHeader("Content-Type")).startsWith("text/event-stream");
    assertThat(first.getJsonArray("byDistrict")).hasSize(15);
    assertThat(first.getJsonArray("byStage")).hasSize(4);
    assertThat(first.getString("at")).isNotBlank();
    assertThat(first.containsKey("bySchool")).isFalse();
    assertThat(update.getLong("total")).isEqualTo(before + 1);
    assertThat(countOf(update, "byDistrict", "id", NANGUAN)).isEqualTo(
        countOf(first, "byDistrict", "id", NANGUAN) + 1);
    assertThat(countOf(update, "byProject", "id", 1000)).isGreaterThanOrEqualTo(1);
    assertThat(update.getJsonArray("byStage").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("code").equals("PRIMARY")).findFirst().orElseThrow()
        .getLong("count")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDistrictAdminSeesOnlyTheirDistrictWithItsSchools() throws Exception {
    String districtAdmin = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    enrollSomeoneIn(3);
    enrollSomeoneIn(NANGUAN);

    JsonObject view = eventuallyWithSchools(districtAdmin);

    assertThat(view.getJsonArray("byDistrict")).hasSize(1);
    assertThat(view.getJsonArray("byDistrict").getJsonObject(0).getLong("id")).isEqualTo(NANGUAN);
    long inDistrict = node.queryLong("select count(*) from enrollment e join org_unit o on "
        + "o.id = e.org_id where o.district_id = ?", NANGUAN);
    assertThat(view.getLong("total")).isEqualTo(inDistrict);
    assertThat(view.getJsonArray("bySchool").stream().map(JsonObject.class::cast)
        .mapToLong(s -> s.getLong("count")).sum()).isEqualTo(inDistrict);
  }

  @Test
  void teachersAndSchoolAdminsCannotWatch() {
    String teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    String schoolAdmin = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);

    assertThat(api.get("/api/admin/live/enrollments", teacher).status()).isEqualTo(403);
    assertThat(api.get("/api/admin/live/enrollments", schoolAdmin).status()).isEqualTo(403);
    assertThat(api.get("/api/admin/live/enrollments", null).status()).isEqualTo(401);
  }

  @Test
  void countersLostFromRedisAreRebuiltFromPostgresql() throws Exception {
    enrollSomeoneIn(4);
    var keys = node.node().platform().keys();
    TestNode.await(node.node().platform().redis().del(List.of(keys.of("live", "enr", "built"),
        keys.of("live", "enr", "city"), keys.of("live", "enr", "district", 4))));
    String sysAdmin = api.login(Demo.SYS_ADMIN, TestNode.DEMO_PASSWORD);

    long expected = node.queryLong("select count(*) from enrollment where status <> 'REJECTED'");
    JsonObject view = null;
    for (int i = 0; i < 30 && (view == null || view.getLong("total") != expected); i++) {
      Thread.sleep(200);
      Stream stream = open(sysAdmin);
      view = stream.next();
      stream.close();
    }

    assertThat(view.getLong("total")).isEqualTo(expected);
    assertThat(countOf(view, "byDistrict", "id", 4)).isEqualTo(node.queryLong(
        "select count(*) from enrollment e join org_unit o on o.id = e.org_id "
            + "where o.district_id = 4"));
  }

  private static JsonObject eventuallyWithSchools(String token) throws Exception {
    long expected = node.queryLong("select count(*) from enrollment e join org_unit o on "
        + "o.id = e.org_id where o.district_id = ?", NANGUAN);
    Stream stream = open(token);
    JsonObject view = stream.next();
    while (view.getLong("total") < expected) {
      view = stream.next();
    }
    stream.close();
    return view;
  }

  private static void enrollSomeoneIn(long district) {
    long teacher = node.queryLong("select a.id from account a join org_unit o on o.id = a.org_id "
        + "join account_role r on r.account_id = a.id and r.role = 'TEACHER' where "
        + "o.district_id = ? and a.id >= 100 and not exists (select 1 from enrollment e where "
        + "e.teacher_id = a.id and e.project_id = 1001) order by a.id limit 1", district);
    String token = org.jijiao.enrollment.TestTokens.forAccount(node, teacher);
    assertThat(api.post("/api/trainings/1001/enrollments", token, null).status()).isEqualTo(201);
  }

  private static long countOf(JsonObject view, String list, String key, long id) {
    return view.getJsonArray(list).stream().map(JsonObject.class::cast)
        .filter(item -> item.getLong(key) == id).findFirst()
        .map(item -> item.getLong("count")).orElse(0L);
  }
}
