package org.jijiao.loadtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A few blocking calls the tools around the simulation need (admin login, creating the
 * capped project, asking whether the flush is done, opening the ceiling phase's sessions).
 * Not used for load: Gatling and wrk do that.
 */
public final class JijiaoClient {

  /**
   * A status, a parsed body (an empty object when it was not JSON) and the Retry-After
   * header (null when absent), which a 503 must carry.
   */
  public record Answer(int status, JsonNode body, String retryAfter) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;

  public JijiaoClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The access token, or null when the pair is refused. */
  public String login(String idNumber, String password) throws IOException, InterruptedException {
    Answer answer = post("/api/auth/login", null, Map.of("idNumber", idNumber, "password", password));
    return answer.status() == 200 ? answer.body().path("accessToken").asText(null) : null;
  }

  public Answer post(String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return send(request.build());
  }

  public Answer get(String path, String token) throws IOException, InterruptedException {
    return send(request(path, token).GET().build());
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = null;
    }
    return new Answer(response.statusCode(), body == null ? JSON.createObjectNode() : body,
        response.headers().firstValue("Retry-After").orElse(null));
  }
}
