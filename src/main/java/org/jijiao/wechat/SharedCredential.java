package org.jijiao.wechat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jijiao.platform.LuaScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential WeChat issues for a limited time and counts against a daily quota (the
 * access token, the jsapi ticket), kept in Redis and shared by every node.
 *
 * <p>Only one node refreshes at a time: it takes a Redis lock ({@code SET NX PX}), checks
 * again that nobody refreshed meanwhile, fetches, stores, and releases the lock only if it
 * still owns it. The others keep using the current value while it is valid (WeChat keeps an
 * old access token working for five minutes after issuing a new one) or, when there is
 * none, wait for the refresher's result.
 */
final class SharedCredential {

  private static final Logger LOG = LoggerFactory.getLogger(SharedCredential.class);
  private static final LuaScript UNLOCK = LuaScript.fromResource("/lua/wechat-unlock.lua");
  private static final int LOCK_MS = 10_000;
  private static final int WAIT_STEP_MS = 50;
  private static final int WAIT_MAX_MS = 8_000;

  /** A fetched value and how long WeChat says it lasts. */
  record Fetched(String value, int expiresInSeconds) {
  }

  /** {@code refreshAtMs}: when to start refreshing (ahead of expiry, at most half-way). */
  private record Stored(String value, long expiresAtMs, long refreshAtMs) {
  }

  private final Vertx vertx;
  private final RedisAPI redis;
  private final String key;
  private final String lockKey;
  private final long refreshAheadMs;
  private final Supplier<Future<Fetched>> fetch;
  private final String name;

  SharedCredential(Vertx vertx, RedisAPI redis, String key, String lockKey, int refreshAheadSeconds,
      String name, Supplier<Future<Fetched>> fetch) {
    this.vertx = vertx;
    this.redis = redis;
    this.key = key;
    this.lockKey = lockKey;
    this.refreshAheadMs = refreshAheadSeconds * 1000L;
    this.name = name;
    this.fetch = fetch;
  }

  /** The current value, refreshed first when it is missing or about to expire. */
  Future<String> get() {
    return read().compose(stored -> {
      long now = System.currentTimeMillis();
      if (stored != null && now < stored.refreshAtMs()) {
        return Future.succeededFuture(stored.value());
      }
      return refresh(stored, null);
    });
  }

  /** Replaces {@code rejected}, which WeChat refused; a value already replaced is reused. */
  Future<String> replace(String rejected) {
    return read().compose(stored -> refresh(stored, rejected));
  }

  private Future<String> refresh(Stored current, String rejected) {
    String owner = UUID.randomUUID().toString();
    return redis.set(List.of(lockKey, owner, "NX", "PX", String.valueOf(LOCK_MS)))
        .compose(locked -> {
          if (locked == null) {
            return usableOrWait(current, rejected);
          }
          return read()
              .compose(again -> fresh(again, rejected)
                  ? Future.succeededFuture(again.value())
                  : fetchAndStore())
              .eventually(() -> UNLOCK.run(redis, List.of(lockKey), List.of(owner)));
        });
  }

  private boolean fresh(Stored stored, String rejected) {
    if (stored == null || stored.value().equals(rejected)) {
      return false;
    }
    return rejected != null || System.currentTimeMillis() < stored.refreshAtMs();
  }

  private Future<String> fetchAndStore() {
    return fetch.get().compose(fetched -> {
      long ttlMs = Math.max(1_000L, fetched.expiresInSeconds() * 1000L);
      long now = System.currentTimeMillis();
      // A credential shorter-lived than the refresh margin is still used for half its life.
      long refreshAt = now + Math.max(ttlMs - refreshAheadMs, ttlMs / 2);
      String json = new JsonObject().put("v", fetched.value()).put("exp", now + ttlMs)
          .put("ref", refreshAt).encode();
      LOG.info("event=wechat_credential_refreshed name={} expiresIn={}", name,
          fetched.expiresInSeconds());
      return redis.set(List.of(key, json, "PX", String.valueOf(ttlMs)))
          .map(ok -> fetched.value());
    });
  }

  /** Another node is refreshing: use what is still valid, or wait for the new value. */
  private Future<String> usableOrWait(Stored current, String rejected) {
    if (current != null && !current.value().equals(rejected)
        && current.expiresAtMs() > System.currentTimeMillis()) {
      return Future.succeededFuture(current.value());
    }
    Promise<String> result = Promise.promise();
    poll(rejected, System.currentTimeMillis() + WAIT_MAX_MS, result);
    return result.future();
  }

  private void poll(String rejected, long deadline, Promise<String> result) {
    vertx.setTimer(WAIT_STEP_MS, t -> read().onComplete(done -> {
      Stored stored = done.succeeded() ? done.result() : null;
      if (stored != null && !stored.value().equals(rejected)) {
        result.complete(stored.value());
      } else if (System.currentTimeMillis() > deadline) {
        // The refresher died or WeChat is down; try ourselves rather than fail forever.
        refresh(null, rejected).onComplete(result);
      } else {
        poll(rejected, deadline, result);
      }
    }));
  }

  private Future<Stored> read() {
    return redis.get(key).map(response -> {
      if (response == null) {
        return null;
      }
      JsonObject json = new JsonObject(response.toString());
      return new Stored(json.getString("v"), json.getLong("exp"),
          json.getLong("ref", json.getLong("exp")));
    });
  }
}
