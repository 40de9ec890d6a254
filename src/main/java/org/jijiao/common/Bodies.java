package org.jijiao.common;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Strict readers for request bodies and parameters. Every failure is a 400 with the
 * offending field, so handlers can read in one line and never see a half-valid input.
 */
public final class Bodies {

  /** Doubles hold every whole number up to 2^53 exactly; beyond, "whole" means nothing. */
  private static final double MAX_EXACT_DOUBLE = 9_007_199_254_740_992d;

  private Bodies() {
  }

  /** The JSON object body; a missing, empty or non-object body is refused. */
  public static JsonObject json(RoutingContext ctx) {
    io.vertx.core.buffer.Buffer small = ctx.get(org.jijiao.server.SmallJsonBody.CONTEXT_KEY);
    String raw = small != null ? small.toString()
        : ctx.body() == null ? null : ctx.body().asString();
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest("missing_body", "请求内容不能为空");
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw ApiException.badRequest("malformed_json", "请求内容不是有效的 JSON");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw ApiException.badRequest("malformed_json", "请求内容必须是 JSON 对象");
    }
    return object;
  }

  public static String requiredString(JsonObject body, String field, int maxCodePoints) {
    String value = optionalString(body, field, maxCodePoints);
    if (value == null || value.isBlank()) {
      throw missing(field);
    }
    return value;
  }

  public static String optionalString(JsonObject body, String field, int maxCodePoints) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw ApiException.invalidField(field, "wrong_type", FieldLabels.of(field) + "必须是文本");
    }
    if (text.indexOf('\u0000') >= 0 || !wellFormed(text)) {
      // PostgreSQL cannot store NUL in text; refuse it here as bad input, not a 500 later.
      // Bytes that were not UTF-8 arrive as U+FFFD and a lone surrogate would be stored as
      // "?": both would keep a mangled text, so they are refused instead.
      throw ApiException.invalidField(field, "invalid_text",
          FieldLabels.of(field) + "含有无法识别或不允许的字符");
    }
    if (Text.length(text) > maxCodePoints) {
      throw ApiException.invalidField(field, "too_long",
          FieldLabels.of(field) + "过长（最多 " + maxCodePoints + " 个字）");
    }
    return text;
  }

  public static long requiredLong(JsonObject body, String field) {
    Long value = optionalLong(body, field);
    if (value == null) {
      throw missing(field);
    }
    return value;
  }

  /**
   * An optional whole number. Numbers beyond the range of a long, or fractional ones, are
   * refused: narrowing them would silently turn 2^64 + 3 into 3, a valid id.
   */
  public static Long optionalLong(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof java.math.BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (value instanceof Number number && Math.abs(number.doubleValue()) <= MAX_EXACT_DOUBLE
        && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.longValue();
    }
    if (value instanceof String text && text.matches("-?\\d{1,18}")) {
      return Long.parseLong(text);
    }
    throw notWhole(field);
  }

  /** An optional whole number that must fit an int (ids of small tables, years). */
  public static Integer optionalInt(JsonObject body, String field) {
    return narrow(optionalLong(body, field), field);
  }

  /** An optional query parameter that must be a whole number fitting an int. */
  public static Integer queryInt(RoutingContext ctx, String name) {
    return narrow(queryLong(ctx, name), name);
  }

  private static Integer narrow(Long value, String field) {
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw ApiException.invalidField(field, "out_of_range", FieldLabels.of(field) + "超出范围");
    }
    return value.intValue();
  }

  private static ApiException notWhole(String field) {
    return ApiException.invalidField(field, "wrong_type", FieldLabels.of(field) + "必须是整数");
  }

  public static double requiredNumber(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return number.doubleValue();
    }
    if (value == null) {
      throw missing(field);
    }
    throw ApiException.invalidField(field, "wrong_type", FieldLabels.of(field) + "必须是数字");
  }

  public static boolean optionalBoolean(JsonObject body, String field, boolean fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    throw ApiException.invalidField(field, "wrong_type",
        FieldLabels.of(field) + "必须是 true 或 false");
  }

  /** No replacement character (undecodable input) and no unpaired UTF-16 surrogate. */
  private static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A path parameter that must be a positive id; anything else is a 404, not a 500. */
  public static long pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    if (raw == null || !raw.matches("\\d{1,18}")) {
      throw ApiException.notFound("请求的资源不存在");
    }
    return Long.parseLong(raw);
  }

  public static Long queryLong(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (!raw.matches("-?\\d{1,18}")) {
      throw ApiException.invalidField(name, "wrong_type", FieldLabels.of(name) + "必须是整数");
    }
    return Long.parseLong(raw);
  }

  private static ApiException missing(String field) {
    return ApiException.invalidField(field, "missing_field", "缺少必填项：" + FieldLabels.of(field));
  }
}
