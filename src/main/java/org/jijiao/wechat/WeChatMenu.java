package org.jijiao.wechat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The bottom menu, kept as configuration ({@code /wechat/menu.json}) and turned into the
 * body of WeChat's menu API: 'page' entries become OAuth-wrapped URLs, WeChat's limits are
 * checked here so a bad edit fails with a clear message instead of an errcode.
 */
public final class WeChatMenu {

  private static final String RESOURCE = "/wechat/menu.json";

  private WeChatMenu() {
  }

  public static JsonObject load() {
    try (InputStream in = WeChatMenu.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** WeChat's menu body, with page paths made into links by {@code pageLink}. */
  public static JsonObject build(JsonObject config, Function<String, String> pageLink) {
    JsonArray top = config.getJsonArray("button");
    if (top == null || top.isEmpty() || top.size() > 3) {
      throw new IllegalArgumentException("the menu needs 1 to 3 top-level buttons");
    }
    JsonArray buttons = new JsonArray();
    for (int i = 0; i < top.size(); i++) {
      JsonObject button = top.getJsonObject(i);
      checkName(button, 16);
      JsonArray subs = button.getJsonArray("sub_button");
      if (subs == null) {
        buttons.add(leaf(button, pageLink));
        continue;
      }
      if (subs.isEmpty() || subs.size() > 5) {
        throw new IllegalArgumentException(button.getString("name") + ": 1 to 5 entries");
      }
      JsonArray built = new JsonArray();
      for (int j = 0; j < subs.size(); j++) {
        JsonObject sub = subs.getJsonObject(j);
        checkName(sub, 60);
        built.add(leaf(sub, pageLink));
      }
      buttons.add(new JsonObject().put("name", button.getString("name"))
          .put("sub_button", built));
    }
    return new JsonObject().put("button", buttons);
  }

  private static JsonObject leaf(JsonObject button, Function<String, String> pageLink) {
    JsonObject out = new JsonObject().put("type", button.getString("type"))
        .put("name", button.getString("name"));
    switch (String.valueOf(button.getString("type"))) {
      case "view" -> {
        String page = button.getString("page");
        String url = page != null ? pageLink.apply(page) : button.getString("url");
        if (url == null || url.length() > 1024) {
          throw new IllegalArgumentException(button.getString("name") + ": needs a page or url");
        }
        out.put("url", url);
      }
      case "click" -> {
        String key = button.getString("key");
        if (key == null || key.isBlank() || key.length() > 128) {
          throw new IllegalArgumentException(button.getString("name") + ": needs a key");
        }
        out.put("key", key);
      }
      default -> throw new IllegalArgumentException(button.getString("name")
          + ": type must be view or click");
    }
    return out;
  }

  /** WeChat measures names in bytes: 16 for top-level buttons, 60 for entries. */
  private static void checkName(JsonObject button, int maxBytes) {
    String name = button.getString("name");
    if (name == null || name.isBlank()
        || name.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new IllegalArgumentException("menu name '" + name + "' is empty or over "
          + maxBytes + " bytes");
    }
  }
}
