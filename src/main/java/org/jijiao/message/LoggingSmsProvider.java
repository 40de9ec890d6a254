package org.jijiao.message;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Development provider: sends nothing, logs that it would have (masked number only). */
public final class LoggingSmsProvider implements SmsProvider {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingSmsProvider.class);

  @Override
  public String name() {
    return "log";
  }

  @Override
  public Future<Void> send(String phone, String text) {
    LOG.info("event=sms_logged provider=log phone={} chars={}", maskPhone(phone),
        text.codePointCount(0, text.length()));
    return Future.succeededFuture();
  }

  /** "13912345678" → "139****5678"; anything shorter keeps at most its last two digits. */
  public static String maskPhone(String phone) {
    if (phone == null || phone.isBlank()) {
      return "-";
    }
    String digits = phone.strip();
    if (digits.length() >= 11) {
      return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }
    int keep = Math.min(2, digits.length());
    return "*".repeat(digits.length() - keep) + digits.substring(digits.length() - keep);
  }
}
