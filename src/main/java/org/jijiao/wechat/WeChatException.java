package org.jijiao.wechat;

/** WeChat answered a call with a non-zero errcode (or not in JSON at all: errcode -2). */
public final class WeChatException extends RuntimeException {

  /** WeChat's "system busy, retry later". */
  public static final int BUSY = -1;

  private final int errcode;

  public WeChatException(int errcode, String errmsg) {
    super("errcode=" + errcode + " errmsg=" + errmsg, null, false, false);
    this.errcode = errcode;
  }

  public int errcode() {
    return errcode;
  }

  public boolean busy() {
    return errcode == BUSY;
  }
}
