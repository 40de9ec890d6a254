package org.jijiao.loadtest.server;

import java.util.Optional;

/**
 * Where the server and its database are, and the passwords of the seeded people; all from
 * the environment so no host or password is written in code.
 */
public record Settings(
    String baseUrl,
    String jdbcUrl,
    String redisUrl,
    String teacherPassword,
    Optional<String> adminIdNumber,
    String adminPassword) {

  public static Settings fromEnvironment() {
    String db = env("DB_NAME", "jijiao");
    return new Settings(
        stripSlash(env("BASE_URL", "http://localhost:8080")),
        env("LOADTEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres"),
        // The server reads the same variable, so one export points both at the same Redis.
        env("REDIS_URL", "redis://127.0.0.1:6379"),
        env("LOADTEST_PASSWORD", "Teacher@2026"),
        Optional.ofNullable(System.getenv("LOADTEST_ADMIN_ID")).filter(id -> !id.isBlank()),
        env("LOADTEST_ADMIN_PASSWORD", "Jijiao@2026"));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
