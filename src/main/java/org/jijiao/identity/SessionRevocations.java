package org.jijiao.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import org.jijiao.config.Settings;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts an account's sessions short. Access tokens are signed and checked without a store, so
 * without this a logout, a password change, a role change or a transfer would leave the old
 * access token working for the rest of its 15 minutes.
 *
 * <p>A revocation is a moment, taken after the change it follows has committed: tokens whose
 * account was read up to that moment are refused. Tokens carry the moment their account row
 * was read ({@code ims}), not when they were signed, so a login or refresh that read the
 * account just before a password change or a role change commits is refused too.
 *
 * <p>Redis keeps the moment per account for as long as such a token could live
 * ({@code atrev}) and, for a sign-out everywhere, as long as a refresh token could live
 * ({@code rtrev}). Every node also keeps it
 * in memory, told over the event bus, so the check on a token this node already verified
 * costs one map look-up and no round trip: only a token seen for the first time on a node
 * reads Redis. A node started after a revocation finds it in Redis.
 *
 * <p>Moments are the revoking node's wall clock in milliseconds and tokens carry their
 * reading node's ({@code ims}); nodes are assumed to be NTP-synchronised, so a skew of a few
 * milliseconds is the margin.
 */
public final class SessionRevocations {

  public static final String ADDRESS = "jijiao.identity.revoked";

  private static final LuaScript RAISE = LuaScript.fromResource("/lua/revocation-raise.lua");

  private static final Logger LOG = LoggerFactory.getLogger(SessionRevocations.class);

  private final Vertx vertx;
  private final RedisAPI redis;
  private final RedisKeys keys;
  private final Settings.Auth auth;
  /** accountId → the moment up to which its access tokens are refused. */
  private final Cache<Long, Long> accessRevokedAt;

  public SessionRevocations(Vertx vertx, RedisAPI redis, RedisKeys keys, Settings.Auth auth) {
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.auth = auth;
    this.accessRevokedAt = Caffeine.newBuilder()
        .maximumSize(1_000_000)
        .expireAfterWrite(Duration.ofSeconds(auth.accessTokenSeconds() + 60L))
        .build();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, msg -> remember(
        msg.body().getLong("accountId"), msg.body().getLong("atMs")));
  }

  /**
   * Refuses every access token the account holds now (logout, role change, transfer). Its
   * refresh tokens keep working and the next refresh reads the account's current roles.
   */
  public Future<Void> revokeAccess(long accountId, String reason) {
    long at = System.currentTimeMillis();
    return mark("atrev", accountId, at, auth.accessTokenSeconds() + 60)
        .onSuccess(v -> announce(accountId, at, reason, "access"));
  }

  /**
   * Signs the account out everywhere: its access tokens, every refresh token family and
   * WeChat bindings made before now. Answers the revocation's moment.
   */
  public Future<Long> revokeEverywhere(long accountId, String reason) {
    long at = System.currentTimeMillis();
    return mark("rtrev", accountId, at, auth.refreshTokenSeconds())
        .compose(v -> mark("atrev", accountId, at, auth.accessTokenSeconds() + 60))
        .onSuccess(v -> announce(accountId, at, reason, "everywhere"))
        .map(at);
  }

  /** Whether this node already knows the token to be revoked; no I/O. */
  boolean knownRevoked(long accountId, long issuedAtMs) {
    Long at = accessRevokedAt.getIfPresent(accountId);
    return at != null && issuedAtMs <= at;
  }

  /**
   * Whether the request's token is still good: not expired and not revoked as far as this
   * node knows. For long-lived answers (event streams) that must end when the token does.
   */
  public boolean stillValid(io.vertx.ext.web.RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    AuthHandler.TokenLife life = ctx.get(AuthHandler.TokenLife.CONTEXT_KEY);
    if (life == null) {
      return true;
    }
    return life.expiresAtSeconds() > System.currentTimeMillis() / 1000
        && !knownRevoked(principal.userId(), life.issuedAtMs());
  }

  /** Whether an access token issued at {@code issuedAtMs} was revoked, asking Redis if need be. */
  Future<Boolean> accessRevoked(long accountId, long issuedAtMs) {
    if (knownRevoked(accountId, issuedAtMs)) {
      return Future.succeededFuture(true);
    }
    return redis.get(keys.of("atrev", accountId)).map(value -> {
      if (value == null) {
        return false;
      }
      long at = value.toLong();
      remember(accountId, at);
      return issuedAtMs <= at;
    });
  }

  /** Whether a refresh token family (or a WeChat binding) made at createdAtMs was signed out. */
  public Future<Boolean> refreshRevoked(long accountId, long createdAtMs) {
    return redis.get(keys.of("rtrev", accountId))
        .map(value -> value != null && createdAtMs <= value.toLong());
  }

  private Future<Void> mark(String family, long accountId, long at, int seconds) {
    return RAISE.run(redis, List.of(keys.of(family, accountId)),
        List.of(String.valueOf(at), String.valueOf(seconds))).mapEmpty();
  }

  private void announce(long accountId, long at, String reason, String scope) {
    remember(accountId, at);
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("accountId", accountId).put("atMs", at));
    LOG.info("event=sessions_revoked user={} scope={} reason={}", accountId, scope, reason);
  }

  private void remember(long accountId, long at) {
    accessRevokedAt.asMap().merge(accountId, at, Math::max);
  }
}
