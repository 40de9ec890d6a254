package org.jijiao.testing;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jijiao.Bootstrap;
import org.jijiao.Node;
import org.jijiao.config.AppConfig;
import org.jijiao.config.Settings;
import org.jijiao.db.Jdbc;

/**
 * A real node for tests: its own fresh PostgreSQL database built by the production
 * migrations and loader (a small city), its own Redis key prefix, port 0, and a cheap
 * password hash cost so tests do not spend their time hashing. Stopping drops the database.
 */
public final class TestNode implements AutoCloseable {

  public static final String DEMO_PASSWORD = "Jijiao@2026";
  public static final String TEACHER_PASSWORD = "Teacher@2026";

  private Node node;
  private final AppConfig config;
  private final Settings settings;
  private TestClient client;

  private TestNode(Node node, AppConfig config, Settings settings) {
    this.node = node;
    this.config = config;
    this.settings = settings;
    this.client = new TestClient(node.vertx(), node.port());
  }

  public static TestNode start() {
    return start(Map.of());
  }

  public static TestNode start(Map<String, String> extra) {
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Map<String, String> overrides = new HashMap<>(Map.of(
        "pg.database", "jijiao_test_" + run,
        "redis.keyPrefix", "jjtest:" + run + ":",
        "http.port", "0",
        "http.instances", "1",
        "auth.argon2MemoryKib", "256",
        "auth.argon2Iterations", "1",
        "seed.teachers", "600",
        "seed.schools", "40",
        "seed.forcePasswordChange", "false",
        "learning.flushIntervalMs", "200"));
    overrides.put("files.dir", "target/test-files/" + run);
    overrides.put("wechat.port", "0");
    overrides.put("wechat.simulatorPort", "0");
    overrides.putAll(extra);
    AppConfig config = AppConfig.load(System.getenv(), overrides);
    Settings settings = Settings.from(config);
    try {
      Bootstrap.prepareDatabase(settings, 42L, line -> { });
      Node node = await(Node.start(config));
      return new TestNode(node, config, settings);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not start", e);
    }
  }

  /**
   * Orderly restart on the same database and Redis prefix: the old node stops as in
   * production (verticles first, so buffered progress is flushed), a new one starts.
   */
  public void restart() {
    await(node.stop());
    node = await(Node.start(config));
    client = new TestClient(node.vertx(), node.port());
  }

  public TestClient client() {
    return client;
  }

  public Node node() {
    return node;
  }

  public Settings settings() {
    return settings;
  }

  /** A plain JDBC connection to this test's database, for checking what was stored. */
  public java.sql.Connection jdbc() throws java.sql.SQLException {
    return Jdbc.connect(settings.pg());
  }

  public long queryLong(String sql, Object... params) {
    try (var connection = jdbc(); var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row as text, or null when there is no row. */
  public String queryString(String sql, Object... params) {
    try (var connection = jdbc(); var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void execute(String sql, Object... params) {
    try (var connection = jdbc(); var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.execute();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      await(node.stop());
    } catch (Exception ignored) {
      // The database is dropped below whatever happened to the node.
    }
    try {
      Jdbc.dropDatabase(settings.pg());
    } catch (Exception e) {
      System.err.println("could not drop test database " + settings.pg().database() + ": " + e);
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
