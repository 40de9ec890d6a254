package org.jijiao.common;

import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Headers for files the server hands out. Chinese file names survive every browser through
 * RFC 6266 / 5987 {@code filename*=UTF-8''...}; the plain {@code filename} is an ASCII
 * fallback for the few clients that ignore it. Downloads are never sniffed into HTML.
 */
public final class Downloads {

  private static final String ATTR_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~";

  private Downloads() {
  }

  public static HttpServerResponse attachment(HttpServerResponse response, String contentType,
      String fileName, String asciiFallback) {
    return response
        .putHeader("Content-Type", contentType)
        .putHeader("Content-Disposition", contentDisposition(fileName, asciiFallback))
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-store");
  }

  public static String contentDisposition(String fileName, String asciiFallback) {
    String fallback = asciiFallback.replaceAll("[^A-Za-z0-9._-]", "_");
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encode(fileName);
  }

  /** RFC 5987 percent-encoding of the UTF-8 bytes of a value. */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 128 && ATTR_CHARS.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }
}
