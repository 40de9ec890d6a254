package org.jijiao.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;
import org.jijiao.testing.InteractionFixtures;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class MessageTest {

  private static TestNode node;
  private static TestClient api;
  private static InteractionFixtures city;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    city = new InteractionFixtures(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void deliver(long userId, String kind, String title, String dedupe) {
    new Notifier(node.node().vertx().eventBus())
        .send(new Notice(userId, kind, title, "内容", "/x", dedupe));
  }

  private static long stored(long userId, long atLeast) {
    return city.eventually(atLeast, "select count(*) from message where user_id = ?", userId);
  }

  @Test
  void theInboxListsNewestFirstCountsUnreadAndFiltersUnreadOnly() {
    long teacher = city.teachers(0, 1).get(0);
    deliver(teacher, "APPROVAL_RESULT", "您的调动申请已通过", "t1:approval");
    stored(teacher, 1);
    deliver(teacher, "DEADLINE", "本期学习将于 3 天后截止", "t1:deadline");
    deliver(teacher, "DEADLINE", "本期学习将于 3 天后截止", "t1:deadline");
    assertThat(stored(teacher, 2)).isEqualTo(2);

    Reply inbox = api.get("/api/me/messages", city.token(teacher));

    assertThat(inbox.status()).isEqualTo(200);
    assertThat(inbox.json().getLong("total")).isEqualTo(2);
    assertThat(inbox.json().getLong("unreadCount")).isEqualTo(2);
    JsonObject newest = inbox.json().getJsonArray("items").getJsonObject(0);
    assertThat(newest.getString("kind")).isEqualTo("DEADLINE");
    assertThat(newest.getBoolean("read")).isFalse();

    Reply read = api.post("/api/me/messages/" + newest.getLong("id") + "/read",
        city.token(teacher), null);
    Reply readAgain = api.post("/api/me/messages/" + newest.getLong("id") + "/read",
        city.token(teacher), null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(readAgain.json().getString("readAt")).isEqualTo(read.json().getString("readAt"));

    Reply unread = api.get("/api/me/messages?unread=true", city.token(teacher));
    assertThat(unread.json().getLong("total")).isEqualTo(1);
    assertThat(unread.json().getLong("unreadCount")).isEqualTo(1);
    assertThat(unread.json().getJsonArray("items").getJsonObject(0).getString("kind"))
        .isEqualTo("APPROVAL_RESULT");
  }

  @Test
  void nobodyReadsOrMarksAnotherPersonsMessages() {
    long owner = city.teachers(1, 1).get(0);
    long other = city.teachers(2, 1).get(0);
    deliver(owner, "FORUM_REPLY", "有人回复了您", "t2:reply");
    stored(owner, 1);
    long messageId = node.queryLong("select id from message where user_id = ?", owner);

    Reply foreign = api.post("/api/me/messages/" + messageId + "/read", city.token(other), null);

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(api.get("/api/me/messages", city.token(other)).json().getLong("total"))
        .isZero();
    assertThat(node.queryLong("select count(*) from message where id = ? and read_at is null",
        messageId)).isEqualTo(1);
  }

  @Test
  void readAllClearsTheBadge() {
    long teacher = city.teachers(3, 1).get(0);
    for (int i = 0; i < 3; i++) {
      deliver(teacher, "DEADLINE", "提醒 " + i, "t3:" + i);
    }
    stored(teacher, 3);

    Reply all = api.post("/api/me/messages/read-all", city.token(teacher), null);

    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().getInteger("updated")).isEqualTo(3);
    assertThat(api.get("/api/me/messages", city.token(teacher)).json().getLong("unreadCount"))
        .isZero();
  }

  @Test
  void pagingIsCappedAndValidated() {
    long teacher = city.teachers(4, 1).get(0);
    assertThat(api.get("/api/me/messages?size=100000", city.token(teacher)).status())
        .isEqualTo(200);
    assertThat(api.get("/api/me/messages?page=abc", city.token(teacher)).status())
        .isEqualTo(400);
    assertThat(api.get("/api/me/messages", null).status()).isEqualTo(401);
  }
}
