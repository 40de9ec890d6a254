package org.jijiao.message;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.LongFunction;
import org.jijiao.common.Text;

/**
 * Decides whether a stored notice also goes out by SMS, and sends it: only the configured
 * kinds (approval results and deadlines by default), only to accounts with a phone number,
 * short text with the platform's signature.
 */
public final class SmsChannel {

  static final int MAX_TEXT = 70;

  private final SmsProvider provider;
  private final Set<String> kinds;
  private final LongFunction<Future<String>> phoneOf;

  public SmsChannel(SmsProvider provider, Set<String> kinds,
      LongFunction<Future<String>> phoneOf) {
    this.provider = provider;
    this.kinds = Set.copyOf(kinds);
    this.phoneOf = phoneOf;
  }

  /** Answers whether a message was handed to the provider. */
  public Future<Boolean> deliver(JsonObject stored) {
    String kind = stored.getString("kind");
    Long userId = stored.getLong("userId");
    if (kind == null || userId == null || !kinds.contains(kind)) {
      return Future.succeededFuture(false);
    }
    String text = Text.truncate("【继教】" + stored.getString("title", ""), MAX_TEXT);
    return phoneOf.apply(userId).compose(phone -> phone == null || phone.isBlank()
        ? Future.succeededFuture(false)
        : provider.send(phone, text).map(true));
  }
}
