package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The WeChat capability's SQL, named by intent. */
public final class WeChatStore {

  private static final String RECORD_EVENT = """
      insert into wechat_event (dedupe_key, openid, kind, event_key)
      values ($1, $2, $3, $4)
      on conflict (dedupe_key) do nothing
      returning id""";

  private static final String FOLLOW = """
      insert into wechat_follower (openid, subscribed, subscribed_at, updated_at)
      values ($1, true, now(), now())
      on conflict (openid) do update
        set subscribed = true, subscribed_at = now(), updated_at = now()""";

  private static final String UNFOLLOW = """
      insert into wechat_follower (openid, subscribed, unsubscribed_at, updated_at)
      values ($1, false, now(), now())
      on conflict (openid) do update
        set subscribed = false, unsubscribed_at = now(), updated_at = now()""";

  private static final String BOUND_ACCOUNT = """
      select b.account_id, a.name, b.bound_at
      from wechat_binding b join account a on a.id = b.account_id
      where b.openid = $1""";

  private static final String OPENID_OF_ACCOUNT = """
      select openid, bound_at from wechat_binding where account_id = $1""";

  private static final String BIND = """
      insert into wechat_binding (account_id, openid, bound_at)
      values ($1, $2, to_timestamp($3::double precision / 1000))
      on conflict do nothing
      returning bound_at""";

  private static final String BINDING_OF_EITHER = """
      select account_id, openid, bound_at from wechat_binding
      where account_id = $1 or openid = $2""";

  private static final String UNBIND = """
      delete from wechat_binding where account_id = $1 returning openid""";

  private static final String LATEST_MESSAGES = """
      select title, created_at, read_at from message
      where user_id = $1 order by created_at desc limit $2""";

  private static final String UNREAD_COUNT = """
      select count(*) from message where user_id = $1 and read_at is null""";

  /**
   * A binding as stored; {@code boundAtMs} is when the password that made it was checked, so
   * a sign-out everywhere after it (a password change or reset) ends the binding too.
   */
  public record Binding(long accountId, String openid, String name, long boundAtMs) {
  }

  private final Pool pool;

  public WeChatStore(Pool pool) {
    this.pool = pool;
  }

  /** True the first time this delivery is recorded; false for a repeat. */
  public Future<Boolean> recordEvent(InboundMessage message) {
    return pool.preparedQuery(RECORD_EVENT)
        .execute(Tuple.of(message.dedupeKey(), message.fromUser(), message.kind(),
            message.eventKey()))
        .map(rows -> rows.size() > 0);
  }

  public Future<Void> follow(String openid) {
    return pool.preparedQuery(FOLLOW).execute(Tuple.of(openid)).mapEmpty();
  }

  public Future<Void> unfollow(String openid) {
    return pool.preparedQuery(UNFOLLOW).execute(Tuple.of(openid)).mapEmpty();
  }

  public Future<Optional<Binding>> bindingOf(String openid) {
    return pool.preparedQuery(BOUND_ACCOUNT).execute(Tuple.of(openid))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.<Binding>empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new Binding(row.getLong("account_id"), openid, row.getString("name"),
              row.getOffsetDateTime("bound_at").toInstant().toEpochMilli()));
        });
  }

  public Future<Optional<String>> openidOf(long accountId) {
    return pool.preparedQuery(OPENID_OF_ACCOUNT).execute(Tuple.of(accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString("openid")));
  }

  public Future<JsonObject> bindingJson(long accountId) {
    return pool.preparedQuery(OPENID_OF_ACCOUNT).execute(Tuple.of(accountId))
        .map(rows -> {
          if (rows.size() == 0) {
            return new JsonObject().put("bound", false);
          }
          Row row = rows.iterator().next();
          return new JsonObject().put("bound", true)
              .put("boundAt", row.getOffsetDateTime("bound_at").toInstant().toString());
        });
  }

  /**
   * Binds, or confirms an identical existing binding. Fails with {@link BindConflict} when
   * the openid or the account is already bound to someone else.
   */
  /** Binds, recording {@code provenAtMs} (when the password was checked) as bound_at. */
  public Future<Void> bind(long accountId, String openid, long provenAtMs) {
    return pool.preparedQuery(BIND).execute(Tuple.of(accountId, openid, provenAtMs))
        .compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture();
      }
      return pool.preparedQuery(BINDING_OF_EITHER).execute(Tuple.of(accountId, openid))
          .compose(existing -> {
            for (Row row : existing) {
              boolean sameAccount = row.getLong("account_id") == accountId;
              boolean sameOpenid = row.getString("openid").equals(openid);
              if (sameAccount && sameOpenid) {
                return Future.succeededFuture();
              }
              return Future.failedFuture(new BindConflict(sameOpenid));
            }
            // The conflicting row was deleted between the two statements: try once more.
            return pool.preparedQuery(BIND).execute(Tuple.of(accountId, openid)).mapEmpty();
          });
    });
  }

  /** Removes the account's binding; answers the openid it had, if any. */
  public Future<Optional<String>> unbind(long accountId) {
    return pool.preparedQuery(UNBIND).execute(Tuple.of(accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString("openid")));
  }

  public Future<JsonArray> latestMessages(long accountId, int limit) {
    return pool.preparedQuery(LATEST_MESSAGES).execute(Tuple.of(accountId, limit))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(new JsonObject().put("title", row.getString("title"))
              .put("unread", row.getValue("read_at") == null)));
          return items;
        });
  }

  public Future<Long> unreadCount(long accountId) {
    return pool.preparedQuery(UNREAD_COUNT).execute(Tuple.of(accountId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The openid (or the account) is bound to someone else already. */
  public static final class BindConflict extends RuntimeException {
    private final boolean openidTaken;

    BindConflict(boolean openidTaken) {
      super(openidTaken ? "openid already bound" : "account already bound", null, false, false);
      this.openidTaken = openidTaken;
    }

    public boolean openidTaken() {
      return openidTaken;
    }
  }
}
