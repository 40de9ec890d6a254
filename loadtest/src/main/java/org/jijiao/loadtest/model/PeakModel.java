package org.jijiao.loadtest.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The peak model: one properties file, any key overridable by a system property of the same
 * name, so a single run can change one number without editing the file everyone shares.
 */
public final class PeakModel {

  private final Properties values;

  private PeakModel(Properties values) {
    this.values = values;
  }

  /** Reads the file named by -Dmodel, else peak-model.properties beside the working dir. */
  public static PeakModel load() {
    String path = System.getProperty("model", "peak-model.properties");
    return load(Path.of(path));
  }

  public static PeakModel load(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read peak model " + file.toAbsolutePath(), e);
    }
    return new PeakModel(props);
  }

  public String text(String key) {
    String value = System.getProperty(key, values.getProperty(key));
    if (value == null) {
      throw new IllegalArgumentException("peak model has no key " + key);
    }
    return value.trim();
  }

  public int integer(String key) {
    return Integer.parseInt(text(key));
  }

  public long longValue(String key) {
    return Long.parseLong(text(key));
  }

  public double decimal(String key) {
    return Double.parseDouble(text(key));
  }

  public List<Integer> integers(String key) {
    return Arrays.stream(text(key).split(","))
        .map(String::trim)
        .map(Integer::parseInt)
        .toList();
  }

  public RetryPolicy retryPolicy() {
    return new RetryPolicy(
        integer("retry.maxAttempts"),
        integer("retry.maxWaitSeconds"),
        integer("retry.defaultWaitSeconds"));
  }

  public ThinkTime think(String name) {
    return new ThinkTime(
        decimal("think." + name + "Min"),
        decimal("think." + name + "Max"));
  }
}
