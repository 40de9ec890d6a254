package org.jijiao.common;

/**
 * A failure the API answers with a specific status, a stable machine code and a zh-CN
 * sentence for people. Thrown or failed anywhere; one router-wide handler turns it into
 * the JSON error shape of API.md.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;
  private final Integer retryAfterSeconds;

  private ApiException(int status, String code, String message, String field,
      Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException of(int status, String code, String message) {
    return new ApiException(status, code, message, null, null);
  }

  public static ApiException badRequest(String code, String message) {
    return of(400, code, message);
  }

  public static ApiException invalidField(String field, String message) {
    return new ApiException(400, "invalid_field", message, field, null);
  }

  public static ApiException invalidField(String field, String code, String message) {
    return new ApiException(400, code, message, field, null);
  }

  public static ApiException unauthorized(String code, String message) {
    return of(401, code, message);
  }

  public static ApiException forbidden(String message) {
    return of(403, "forbidden", message);
  }

  public static ApiException outOfScope() {
    return of(403, "out_of_scope", "该数据不在您的管理范围内");
  }

  public static ApiException notFound(String message) {
    return of(404, "not_found", message);
  }

  public static ApiException conflict(String code, String message) {
    return of(409, code, message);
  }

  public static ApiException overloaded(String message, int retryAfterSeconds) {
    return new ApiException(503, "overloaded", message, null, retryAfterSeconds);
  }

  /** 423: login locked after repeated failures, for {@code retryAfterSeconds} at most. */
  public static ApiException locked(String message, int retryAfterSeconds) {
    return new ApiException(423, "account_locked", message, null, retryAfterSeconds);
  }

  public static ApiException slowDown(String message, int retryAfterSeconds) {
    return new ApiException(429, "too_many_requests", message, null, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
