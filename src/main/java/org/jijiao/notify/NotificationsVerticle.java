package org.jijiao.notify;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each notice in the recipient's inbox (once per dedupe key) and republishes it on
 * {@link Notifier#STORED_ADDRESS} for the outbound channels.
 */
public final class NotificationsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationsVerticle.class);

  private static final String INSERT = """
      insert into message (user_id, kind, title, body, link, dedupe_key)
      values ($1, $2, $3, $4, $5, $6)
      on conflict (dedupe_key) do nothing
      returning id""";

  private final Pool pool;

  public NotificationsVerticle(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(Notifier.ADDRESS, msg -> store(msg.body()))
        .completion();
  }

  private void store(JsonObject json) {
    Notice notice = Notice.fromJson(json);
    pool.preparedQuery(INSERT)
        .execute(Tuple.of(notice.userId(), notice.kind(), notice.title(), notice.body(),
            notice.link(), notice.dedupeKey()))
        .onSuccess(rows -> {
          if (rows.size() > 0) {
            JsonObject stored = json.copy().put("messageId", rows.iterator().next().getLong(0));
            vertx.eventBus().publish(Notifier.STORED_ADDRESS, stored);
          }
        })
        .onFailure(e -> LOG.error("event=notice_store_failed user={} kind={}", notice.userId(),
            notice.kind(), e));
  }
}
