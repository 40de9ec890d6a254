package org.jijiao.message;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jijiao.config.AppConfig;
import org.jijiao.notify.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS channel of the notification fan-out: listens to notices the notifications
 * verticle stored ({@link Notifier#STORED_ADDRESS}, published, so every channel sees each
 * one) and sends those of the configured kinds through the configured provider.
 */
public final class SmsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SmsVerticle.class);

  private static final String PHONE = "select phone from account where id = $1";

  private final Pool pool;
  private final AppConfig config;

  public SmsVerticle(Pool pool, AppConfig config) {
    this.pool = pool;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    String providerName = config.string("sms.provider", "off");
    if ("off".equals(providerName)) {
      LOG.info("event=sms_channel_off");
      return Future.succeededFuture();
    }
    if (!"log".equals(providerName)) {
      return Future.failedFuture(new AppConfig.ConfigException("sms.provider",
          "must be 'log' or 'off' (no gateway provider is built yet), got '" + providerName + "'"));
    }
    if (config.isProduction()) {
      LOG.warn("event=sms_channel_development_provider provider=log note=no_sms_is_sent");
    }
    Set<String> kinds = Arrays.stream(config.string("sms.kinds", "").split(","))
        .map(String::strip).filter(k -> !k.isEmpty()).collect(Collectors.toSet());
    SmsChannel channel = new SmsChannel(new LoggingSmsProvider(), kinds, this::phoneOf);

    return vertx.eventBus().<JsonObject>consumer(Notifier.STORED_ADDRESS, msg -> channel
            .deliver(msg.body())
            .onFailure(e -> LOG.warn("event=sms_failed messageId={}",
                msg.body().getLong("messageId"), e)))
        .completion();
  }

  private Future<String> phoneOf(long userId) {
    return pool.preparedQuery(PHONE).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }
}
