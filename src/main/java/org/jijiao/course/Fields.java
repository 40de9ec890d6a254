package org.jijiao.course;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;

/**
 * Strict readers for the admin forms of the course library and the training projects, on top
 * of {@link Bodies}: bounded decimals with a fixed scale, ISO-8601 instants, enumerations.
 * Every failure is a 400 naming the field.
 */
public final class Fields {

  private Fields() {
  }

  /** A number within [min, max] with at most {@code scale} decimals. */
  public static BigDecimal decimal(JsonObject body, String field, double min, double max,
      int scale) {
    double value = Bodies.requiredNumber(body, field);
    return bounded(field, value, min, max, scale);
  }

  public static BigDecimal decimal(JsonObject body, String field, double min, double max,
      int scale, double fallback) {
    return body.getValue(field) == null ? bounded(field, fallback, min, max, scale)
        : decimal(body, field, min, max, scale);
  }

  private static BigDecimal bounded(String field, double value, double min, double max,
      int scale) {
    if (value < min || value > max) {
      throw ApiException.invalidField(field, "out_of_range",
          field + " 必须在 " + plain(min) + " 到 " + plain(max) + " 之间");
    }
    BigDecimal exact = BigDecimal.valueOf(value);
    if (exact.stripTrailingZeros().scale() > scale) {
      throw ApiException.invalidField(field, "too_precise",
          field + " 最多保留 " + scale + " 位小数");
    }
    return exact.setScale(scale, RoundingMode.UNNECESSARY);
  }

  public static int integer(JsonObject body, String field, int min, int max) {
    long value = Bodies.requiredLong(body, field);
    return range(field, value, min, max);
  }

  public static Integer optionalInteger(JsonObject body, String field, int min, int max) {
    Long value = Bodies.optionalLong(body, field);
    return value == null ? null : range(field, value, min, max);
  }

  private static int range(String field, long value, int min, int max) {
    if (value < min || value > max) {
      throw ApiException.invalidField(field, "out_of_range",
          field + " 必须在 " + min + " 到 " + max + " 之间");
    }
    return (int) value;
  }

  /** An ISO-8601 instant with an offset, e.g. {@code 2026-03-01T00:00:00+08:00}. */
  public static OffsetDateTime instant(JsonObject body, String field) {
    String raw = Bodies.requiredString(body, field, 40);
    try {
      return OffsetDateTime.parse(raw).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(raw).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw ApiException.invalidField(field, "invalid_time",
            field + " 必须是带时区的 ISO-8601 时间，例如 2026-03-01T00:00:00+08:00");
      }
    }
  }

  public static String oneOf(JsonObject body, String field, Set<String> allowed) {
    String value = Bodies.requiredString(body, field, 40);
    if (!allowed.contains(value)) {
      throw ApiException.invalidField(field, "invalid_value",
          field + " 必须是以下之一：" + String.join("、", allowed.stream().sorted().toList()));
    }
    return value;
  }

  public static JsonArray optionalArray(JsonObject body, String field, int maxSize) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw ApiException.invalidField(field, "wrong_type", field + " 必须是数组");
    }
    if (array.size() > maxSize) {
      throw ApiException.invalidField(field, "too_many", field + " 最多 " + maxSize + " 项");
    }
    return array;
  }

  public static JsonObject objectAt(JsonArray array, String field, int index) {
    Object value = array.getValue(index);
    if (!(value instanceof JsonObject object)) {
      throw ApiException.invalidField(field + "[" + index + "]", "wrong_type",
          field + " 的每一项必须是对象");
    }
    return object;
  }

  public static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  public static Double number(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
