package org.jijiao.wechat;

/** The JS-SDK page signature (wx.config) over the jsapi_ticket. */
public final class JsSdk {

  private JsSdk() {
  }

  /**
   * SHA-1 of "jsapi_ticket=…&noncestr=…&timestamp=…&url=…" — the four keys in ASCII order,
   * values raw (not URL-encoded), the URL without its fragment.
   */
  public static String sign(String ticket, String nonceStr, long timestamp, String url) {
    return WeChatCrypto.sha1Hex("jsapi_ticket=" + ticket + "&noncestr=" + nonceStr
        + "&timestamp=" + timestamp + "&url=" + url);
  }
}
