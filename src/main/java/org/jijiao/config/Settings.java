package org.jijiao.config;

/**
 * Typed views of the configuration, validated together. Units are in the names.
 */
public record Settings(
    Http http, Postgres pg, RedisSettings redis, Auth auth, Learning learning, Files files,
    Seed seed) {

  static final String DEV_SECRET_MARK = "dev-only";

  public record Http(String host, int port, int bodyLimitBytes, int uploadLimitBytes,
      int instances) {
  }

  public record Postgres(String host, int port, String database, String user, String password,
      int poolSize) {
  }

  public record RedisSettings(String url, String keyPrefix, int poolSize,
      int maxWaitingHandlers) {
  }

  public record Auth(String jwtSecret, int accessTokenSeconds, int refreshTokenSeconds,
      int refreshGraceSeconds, int maxFailuresPerAccount, int maxFailuresPerAddress,
      int failureWindowSeconds, int lockSeconds, int argon2MemoryKib, int argon2Iterations,
      int hashWorkers, int hashQueue) {
  }

  public record Learning(int heartbeatSeconds, int segmentSeconds, int flushIntervalMs,
      int flushBatchSize, int sessionIdleSeconds) {
  }

  public record Files(String filesDir, String mediaDir) {
  }

  public record Seed(boolean demo, int teachers, int schools, String initialPassword,
      boolean forcePasswordChange, String demoPassword) {
  }

  public static Settings from(AppConfig c) {
    Settings settings = new Settings(
        new Http(c.string("http.host"), c.integer("http.port", 0, 65535),
            c.integer("http.bodyLimitBytes", 1024, 1 << 20),
            c.integer("http.uploadLimitBytes", 1024, 200 << 20),
            c.integer("http.instances", 0, 64)),
        new Postgres(c.string("pg.host"), c.integer("pg.port", 1, 65535), c.string("pg.database"),
            c.string("pg.user"), c.string("pg.password", ""), c.integer("pg.poolSize", 1, 200)),
        new RedisSettings(c.string("redis.url"), c.string("redis.keyPrefix"),
            c.integer("redis.poolSize", 1, 256), c.integer("redis.maxWaitingHandlers", 16, 1 << 20)),
        new Auth(c.string("auth.jwtSecret"), c.integer("auth.accessTokenSeconds", 30, 86400),
            c.integer("auth.refreshTokenSeconds", 300, 90 * 86400),
            c.integer("auth.refreshGraceSeconds", 0, 300),
            c.integer("auth.maxFailuresPerAccount", 1, 100),
            c.integer("auth.maxFailuresPerAddress", 1, 100000),
            c.integer("auth.failureWindowSeconds", 10, 86400),
            c.integer("auth.lockSeconds", 1, 86400),
            c.integer("auth.argon2MemoryKib", 64, 1 << 20),
            c.integer("auth.argon2Iterations", 1, 20),
            c.integer("auth.hashWorkers", 1, 64), c.integer("auth.hashQueue", 1, 100000)),
        new Learning(c.integer("learning.heartbeatSeconds", 1, 300),
            c.integer("learning.segmentSeconds", 1, 60),
            c.integer("learning.flushIntervalMs", 50, 600000),
            c.integer("learning.flushBatchSize", 1, 100000),
            c.integer("learning.sessionIdleSeconds", 60, 86400)),
        new Files(c.string("files.dir"), c.string("media.dir")),
        new Seed(c.bool("seed.demo"), c.integer("seed.teachers", 10, 1_000_000),
            c.integer("seed.schools", 3, 100_000), c.string("seed.initialPassword"),
            c.bool("seed.forcePasswordChange"), c.string("seed.demoPassword")));
    settings.check(c.isProduction());
    return settings;
  }

  private void check(boolean production) {
    if (auth.jwtSecret().length() < 32) {
      throw new AppConfig.ConfigException("auth.jwtSecret", "must be at least 32 characters");
    }
    if (production && auth.jwtSecret().startsWith(DEV_SECRET_MARK)) {
      throw new AppConfig.ConfigException("auth.jwtSecret",
          "is the development secret; set a real one for the prod profile");
    }
    if (production && seed.demo()) {
      throw new AppConfig.ConfigException("seed.demo",
          "loads demo accounts with published passwords; turn it off for the prod profile");
    }
    if (learning.heartbeatSeconds() < learning.segmentSeconds()) {
      throw new AppConfig.ConfigException("learning.heartbeatSeconds",
          "must not be shorter than learning.segmentSeconds");
    }
  }
}
