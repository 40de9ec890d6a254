package org.jijiao.notify;

import io.vertx.core.eventbus.EventBus;

/**
 * Sends notices without waiting for them: the notifications verticle (any node of the
 * cluster) stores each in the in-app inbox and fans it out to WeChat and SMS.
 */
public final class Notifier {

  /** Notices to deliver: JSON of {@link Notice}. */
  public static final String ADDRESS = "jijiao.notify";
  /** Stored notices, republished for the outbound channels (WeChat template, SMS). */
  public static final String STORED_ADDRESS = "jijiao.notify.stored";

  private final EventBus bus;

  public Notifier(EventBus bus) {
    this.bus = bus;
  }

  public void send(Notice notice) {
    bus.send(ADDRESS, notice.toJson());
  }
}
