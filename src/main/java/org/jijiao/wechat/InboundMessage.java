package org.jijiao.wechat;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * One message or event WeChat delivered to the callback, decrypted and parsed. Only the
 * fields the platform acts on are kept.
 *
 * @param toUser the official account's own id (gh_…), the sender of any passive reply
 * @param fromUser the follower's openid
 * @param msgType text, event, image…
 * @param event for events: subscribe, unsubscribe, CLICK, VIEW, SCAN… (upper-cased)
 */
public record InboundMessage(String toUser, String fromUser, long createTime, String msgType,
    String event, String eventKey, String content, String msgId) {

  public static InboundMessage of(Map<String, String> xml) {
    String type = xml.getOrDefault("MsgType", "").toLowerCase(Locale.ROOT);
    String event = xml.get("Event");
    long created;
    try {
      created = Long.parseLong(xml.getOrDefault("CreateTime", "0"));
    } catch (NumberFormatException e) {
      throw new WeChatXml.BadXml("CreateTime is not a number");
    }
    InboundMessage message = new InboundMessage(xml.getOrDefault("ToUserName", ""),
        xml.getOrDefault("FromUserName", ""), created, type,
        event == null ? null : event.toUpperCase(Locale.ROOT), xml.get("EventKey"),
        xml.get("Content"), blankToNull(xml.get("MsgId")));
    if (message.fromUser().isEmpty() || message.msgType().isEmpty()) {
      throw new WeChatXml.BadXml("FromUserName and MsgType are required");
    }
    return message;
  }

  /**
   * What makes a delivery the same as an earlier one: WeChat advises MsgId for messages and
   * FromUserName + CreateTime for events (which have no MsgId). The event name is added so
   * that two different events of one follower in the same second (subscribe by scanning a
   * code sends subscribe and then SCAN-like data) are not taken for a retry.
   */
  public String dedupeKey() {
    if (msgId != null) {
      return "m:" + msgId;
    }
    return "e:" + fromUser + ":" + createTime + ":" + (event == null ? msgType : event);
  }

  /** A short name of what this is: "text", "subscribe", "click"… */
  public String kind() {
    return "event".equals(msgType) && event != null ? event.toLowerCase(Locale.ROOT) : msgType;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("toUser", toUser).put("fromUser", fromUser).put("createTime", createTime)
        .put("msgType", msgType).put("event", event).put("eventKey", eventKey)
        .put("content", content).put("msgId", msgId);
  }

  public static InboundMessage fromJson(JsonObject json) {
    return new InboundMessage(json.getString("toUser"), json.getString("fromUser"),
        json.getLong("createTime", 0L), json.getString("msgType"), json.getString("event"),
        json.getString("eventKey"), json.getString("content"), json.getString("msgId"));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
