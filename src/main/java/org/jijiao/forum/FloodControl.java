package org.jijiao.forum;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;

/**
 * At most {@code maxPerWindow} forum writes per person per window, counted in Redis so every
 * node sees the same count (key family {@code forum:rate}, expires with its window).
 */
final class FloodControl {

  private static final LuaScript RATE = LuaScript.fromResource("/lua/forum-rate.lua");

  private final RedisAPI redis;
  private final RedisKeys keys;
  private final int maxPerWindow;
  private final int windowSeconds;

  FloodControl(RedisAPI redis, RedisKeys keys, int maxPerWindow, int windowSeconds) {
    this.redis = redis;
    this.keys = keys;
    this.maxPerWindow = maxPerWindow;
    this.windowSeconds = windowSeconds;
  }

  /** Fails with 429 and Retry-After when the writer is over the limit. */
  Future<Void> admit(long userId) {
    return RATE.run(redis, List.of(keys.of("forum:rate", userId)),
            List.of(String.valueOf(maxPerWindow), String.valueOf(windowSeconds)))
        .compose(answer -> {
          int retryAfter = answer.toInteger();
          return retryAfter == 0 ? Future.succeededFuture()
              : Future.failedFuture(ApiException.slowDown(
                  "发帖过于频繁，请 " + retryAfter + " 秒后再试", retryAfter));
        });
  }
}
