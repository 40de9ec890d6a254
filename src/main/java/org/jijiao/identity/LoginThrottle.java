package org.jijiao.identity;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.config.Settings;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;

/**
 * Failed-login counting and lock-out, per account and per client address, kept in Redis so
 * that every server instance sees the same counts. Keys are built from the typed ID number
 * whether or not an account has it, so the answers never tell whether an ID exists.
 */
public final class LoginThrottle {

  private static final LuaScript FAILURE = LuaScript.fromResource("/lua/login-failure.lua");

  private final RedisAPI redis;
  private final RedisKeys keys;
  private final Settings.Auth auth;

  public LoginThrottle(RedisAPI redis, RedisKeys keys, Settings.Auth auth) {
    this.redis = redis;
    this.keys = keys;
    this.auth = auth;
  }

  /** Fails with 423 when the account or the address is locked. */
  public Future<Void> checkNotLocked(String idNumber, String address) {
    return redis.exists(List.of(keys.of("lock:acct", idNumber), keys.of("lock:addr", address)))
        .compose(count -> count.toInteger() > 0
            ? Future.failedFuture(lockedOut())
            : Future.succeededFuture());
  }

  /** The one answer for a locked login, on the failure that locks and every try after. */
  public ApiException lockedOut() {
    return ApiException.locked("登录失败次数过多，账号已暂时锁定，请 " + (auth.lockSeconds() / 60)
        + " 分钟后再试", auth.lockSeconds());
  }

  /** Records a failure; answers whether this failure locked the account or address. */
  public Future<Boolean> recordFailure(String idNumber, String address) {
    List<String> keyList = List.of(keys.of("fail:acct", idNumber), keys.of("fail:addr", address),
        keys.of("lock:acct", idNumber), keys.of("lock:addr", address));
    List<String> args = List.of(String.valueOf(auth.failureWindowSeconds()),
        String.valueOf(auth.maxFailuresPerAccount()), String.valueOf(auth.maxFailuresPerAddress()),
        String.valueOf(auth.lockSeconds()));
    return FAILURE.run(redis, keyList, args).map(r -> r.toInteger() == 1);
  }

  public Future<Void> recordSuccess(String idNumber) {
    return redis.del(List.of(keys.of("fail:acct", idNumber))).mapEmpty();
  }
}
