package org.jijiao.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.jijiao.config.AppConfig;
import org.jijiao.config.Settings;
import org.jijiao.identity.Access;
import org.jijiao.identity.HashingPool;
import org.jijiao.identity.PasswordHasher;
import org.jijiao.identity.SessionRevocations;
import org.jijiao.org.OrgTree;

/**
 * The shared collaborators of one node: stores, token signer, hashing pool, organisation
 * tree and metrics. Built once by {@link #start} and handed to every verticle and
 * capability through constructors; nothing here is a static singleton.
 */
public record Platform(Vertx vertx, AppConfig config, Settings settings, Pool pool,
    Redis redisClient, RedisAPI redis, RedisKeys keys, JWTAuth jwt, PasswordHasher hasher,
    HashingPool hashing, OrgTree orgs, Access access, SessionRevocations revocations,
    PrometheusMeterRegistry metrics) {

  public static Future<Platform> start(Vertx vertx, AppConfig config,
      PrometheusMeterRegistry metrics) {
    Settings settings = Settings.from(config);
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(settings.pg().poolSize()).setShared(true)
            .setName("jijiao-pg"))
        .connectingTo(new PgConnectOptions()
            .setHost(settings.pg().host())
            .setPort(settings.pg().port())
            .setDatabase(settings.pg().database())
            .setUser(settings.pg().user())
            .setPassword(settings.pg().password())
            .setCachePreparedStatements(true)
            .setPipeliningLimit(16))
        .using(vertx)
        .build();
    Redis redisClient = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(settings.redis().url())
        .setMaxPoolSize(settings.redis().poolSize())
        .setMaxPoolWaiting(settings.redis().maxWaitingHandlers())
        .setMaxWaitingHandlers(settings.redis().maxWaitingHandlers()));
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
            .setBuffer(settings.auth().jwtSecret())));
    PasswordHasher hasher = new PasswordHasher(settings.auth().argon2MemoryKib(),
        settings.auth().argon2Iterations());
    HashingPool hashing = new HashingPool(vertx, hasher, settings.auth().hashWorkers(),
        settings.auth().hashQueue(), metrics);
    OrgTree orgs = new OrgTree(pool);

    RedisAPI redis = RedisAPI.api(redisClient);
    RedisKeys keys = new RedisKeys(settings.redis().keyPrefix());
    SessionRevocations revocations = new SessionRevocations(vertx, redis, keys, settings.auth());
    Platform platform = new Platform(vertx, config, settings, pool, redisClient, redis, keys,
        jwt, hasher, hashing, orgs, new Access(orgs), revocations, metrics);
    vertx.eventBus().<Object>consumer(OrgTree.CHANGED_ADDRESS, msg -> orgs.reload());
    return orgs.reload().map(platform);
  }

  public Future<Void> close() {
    hashing.close();
    redisClient.close();
    return pool.close();
  }
}
