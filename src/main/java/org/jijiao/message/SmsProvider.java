package org.jijiao.message;

import io.vertx.core.Future;

/**
 * Sends one text message. Implementations talk to an SMS gateway; the future fails when
 * the gateway refused or could not be reached (the caller logs it, the inbox keeps the
 * message either way).
 */
public interface SmsProvider {

  String name();

  Future<Void> send(String phone, String text);
}
