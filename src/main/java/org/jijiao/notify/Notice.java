package org.jijiao.notify;

import io.vertx.core.json.JsonObject;

/**
 * A notice to one person: an approval result, a forum reply, a deadline. {@code dedupeKey}
 * names the fact it reports (e.g. "approval:42:step:2"), so sending it twice delivers once.
 */
public record Notice(long userId, String kind, String title, String body, String link,
    String dedupeKey) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("userId", userId)
        .put("kind", kind)
        .put("title", title)
        .put("body", body)
        .put("link", link)
        .put("dedupeKey", dedupeKey);
  }

  public static Notice fromJson(JsonObject json) {
    return new Notice(json.getLong("userId"), json.getString("kind"), json.getString("title"),
        json.getString("body", ""), json.getString("link"), json.getString("dedupeKey"));
  }
}
