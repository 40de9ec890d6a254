package org.jijiao.loadtest.ceiling;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.jijiao.loadtest.model.RetryPolicy;
import org.jijiao.loadtest.server.JijiaoClient;
import org.jijiao.loadtest.server.JijiaoClient.Answer;

/**
 * Takes teachers the way a watcher of the replay goes (log in, list the year's projects,
 * enroll in the open one, select a recommended course, open a play session on one of its
 * videos) and keeps the session. Logins start at a fixed rate below the machine's Argon2id
 * rate, so the phase does not queue on the hashing pool; the other calls are cheap.
 */
final class SessionOpener {

  /**
   * Concurrent set-ups: the login rate times a set-up's time under load (a login near the
   * hash rate waits ~0.5-1 s in the queue, then six cheap calls), with room to spare; the
   * schedule, not the pool, must set the login rate.
   */
  private static final int WORKERS = 96;
  /** The access token's life when the login answer does not say (docs/identity.md). */
  private static final int DEFAULT_TOKEN_SECONDS = 900;
  /** Seconds kept free before a video's end whatever the rate. */
  private static final double SAFETY_SECONDS = 5;

  private final JijiaoClient client;
  private final String password;
  private final String year;
  private final double loginsPerSecond;
  private final RetryPolicy retry;
  private final double minRemainingSeconds;
  private final double positionRate;
  private final double budgetSeconds;
  private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();

  /**
   * budgetSeconds: how long the phase's beats may go on; a session's position must not reach
   * its video's end before that, so its rate is lowered or another video is opened.
   */
  SessionOpener(JijiaoClient client, String password, String year, double loginsPerSecond,
      RetryPolicy retry, double positionRate, double budgetSeconds) {
    this.client = client;
    this.password = password;
    this.year = year;
    this.loginsPerSecond = loginsPerSecond;
    this.retry = retry;
    this.positionRate = positionRate;
    this.budgetSeconds = budgetSeconds;
    // At a quarter of the usual rate a position still moves: below it, pick another video.
    this.minRemainingSeconds = positionRate / 4 * budgetSeconds;
  }

  /** Opens a session for each teacher it can; how the others ended is in endings(). */
  List<PlaySession> open(List<String> teachers) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    long start = System.currentTimeMillis();
    List<Future<Optional<PlaySession>>> pending = new ArrayList<>();
    for (int i = 0; i < teachers.size(); i++) {
      String teacher = teachers.get(i);
      long loginAt = start + Math.round(i * 1000 / loginsPerSecond);
      pending.add(pool.submit(() -> openOne(teacher, loginAt)));
    }
    List<PlaySession> sessions = new ArrayList<>();
    try {
      for (Future<Optional<PlaySession>> future : pending) {
        try {
          future.get().ifPresent(sessions::add);
        } catch (java.util.concurrent.ExecutionException e) {
          ended("failed: " + e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return sessions;
  }

  /** ending -> teachers, sorted; "session open" for those who got one. */
  Map<String, Long> endings() {
    Map<String, Long> counts = new TreeMap<>();
    endings.forEach((how, count) -> counts.put(how, count.sum()));
    return counts;
  }

  private Optional<PlaySession> openOne(String teacher, long loginAt)
      throws IOException, InterruptedException {
    Thread.sleep(Math.max(0, loginAt - System.currentTimeMillis()));
    Answer login = withRetry(() -> client.post("/api/auth/login", null,
        Map.of("idNumber", teacher, "password", password)));
    if (login.status() != 200 || !login.body().hasNonNull("accessToken")) {
      return ended("login refused (" + login.status() + ")");
    }
    PlaySession.Tokens tokens = tokens(login.body());
    String token = tokens.access();

    Answer trainings = withRetry(() -> client.get("/api/trainings?year=" + year, token));
    String project = openProject(trainings.body());
    if (project == null) {
      return ended("no project open for enrollment listed (" + trainings.status() + ")");
    }
    Answer enrolled = withRetry(() -> client.post("/api/trainings/" + project + "/enrollments",
        token, Map.of()));
    if (enrolled.status() != 200 && enrolled.status() != 201) {
      return ended("enrollment refused (" + enrolled.status() + ")");
    }
    Answer recommended = withRetry(() ->
        client.get("/api/trainings/" + project + "/recommendations", token));
    JsonNode course = recommended.body().path("items").path(0);
    if (!course.has("courseId")) {
      return ended("no course recommended (" + recommended.status() + ")");
    }
    Answer selected = withRetry(() -> client.post("/api/trainings/" + project + "/selections",
        token, Map.of("courseId", course.get("courseId"))));
    if ((selected.status() != 200 && selected.status() != 201) || !selected.body().has("id")) {
      return ended("selection refused (" + selected.status() + ")");
    }
    String selection = selected.body().get("id").asText();
    Answer detail = withRetry(() -> client.get("/api/courses/" + course.get("courseId").asText(),
        token));
    // A teacher chosen again by a later run on the same database resumes where the last run
    // left: take the first video with room left for the phase's beats.
    for (JsonNode video : detail.body().path("videos")) {
      String videoId = video.path("id").asText();
      Answer opened = withRetry(() -> client.post("/api/learn/sessions", token,
          Map.of("selectionId", Long.parseLong(selection), "videoId", Long.parseLong(videoId))));
      if (opened.status() != 200 && opened.status() != 201) {
        return ended("play session refused (" + opened.status() + ")");
      }
      double resumeAt = opened.body().path("resumeAt").asDouble(0);
      int duration = opened.body().path("durationSeconds").asInt(0);
      double room = duration - resumeAt - SAFETY_SECONDS;
      if (room >= minRemainingSeconds) {
        ended("session open");
        double rate = Math.min(positionRate, room / budgetSeconds);
        return Optional.of(new PlaySession(teacher, videoId,
            opened.body().path("sessionId").asText(), resumeAt, duration, rate, tokens));
      }
    }
    return ended("every video of the course watched too far for the phase");
  }

  /** A new pair for a session's teacher; the old refresh token is spent by this. */
  Optional<PlaySession.Tokens> refresh(PlaySession.Tokens tokens)
      throws IOException, InterruptedException {
    Answer answer = withRetry(() -> client.post("/api/auth/refresh", null,
        Map.of("refreshToken", tokens.refresh())));
    return answer.status() == 200 && answer.body().hasNonNull("accessToken")
        ? Optional.of(tokens(answer.body()))
        : Optional.empty();
  }

  private static PlaySession.Tokens tokens(JsonNode body) {
    int seconds = body.path("expiresIn").asInt(DEFAULT_TOKEN_SECONDS);
    return new PlaySession.Tokens(body.get("accessToken").asText(),
        body.path("refreshToken").asText(null), System.currentTimeMillis() + seconds * 1000L);
  }

  /** As the replay's watchers choose: open, no seat limit, no approval; else any open one. */
  private static String openProject(JsonNode list) {
    String fallback = null;
    for (JsonNode item : list.path("items")) {
      if (!item.path("enrollmentOpen").asBoolean(false)) {
        continue;
      }
      if (item.path("capacity").isNull() && !item.path("needsApproval").asBoolean(false)) {
        return item.path("id").asText();
      }
      if (fallback == null) {
        fallback = item.path("id").asText();
      }
    }
    return fallback;
  }

  private interface Call {
    Answer send() throws IOException, InterruptedException;
  }

  /** 503 + Retry-After is obeyed within the model's retry policy, as the replay does. */
  private Answer withRetry(Call call) throws IOException, InterruptedException {
    Answer answer = call.send();
    for (int attempt = 1; answer.status() == 503 && attempt < retry.maxAttempts(); attempt++) {
      Thread.sleep(retry.waitSeconds(answer.retryAfter()) * 1000L);
      answer = call.send();
    }
    return answer;
  }

  private Optional<PlaySession> ended(String how) {
    endings.computeIfAbsent(how, key -> new LongAdder()).increment();
    return Optional.empty();
  }
}
