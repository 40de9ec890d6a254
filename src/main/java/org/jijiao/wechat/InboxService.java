package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a follower's message or event does, and the passive reply it gets (null: none). The
 * record in {@code wechat_event} comes first, so a delivery that already took effect does
 * nothing again even when the Redis guard in front of it has expired.
 */
public final class InboxService {

  private final WeChatStore store;
  private final WeChatSettings settings;

  public InboxService(WeChatStore store, WeChatSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  public Future<String> handle(InboundMessage message) {
    return store.recordEvent(message).compose(first -> {
      if (!first) {
        return Future.succeededFuture((String) null);
      }
      return switch (message.kind()) {
        case "subscribe" -> store.follow(message.fromUser()).compose(v -> welcome(message));
        case "unsubscribe" -> store.unfollow(message.fromUser()).map((String) null);
        case "click" -> click(message);
        case "view" -> Future.succeededFuture((String) null);
        case "scan" -> Future.succeededFuture("已收到您的扫码。如需签到或查看培训，请从菜单"
            + "“教师教育”进入。");
        case "text" -> text(message);
        default -> Future.succeededFuture(help());
      };
    });
  }

  /** A link that passes through silent OAuth, so the teacher lands logged in. */
  public String pageLink(String path) {
    return settings.publicBaseUrl() + "/api/wechat/oauth/start?redirect="
        + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }

  public String bindLink() {
    return pageLink("/h5/");
  }

  private Future<String> welcome(InboundMessage message) {
    return store.bindingOf(message.fromUser()).map(found -> found
        .map(b -> "欢迎回来，" + b.name() + "老师！您的微信已绑定继教平台账号，可直接从菜单"
            + "“教师教育”报名、学习和查询学分。")
        .orElseGet(() -> "欢迎关注继续教育平台！首次使用请先绑定账号（身份证号和密码）："
            + "<a href=\"" + bindLink() + "\">点此绑定</a>。绑定后即可在微信中报名、学习、"
            + "查询学分并接收审批和通知提醒。"));
  }

  private Future<String> click(InboundMessage message) {
    String key = message.eventKey() == null ? "" : message.eventKey().toUpperCase(Locale.ROOT);
    return switch (key) {
      case "NOTICES" -> forBound(message, this::notices);
      case "TODO" -> forBound(message, this::todo);
      default -> Future.succeededFuture(help());
    };
  }

  private Future<String> text(InboundMessage message) {
    String content = message.content() == null ? "" : message.content().trim();
    if (content.contains("解绑")) {
      return Future.succeededFuture("如需解除绑定，请在“个人中心”中点击“解除微信绑定”。");
    }
    if (content.contains("绑定")) {
      return Future.succeededFuture("请点击链接绑定账号：<a href=\"" + bindLink()
          + "\">绑定继教账号</a>");
    }
    if (content.contains("通知") || content.contains("消息")) {
      return forBound(message, this::notices);
    }
    return Future.succeededFuture(help());
  }

  private Future<String> forBound(InboundMessage message,
      java.util.function.Function<WeChatStore.Binding, Future<String>> then) {
    return store.bindingOf(message.fromUser()).compose((Optional<WeChatStore.Binding> found) ->
        found.map(then).orElseGet(() -> Future.succeededFuture(
            "您还没有绑定继教账号：<a href=\"" + bindLink() + "\">点此绑定</a>")));
  }

  private Future<String> notices(WeChatStore.Binding binding) {
    return store.latestMessages(binding.accountId(), 3).map(items -> {
      if (items.isEmpty()) {
        return "暂无新的通知。";
      }
      StringBuilder text = new StringBuilder("最近的通知：");
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = items.getJsonObject(i);
        text.append('\n').append(i + 1).append(". ")
            .append(item.getBoolean("unread") ? "【未读】" : "").append(item.getString("title"));
      }
      return text.append("\n<a href=\"").append(pageLink("/h5/messages"))
          .append("\">查看全部</a>").toString();
    });
  }

  private Future<String> todo(WeChatStore.Binding binding) {
    return store.unreadCount(binding.accountId()).map(count -> count == 0 ? "暂无待办事项。"
        : "您有 " + count + " 条未读通知：<a href=\"" + pageLink("/h5/messages") + "\">查看</a>");
  }

  private String help() {
    return "您好！请使用底部菜单：“教师教育”报名、进入学习、查询学分；“消息”查看通知公告；"
        + "“个人中心”管理账号。回复“绑定”获取绑定链接。";
  }
}
