package org.jijiao.loadtest.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.List;
import org.jijiao.loadtest.trace.TraceEvent;

/**
 * The chains behind each trace action, written as a teacher's or an admin's visit through
 * the pages of the portal. Each step that later steps depend on ends the visit when it
 * was refused, after its answer has been counted.
 */
final class Flows {

  static final String EVENT = "event";
  private static final List<Integer> OK = List.of(200);
  private static final List<Integer> CREATED = List.of(200, 201);
  // 409 is a correct answer to an enrollment: capacity_full or enrollment_closed.
  private static final List<Integer> ENROLL_ANSWERS = List.of(200, 201, 409);
  /** The access token's life when the login answer does not say (docs/identity.md). */
  private static final int DEFAULT_TOKEN_SECONDS = 900;
  private static final long REFRESH_AHEAD_MS = 60_000;

  private final RunContext run;
  private final Calls calls;
  private final Heartbeats heartbeats;

  Flows(RunContext run) {
    this.run = run;
    this.calls = new Calls(run);
    this.heartbeats = new Heartbeats(run, calls, this);
  }

  ChainBuilder login() {
    return exec(this::unpack)
        .exec(calls.withRetry("Login", http("Login")
            .post("/api/auth/login")
            .body(StringBody(session -> Json.of(
                "idNumber", session.getString("idNumber"),
                "password", session.getString("password")))), OK,
            jsonPath("$.accessToken").optional().saveAs("token"),
            jsonPath("$.refreshToken").optional().saveAs("refreshToken"),
            jsonPath("$.expiresIn").ofInt().optional().saveAs("expiresIn")))
        .exitHereIf(session -> ended(session,
            !Calls.answered(session, OK) || !session.contains("token"), "login refused"))
        .exec(session -> session.set("tokenAt", System.currentTimeMillis()));
  }

  /**
   * The access token lives 15 minutes (the answer's expiresIn); a watcher or a step run
   * lasts longer. Like the portal, a visit trades its refresh token for a new pair a little
   * before the access token expires: a quarter of its life or a minute, whichever is less.
   * A refused refresh marks the session "tokenLost"; the caller ends the visit.
   */
  ChainBuilder refreshIfDue() {
    return doIf(Flows::tokenDue).then(
        exec(calls.withRetry("Refresh", http("Refresh")
                .post("/api/auth/refresh")
                .body(StringBody(session -> Json.of(
                    "refreshToken", session.getString("refreshToken")))), OK,
                jsonPath("$.accessToken").optional().saveAs("newToken"),
                jsonPath("$.refreshToken").optional().saveAs("newRefreshToken"),
                jsonPath("$.expiresIn").ofInt().optional().saveAs("expiresIn")))
            .exec(session -> Calls.answered(session, OK) && session.contains("newToken")
                ? session.set("token", session.getString("newToken"))
                    .set("refreshToken", session.getString("newRefreshToken"))
                    .set("tokenAt", System.currentTimeMillis())
                    .removeAll("newToken", "newRefreshToken")
                : session.set("tokenLost", true)));
  }

  private static boolean tokenDue(Session session) {
    if (!session.contains("refreshToken") || !session.contains("tokenAt")) {
      return false;
    }
    Integer expiresIn = session.getIntegerWrapper("expiresIn");
    long lifeMs = (expiresIn == null ? DEFAULT_TOKEN_SECONDS : expiresIn) * 1000L;
    long aheadMs = Math.min(REFRESH_AHEAD_MS, lifeMs / 4);
    return System.currentTimeMillis() >= session.getLong("tokenAt") + lifeMs - aheadMs;
  }

  /** The LOGIN action: the visit is the login. */
  ChainBuilder loginOnly() {
    return login().exec(session -> ended(session, "logged in"));
  }

  ChainBuilder enroll() {
    return login()
        .exec(think("thinkMs"))
        .exec(listTrainings())
        .exec(enrollOnce())
        .doIf(session -> event(session).longParam("repeat", 1) > 1)
        .then(enrollOnce())
        .exec(session -> ended(session, "enrolled or refused"));
  }

  ChainBuilder watch() {
    return login()
        .exec(think("thinkMs"))
        .exec(listTrainings())
        .exec(enrollOnce())
        .exitHereIf(session -> ended(session, !Calls.answered(session, CREATED),
            "enrollment refused"))
        .exec(think("selectThinkMs"))
        .exec(selectCourse())
        .exec(think("playThinkMs"))
        .exec(heartbeats.openAndBeat());
  }

  ChainBuilder dashboard() {
    return login()
        .exec(sse("Dashboard").sseName("live")
            .get("/api/admin/live/enrollments")
            .header("Authorization", "Bearer #{token}")
            .await(Duration.ofSeconds(10))
            .on(sse.checkMessage("first snapshot").check(regex("(?s).+"))))
        .pause(session -> Duration.ofMillis(run.scaled(
            event(session).longParam("holdSeconds", 60) * 1000)))
        .exec(sse("Dashboard close").sseName("live").close())
        .exec(session -> ended(session, "dashboard held"));
  }

  /**
   * The portal lists the year's projects before anything else. "open" is the project a
   * teacher of the all-staff rush signs up for: the first one listed whose enrollment is
   * open, without a seat limit and without approval. The list is newest first, so taking
   * items[0] picked the capacity-limited project the trace generator had just created for
   * the capped rush; it has no courses, so every WATCH visit ended at an empty
   * recommendation list and the opening rush raced for its 500 seats. Only when no such
   * project is listed does "open" fall back to the first project open for enrollment.
   */
  private ChainBuilder listTrainings() {
    return exec(calls.withRetry("Trainings", http("Trainings")
            .get(session -> "/api/trainings?year=" + run.year)
            .header("Authorization", "Bearer #{token}"), OK,
            jmesPath("items[?enrollmentOpen && capacity == `null` && !needsApproval].id | [0]")
                .ofObject().optional().saveAs("firstOpen"),
            jmesPath("items[?enrollmentOpen].id | [0]")
                .ofObject().optional().saveAs("anyOpen")))
        .exec(session -> {
          String wanted = event(session).param("training", "open");
          Object id = "open".equals(wanted)
              ? (session.contains("firstOpen") ? session.get("firstOpen") : session.get("anyOpen"))
              : wanted;
          return id == null ? session : session.set("trainingId", id.toString());
        })
        .exitHereIf(session -> ended(session, !session.contains("trainingId"),
            "no project open for enrollment listed"));
  }

  private ChainBuilder enrollOnce() {
    ChainBuilder open = calls.withRetry("Enroll", enrollRequest("Enroll"), ENROLL_ANSWERS);
    ChainBuilder capped = calls.withRetry("Enroll capped", enrollRequest("Enroll capped"),
        ENROLL_ANSWERS);
    return doIf(session -> "open".equals(event(session).param("training", "open")))
        .then(open)
        .doIf(session -> !"open".equals(event(session).param("training", "open")))
        .then(capped);
  }

  private io.gatling.javaapi.http.HttpRequestActionBuilder enrollRequest(String name) {
    return http(name)
        .post("/api/trainings/#{trainingId}/enrollments")
        .header("Authorization", "Bearer #{token}")
        .body(StringBody("{}"));
  }

  /** Recommendations, then the picked course is selected and its videos looked up. */
  private ChainBuilder selectCourse() {
    return exec(calls.withRetry("Recommendations", http("Recommendations")
            .get("/api/trainings/#{trainingId}/recommendations")
            .header("Authorization", "Bearer #{token}"), OK,
            jsonPath("$.items[*].courseId").ofObject().findAll().optional().saveAs("courseIds")))
        .exitHereIf(session -> ended(session, !session.contains("courseIds"),
            "no course recommended"))
        .exec(session -> session.set("courseId", picked(session, "courseIds")))
        .exec(calls.withRetry("Select", http("Select")
            .post("/api/trainings/#{trainingId}/selections")
            .header("Authorization", "Bearer #{token}")
            .body(StringBody(session -> Json.of("courseId", session.get("courseId")))), CREATED,
            jsonPath("$.id").ofObject().optional().saveAs("selectionId")))
        .exitHereIf(session -> ended(session, !session.contains("selectionId"),
            "selection refused"))
        .exec(calls.withRetry("Course", http("Course")
            .get("/api/courses/#{courseId}")
            .header("Authorization", "Bearer #{token}"), OK,
            jsonPath("$.videos[*].id").ofObject().findAll().optional().saveAs("videoIds")))
        .exitHereIf(session -> ended(session, !session.contains("videoIds"),
            "course has no video"))
        .exec(session -> session.set("videoId", picked(session, "videoIds")));
  }

  /** Counts the visit's ending when it ends here; for exitHereIf. */
  boolean ended(Session session, boolean endsHere, String how) {
    if (endsHere) {
      run.visitEnded(event(session).action().name(), how);
    }
    return endsHere;
  }

  private Session ended(Session session, String how) {
    run.visitEnded(event(session).action().name(), how);
    return session;
  }

  private ChainBuilder think(String param) {
    return pause(session -> Duration.ofMillis(run.scaled(event(session).longParam(param, 0))));
  }

  private Session unpack(Session session) {
    TraceEvent event = event(session);
    return session
        .set("idNumber", event.idNumber())
        .set("password", event.action().name().equals("DASHBOARD")
            ? run.adminPassword : run.teacherPassword)
        .set("userAgent", run.model.text("WECHAT".equals(event.param("client", "PC"))
            ? "client.wechatUserAgent" : "client.pcUserAgent"));
  }

  private static Object picked(Session session, String listKey) {
    List<Object> items = session.getList(listKey);
    long pick = event(session).longParam("pick", 0);
    return items.get((int) (pick % items.size()));
  }

  static TraceEvent event(Session session) {
    return session.get(EVENT);
  }
}
