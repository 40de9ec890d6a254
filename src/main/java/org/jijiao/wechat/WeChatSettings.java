package org.jijiao.wechat;

import java.net.URI;
import org.jijiao.config.AppConfig;
import org.jijiao.config.AppConfig.ConfigException;

/**
 * The WeChat configuration, read once and checked together. The prod profile refuses the
 * development account and the simulator, the way it refuses the development JWT secret.
 */
public record WeChatSettings(String appId, String appSecret, String token, String aesKey,
    String apiBase, String oauthBase, int maxSkewSeconds, int port, String publicBaseUrl,
    String oauthLanding, int replyBudgetMs, boolean simulator, int simulatorPort,
    Templates templates, int templatesPerHour, int templateRetries, int templateRetryBaseMs,
    int tokenRefreshAheadSeconds) {

  private static final String DEV_MARK = "devonly";

  /** Template ids by category; an empty id turns that category off. */
  public record Templates(String approval, String forum, String deadline, String general) {
  }

  public static WeChatSettings from(AppConfig c) {
    String apiBase = trimSlash(c.string("wechat.apiBase"));
    WeChatSettings settings = new WeChatSettings(
        c.string("wechat.appId"), c.string("wechat.appSecret"), c.string("wechat.token"),
        c.string("wechat.aesKey"), apiBase, oauthBaseFor(apiBase),
        c.integer("wechat.maxSkewSeconds", 0, 86_400), c.integer("wechat.port", 0, 65_535),
        trimSlash(c.string("wechat.publicBaseUrl")), c.string("wechat.oauthLanding"),
        c.integer("wechat.replyBudgetMs", 100, 4_500), c.bool("wechat.simulator"),
        c.integer("wechat.simulatorPort", 0, 65_535),
        new Templates(c.string("wechat.templateApproval", ""), c.string("wechat.templateForum", ""),
            c.string("wechat.templateDeadline", ""), c.string("wechat.templateGeneral", "")),
        c.integer("wechat.templatesPerHour", 1, 10_000), c.integer("wechat.templateRetries", 0, 10),
        c.integer("wechat.templateRetryBaseMs", 1, 60_000),
        c.integer("wechat.tokenRefreshAheadSeconds", 0, 3_600));
    settings.check(c.isProduction());
    return settings;
  }

  /**
   * The OAuth authorize page lives on open.weixin.qq.com while the API is on
   * api.weixin.qq.com; anywhere else (the simulator) both are on the same server.
   */
  static String oauthBaseFor(String apiBase) {
    return apiBase.equals("https://api.weixin.qq.com") ? "https://open.weixin.qq.com" : apiBase;
  }

  public String callbackPath() {
    return "/wechat/callback";
  }

  /** Where WeChat's OAuth sends the browser back: the H5 landing page. */
  public String oauthRedirectUri() {
    return publicBaseUrl + oauthLanding;
  }

  public String publicHost() {
    return URI.create(publicBaseUrl).getHost();
  }

  private void check(boolean production) {
    if (!token.matches("[A-Za-z0-9]{3,32}")) {
      throw new ConfigException("wechat.token",
          "must be 3 to 32 letters or digits (WeChat's rule)");
    }
    if (!aesKey.matches("[A-Za-z0-9]{43}")) {
      throw new ConfigException("wechat.aesKey", "must be the 43-character EncodingAESKey");
    }
    if (!apiBase.startsWith("http://") && !apiBase.startsWith("https://")) {
      throw new ConfigException("wechat.apiBase", "must be an http(s) URL");
    }
    if (!publicBaseUrl.startsWith("http://") && !publicBaseUrl.startsWith("https://")) {
      throw new ConfigException("wechat.publicBaseUrl", "must be an http(s) URL");
    }
    if (!oauthLanding.startsWith("/")) {
      throw new ConfigException("wechat.oauthLanding", "must be a path starting with /");
    }
    if (!production) {
      return;
    }
    if (simulator) {
      throw new ConfigException("wechat.simulator",
          "runs a fake WeChat server; turn it off for the prod profile");
    }
    for (String[] secret : new String[][] {{"wechat.appId", appId},
        {"wechat.appSecret", appSecret}, {"wechat.token", token}, {"wechat.aesKey", aesKey}}) {
      if (secret[1].toLowerCase(java.util.Locale.ROOT).contains(DEV_MARK)) {
        throw new ConfigException(secret[0],
            "is the development value; set the real account's for the prod profile");
      }
    }
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
