package org.jijiao.learning;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;

/**
 * A Redis lease that makes one flusher active per cluster: {@code lock:flusher} holds the
 * holder's id with an expiry, renewed by the holder well before it runs out. A node that
 * dies stops renewing, and a stand-by node takes over within one lease. Two flushers at
 * once would still be safe (writes are absolute and versioned); the lease only avoids the
 * wasted work.
 */
public final class FlushLease {

  private static final LuaScript HOLD = LuaScript.fromResource("/lua/lock-hold.lua");
  private static final LuaScript RELEASE = LuaScript.fromResource("/lua/lock-release.lua");

  private final RedisAPI redis;
  private final String key;
  private final String holder;
  private final long leaseMs;

  public FlushLease(RedisAPI redis, RedisKeys keys, String holder, long leaseMs) {
    this.redis = redis;
    this.key = keys.of("lock", "flusher");
    this.holder = holder;
    this.leaseMs = leaseMs;
  }

  /** Takes or renews the lease; answers whether this node holds it now. */
  public Future<Boolean> hold() {
    return HOLD.run(redis, List.of(key), List.of(holder, String.valueOf(leaseMs)))
        .map(r -> r.toInteger() == 1);
  }

  public Future<Void> release() {
    return RELEASE.run(redis, List.of(key), List.of(holder)).mapEmpty();
  }
}
