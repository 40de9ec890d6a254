package org.jijiao.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;

/**
 * A blocking HTTP client for tests (the test thread is not an event loop, so waiting is
 * fine): one line per request keeps tests readable as sequences of user actions.
 */
public final class TestClient {

  private final WebClient web;

  TestClient(Vertx vertx, int port) {
    this.web = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost")
        .setDefaultPort(port)
);
  }

  /** An answer: status, headers and body. */
  public record Reply(int status, Map<String, String> headers, Buffer raw) {
    public JsonObject json() {
      return raw == null || raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
    }

    public String error() {
      return json().getString("error");
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  public Reply get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  public Reply post(String path, String token, Object body) {
    return send(HttpMethod.POST, path, token, body);
  }

  public Reply put(String path, String token, Object body) {
    return send(HttpMethod.PUT, path, token, body);
  }

  public Reply delete(String path, String token) {
    return send(HttpMethod.DELETE, path, token, null);
  }

  /** Sends a raw body with a content type, for malformed-input tests. */
  public Reply raw(HttpMethod method, String path, String token, String contentType, Buffer body) {
    HttpRequest<Buffer> request = web.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    request.putHeader("Content-Type", contentType);
    return reply(request.sendBuffer(body));
  }

  public Reply send(HttpMethod method, String path, String token, Object body) {
    HttpRequest<Buffer> request = web.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (body == null) {
      return reply(request.send());
    }
    String encoded = body instanceof JsonObject json ? json.encode()
        : io.vertx.core.json.Json.encode(body);
    request.putHeader("Content-Type", "application/json");
    return reply(request.sendBuffer(Buffer.buffer(encoded)));
  }

  public WebClient web() {
    return web;
  }

  /** Logs in and answers the access token; fails the test if login fails. */
  public String login(String idNumber, String password) {
    Reply reply = post("/api/auth/login", null,
        new JsonObject().put("idNumber", idNumber).put("password", password));
    if (reply.status() != 200) {
      throw new AssertionError("login failed for " + idNumber + ": " + reply.status() + " "
          + reply.raw());
    }
    return reply.json().getString("accessToken");
  }

  public static Reply reply(io.vertx.core.Future<HttpResponse<Buffer>> future) {
    HttpResponse<Buffer> response = TestNode.await(future);
    Map<String, String> headers = new java.util.HashMap<>();
    response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
    return new Reply(response.statusCode(), headers, response.body());
  }
}
