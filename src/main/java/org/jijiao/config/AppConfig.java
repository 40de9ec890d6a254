package org.jijiao.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration, read once at start-up: defaults from {@code jijiao.properties},
 * each overridden by an environment variable of the same name in upper snake case, then
 * by explicit overrides (tests). Reading a missing or malformed value fails at once with
 * a message naming the key, so a bad configuration never gets as far as serving.
 */
public final class AppConfig {

  private final Map<String, String> values;

  private AppConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static AppConfig load(Map<String, String> env, Map<String, String> overrides) {
    Properties defaults = new Properties();
    try (InputStream in = AppConfig.class.getResourceAsStream("/jijiao.properties")) {
      defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read jijiao.properties", e);
    }

    Map<String, String> merged = new HashMap<>();
    for (String key : defaults.stringPropertyNames()) {
      String fromEnv = env.get(envName(key));
      merged.put(key, fromEnv != null ? fromEnv : defaults.getProperty(key));
    }
    merged.putAll(overrides);
    return new AppConfig(merged);
  }

  public static AppConfig fromEnvironment() {
    return load(System.getenv(), Map.of());
  }

  public static String envName(String key) {
    return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_')
        .toUpperCase(Locale.ROOT);
  }

  public AppConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new AppConfig(merged);
  }

  public String string(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new ConfigException(key, "is not set");
    }
    return value.trim();
  }

  public String string(String key, String fallback) {
    String value = values.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public int integer(String key, int min, int max) {
    String raw = string(key);
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, got '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public boolean bool(String key) {
    String raw = string(key).toLowerCase(Locale.ROOT);
    if (!raw.equals("true") && !raw.equals("false")) {
      throw new ConfigException(key, "must be true or false, got '" + raw + "'");
    }
    return Boolean.parseBoolean(raw);
  }

  public boolean isProduction() {
    return "prod".equals(string("profile"));
  }

  /** Raised for any invalid key; Main prints it and exits before anything starts. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String key, String problem) {
      super("configuration " + key + " (environment " + envName(key) + ") " + problem);
    }
  }
}
